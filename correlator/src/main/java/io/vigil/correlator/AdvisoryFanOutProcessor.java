package io.vigil.correlator;

import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.AffectedPackage;
import io.vigil.events.v1.Feed;
import io.vigil.events.v1.SourceRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * First step of an advisory (records keyed by advisory id): remembers which packages and CVEs it
 * linked last time ({@code advisory-packages-store}) and fans out
 *
 * <ul>
 *   <li>to every shard of every package it lists <em>or listed before</em>, an {@link Advisory}
 *       trimmed to that package's entries (no entries: the package is no longer affected — the
 *       retraction that reaches partitions the new version does not name); a withdrawal or a
 *       tombstone goes to every package listed before;
 *   <li>to every CVE it aliases or aliased before, a {@link CveLink} with its packages (empty: no
 *       longer), so enrichment of that CVE reaches those packages.
 * </ul>
 *
 * An identical re-publication (same content hash) fans out nothing. Per-package records carry only
 * that package's entries and no {@code details}, so a record stays far below the broker limit
 * however many packages an advisory lists: a large advisory is split by package.
 */
final class AdvisoryFanOutProcessor implements Processor<String, Advisory, String, Object> {
  private final int shards;
  private ProcessorContext<String, Object> context;
  private KeyValueStore<String, AdvisoryLinks> links;

  AdvisoryFanOutProcessor(int shards) {
    this.shards = shards;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.links = context.getStateStore(CorrelatorTopology.ADVISORY_LINKS_STORE);
  }

  @Override
  public void process(Record<String, Advisory> record) {
    String id = record.key();
    if (id == null) {
      return;
    }
    Advisory advisory = record.value() != null ? record.value() : tombstone(id, record.timestamp());
    AdvisoryLinks before = links.get(id);
    if (before == null) {
      before = AdvisoryLinks.NONE;
    }
    boolean withdrawn = advisory.getWithdrawn() != null;
    TreeSet<String> packages = new TreeSet<>();
    if (!withdrawn) {
      for (AffectedPackage p : advisory.getAffected()) {
        String key = PackageKeys.ofAffected(p);
        if (key != null) {
          packages.add(key);
        }
      }
    }
    List<String> cves = withdrawn ? List.of() : AdvisoryGroups.cvesOf(advisory);
    String hash =
        Exposures.sha256(
            Advisory.newBuilder(advisory).setIngestedAt(Instant.EPOCH).build().toString());
    AdvisoryLinks after = new AdvisoryLinks(List.copyOf(packages), cves, hash);
    if (hash.equals(before.contentHash())) {
      return;
    }
    // everything is decided before anything is written: a failure leaves the links as they were,
    // so the same advisory sent again is fanned out again
    TreeSet<String> targets = new TreeSet<>(packages);
    targets.addAll(before.packageKeys());
    List<Record<String, Object>> out = new ArrayList<>(targets.size() * shards);
    for (String packageKey : targets) {
      Advisory trimmed = trim(advisory, packageKey);
      for (int s = 0; s < shards; s++) {
        out.add(new Record<>(StoreKeys.shardKey(packageKey, s), trimmed, record.timestamp()));
      }
    }
    TreeSet<String> cveTargets = new TreeSet<>(cves);
    cveTargets.addAll(before.cves());
    for (String cve : cveTargets) {
      CveLink link = new CveLink(id, cves.contains(cve) ? after.packageKeys() : List.of());
      if (before.cves().contains(cve) && link.packageKeys().equals(before.packageKeys())) {
        continue; // that CVE already knows these packages
      }
      out.add(new Record<>(cve, link, record.timestamp()));
    }
    if (packages.isEmpty() && cves.isEmpty()) {
      links.delete(id);
    } else {
      links.put(id, after);
    }
    out.forEach(context::forward);
  }

  /** The advisory as one package's partitions need it: its entries only, no long text. */
  static Advisory trim(Advisory a, String packageKey) {
    List<AffectedPackage> entries = new ArrayList<>(1);
    if (a.getWithdrawn() == null) {
      for (AffectedPackage p : a.getAffected()) {
        if (packageKey.equals(PackageKeys.ofAffected(p))) {
          entries.add(p);
        }
      }
    }
    return Advisory.newBuilder(a).setAffected(entries).setDetails(null).build();
  }

  /** A deleted (tombstoned) advisory: retracted like a withdrawn one. */
  private static Advisory tombstone(String id, long timestamp) {
    Instant t = Instant.ofEpochMilli(timestamp);
    return Advisory.newBuilder()
        .setId(id)
        .setModified(t)
        .setWithdrawn(t)
        .setSource(new SourceRef(Feed.OTHER, "tombstone", null))
        .setIngestedAt(t)
        .build();
  }
}
