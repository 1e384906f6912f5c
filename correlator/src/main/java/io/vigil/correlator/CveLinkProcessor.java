package io.vigil.correlator;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * An advisory started or stopped aliasing a CVE, or changed packages (records keyed by CVE): keeps
 * {@code cve-advisories-store} (CVE → advisory → packages) and keeps the package shards' copies of
 * the CVE's enrichment exact: a package that an advisory newly links to the CVE receives the CVE's
 * current enrichment, and a package that no advisory links to the CVE any longer receives its
 * removal (an empty {@link CveEnrichment}), so no shard keeps enrichment that nothing uses (a later
 * advisory linking the CVE again would otherwise open exposures with a KEV status the catalog no
 * longer has).
 */
final class CveLinkProcessor implements Processor<String, CveLink, String, CveEnrichment> {
  private static final StringSerializer KEYS = new StringSerializer();
  private final int shards;
  private ProcessorContext<String, CveEnrichment> context;
  private KeyValueStore<String, CveLink> links;
  private KeyValueStore<String, CveEnrichment> enrichment;

  CveLinkProcessor(int shards) {
    this.shards = shards;
  }

  @Override
  public void init(ProcessorContext<String, CveEnrichment> context) {
    this.context = context;
    this.links = context.getStateStore(CorrelatorTopology.CVE_ADVISORIES_STORE);
    this.enrichment = context.getStateStore(CorrelatorTopology.CVE_ENRICHMENT_STORE);
  }

  @Override
  public void process(Record<String, CveLink> record) {
    String cve = record.key();
    CveLink link = record.value();
    String key = StoreKeys.cveAdvisory(cve, link.advisoryId());
    // the packages linked to the CVE by all its advisories, before and after this change
    TreeSet<String> linkedBefore = new TreeSet<>();
    TreeSet<String> linkedAfter = new TreeSet<>(link.packageKeys());
    try (KeyValueIterator<String, CveLink> it = links.prefixScan(StoreKeys.prefix(cve), KEYS)) {
      while (it.hasNext()) {
        KeyValue<String, CveLink> kv = it.next();
        linkedBefore.addAll(kv.value.packageKeys());
        if (!kv.key.equals(key)) {
          linkedAfter.addAll(kv.value.packageKeys());
        }
      }
    }
    CveEnrichment known = enrichment.get(cve);
    List<Record<String, CveEnrichment>> out = new ArrayList<>();
    if (known != null) {
      for (String packageKey : linkedAfter) {
        if (!linkedBefore.contains(packageKey)) {
          toEveryShard(packageKey, known, record.timestamp(), out);
        }
      }
    }
    for (String packageKey : linkedBefore) {
      if (!linkedAfter.contains(packageKey)) {
        toEveryShard(packageKey, CveEnrichment.empty(cve), record.timestamp(), out);
      }
    }
    if (link.packageKeys().isEmpty()) {
      links.delete(key);
    } else {
      links.put(key, link);
    }
    out.forEach(context::forward);
  }

  private void toEveryShard(
      String packageKey,
      CveEnrichment value,
      long timestamp,
      List<Record<String, CveEnrichment>> out) {
    for (int s = 0; s < shards; s++) {
      out.add(new Record<>(StoreKeys.shardKey(packageKey, s), value, timestamp));
    }
  }
}
