package io.vigil.correlator;

import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * An advisory started or stopped aliasing a CVE, or changed packages (records keyed by CVE): keeps
 * {@code cve-advisories-store} (CVE → advisory → packages) and sends the CVE's current enrichment
 * to the shards of packages that did not have it yet.
 */
final class CveLinkProcessor implements Processor<String, CveLink, String, CveEnrichment> {
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
    CveLink before = links.get(key);
    List<String> had = before == null ? List.of() : before.packageKeys();
    if (link.packageKeys().isEmpty()) {
      links.delete(key);
      return;
    }
    links.put(key, link);
    CveEnrichment known = enrichment.get(cve);
    if (known == null) {
      return;
    }
    TreeSet<String> fresh = new TreeSet<>(link.packageKeys());
    fresh.removeAll(had);
    for (String packageKey : fresh) {
      for (int s = 0; s < shards; s++) {
        context.forward(new Record<>(StoreKeys.shardKey(packageKey, s), known, record.timestamp()));
      }
    }
  }
}
