package io.vigil.correlator;

import java.util.TreeSet;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * KEV, EPSS or NVD news about a CVE (records keyed by CVE): merges it into {@code
 * enrichment-by-cve-store} and, when the CVE's enrichment changed, sends it to every shard of every
 * package of every advisory that aliases the CVE.
 */
final class CveEnrichmentProcessor
    implements Processor<String, CveEnrichment.Input, String, CveEnrichment> {
  private static final StringSerializer KEYS = new StringSerializer();
  private final int shards;
  private ProcessorContext<String, CveEnrichment> context;
  private KeyValueStore<String, CveLink> links;
  private KeyValueStore<String, CveEnrichment> enrichment;

  CveEnrichmentProcessor(int shards) {
    this.shards = shards;
  }

  @Override
  public void init(ProcessorContext<String, CveEnrichment> context) {
    this.context = context;
    this.links = context.getStateStore(CorrelatorTopology.CVE_ADVISORIES_STORE);
    this.enrichment = context.getStateStore(CorrelatorTopology.CVE_ENRICHMENT_STORE);
  }

  @Override
  public void process(Record<String, CveEnrichment.Input> record) {
    String cve = record.key();
    CveEnrichment before = enrichment.get(cve);
    CveEnrichment after =
        (before == null ? CveEnrichment.empty(cve) : before).apply(record.value());
    if (after.equals(before) || (before == null && after.isEmpty())) {
      return;
    }
    TreeSet<String> packages = new TreeSet<>();
    try (KeyValueIterator<String, CveLink> it = links.prefixScan(StoreKeys.prefix(cve), KEYS)) {
      it.forEachRemaining(kv -> packages.addAll(kv.value.packageKeys()));
    }
    if (after.isEmpty()) {
      enrichment.delete(cve);
    } else {
      enrichment.put(cve, after);
    }
    for (String packageKey : packages) {
      for (int s = 0; s < shards; s++) {
        context.forward(new Record<>(StoreKeys.shardKey(packageKey, s), after, record.timestamp()));
      }
    }
  }
}
