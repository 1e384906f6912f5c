package io.vigil.correlator;

import io.vigil.core.project.Criticality;
import io.vigil.core.risk.PackageReach;
import io.vigil.core.risk.PackageUse;
import io.vigil.core.risk.SystemicRisk;
import io.vigil.correlator.SystemicRecords.PackageCounts;
import io.vigil.correlator.SystemicRecords.PackageUseChange;
import io.vigil.correlator.SystemicRecords.PackageUseRow;
import io.vigil.correlator.SystemicRecords.PortfolioTotals;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The by-package stage's uses ({@code package-uses-store}) and, kept with them on every use change,
 * each package's reach counts ({@code package-reach-store}): what {@code GET /api/v1/risk/top} and
 * the SYSTEMIC judgement read instead of every use. A change costs a scan of the one project's uses
 * of the one package (usually one row): the project's reach before and after (core's {@link
 * SystemicRisk#measure} over those rows, the one rule) is taken from and added to the package's
 * counts. State written before the index existed is indexed once, at the task's first record (a
 * marker in {@code systemic-portfolio-store}).
 */
final class PackageReachIndex {
  static final String BUILT_KEY = "package-reach-index";
  private static final char SEP = SystemicPortfolio.SEP;

  private final KeyValueStore<String, PackageUseRow> uses;
  private final KeyValueStore<String, PackageCounts> reach;
  private final KeyValueStore<String, PortfolioTotals> portfolio;
  private boolean built;

  PackageReachIndex(ProcessorContext<?, ?> context) {
    this.uses = context.getStateStore(CorrelatorTopology.PACKAGE_USES_STORE);
    this.reach = context.getStateStore(CorrelatorTopology.PACKAGE_REACH_STORE);
    this.portfolio = context.getStateStore(CorrelatorTopology.SYSTEMIC_PORTFOLIO_STORE);
  }

  /** Applies one use change to the uses and to its package's counts. */
  void apply(String packageKey, PackageUseChange change) {
    ensureBuilt();
    String key = change.storeKey();
    int from = packageKey.length() + 1;
    int to = key.indexOf(SEP, from);
    if (!key.startsWith(packageKey + SEP) || to < 0) {
      throw new IllegalArgumentException("a use of " + packageKey + " keyed " + key);
    }
    String project = key.substring(from, to);
    TreeMap<String, PackageUseRow> before = new TreeMap<>();
    try (KeyValueIterator<String, PackageUseRow> it =
        uses.prefixScan(key.substring(0, to + 1), new StringSerializer())) {
      it.forEachRemaining(kv -> before.put(kv.key, kv.value));
    }
    TreeMap<String, PackageUseRow> after = new TreeMap<>(before);
    if (change.row() == null) {
      after.remove(key);
      uses.delete(key);
    } else {
      after.put(key, change.row());
      uses.put(key, change.row());
    }
    PackageCounts counts = reach.get(packageKey);
    counts = counts == null ? PackageCounts.NONE : counts;
    PackageReach was = contribution(project, packageKey, before.values());
    PackageReach is = contribution(project, packageKey, after.values());
    if (was != null) {
      counts = counts.plus(was, -1);
    }
    if (is != null) {
      counts = counts.plus(is, 1);
    }
    if (counts.projects() <= 0) {
      reach.delete(packageKey);
    } else {
      reach.put(packageKey, counts);
    }
  }

  /** The package's reach across the portfolio (null when nobody uses it). */
  PackageReach reach(String packageKey, PortfolioTotals totals) {
    ensureBuilt();
    PackageCounts counts = reach.get(packageKey);
    if (counts == null) {
      return null;
    }
    return SystemicRisk.merge(
            List.of(List.of(counts.reach(packageKey))),
            totals.projects(),
            totals.missionEssential())
        .get(0);
  }

  /**
   * One project's reach of one package from its uses of it (null when none): core's rule; its
   * criticality the last one its uses state.
   */
  static PackageReach contribution(
      String project, String packageKey, Iterable<PackageUseRow> rows) {
    List<PackageUse> list = new ArrayList<>();
    Criticality criticality = null;
    for (PackageUseRow row : rows) {
      list.add(new PackageUse(project, packageKey, row.version(), row.direct()));
      if (row.criticality() != null) {
        criticality = Criticality.valueOf(row.criticality());
      }
    }
    if (list.isEmpty()) {
      return null;
    }
    Map<String, Criticality> c = new HashMap<>();
    c.put(project, criticality);
    return SystemicRisk.measure(c, list).get(0);
  }

  private void ensureBuilt() {
    if (built) {
      return;
    }
    if (portfolio.get(BUILT_KEY) == null) {
      Map<String, PackageCounts> counts = new HashMap<>();
      String group = null;
      List<PackageUseRow> rows = new ArrayList<>();
      try (KeyValueIterator<String, PackageUseRow> it = uses.all()) {
        while (it.hasNext()) {
          var kv = it.next();
          int cut = kv.key.indexOf(SEP, kv.key.indexOf(SEP) + 1);
          String g = kv.key.substring(0, cut);
          if (!g.equals(group)) {
            add(counts, group, rows);
            group = g;
            rows = new ArrayList<>();
          }
          rows.add(kv.value);
        }
      }
      add(counts, group, rows);
      counts.forEach(reach::put);
      portfolio.put(BUILT_KEY, PortfolioTotals.EMPTY);
    }
    built = true;
  }

  private static void add(
      Map<String, PackageCounts> counts, String group, List<PackageUseRow> rows) {
    if (group == null || rows.isEmpty()) {
      return;
    }
    int cut = group.indexOf(SEP);
    String packageKey = group.substring(0, cut);
    PackageReach r = contribution(group.substring(cut + 1), packageKey, rows);
    counts.merge(packageKey, PackageCounts.NONE.plus(r, 1), (a, b) -> a.plus(r, 1));
  }
}
