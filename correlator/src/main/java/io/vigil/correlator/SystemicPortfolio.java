package io.vigil.correlator;

import io.vigil.core.project.Criticality;
import io.vigil.correlator.SystemicRecords.Input;
import io.vigil.correlator.SystemicRecords.PackageUseChange;
import io.vigil.correlator.SystemicRecords.PackageUseRow;
import io.vigil.correlator.SystemicRecords.PortfolioTotals;
import io.vigil.correlator.SystemicRecords.ProjectPresence;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The portfolio side of the SYSTEMIC fan-in: which projects ship at least one packaged component,
 * and how many of them are mission-essential. Two steps: per project (the components topic's own
 * partitions) a project entering or leaving the portfolio, or changing criticality, becomes a
 * {@link ProjectPresence}; on one partition those are summed into {@link PortfolioTotals}, which
 * the topology broadcasts to every package-keyed task.
 */
final class SystemicPortfolio {
  static final char SEP = '\u001F';

  private SystemicPortfolio() {}

  /** The criticality an event states (null when unknown). */
  static String criticality(ComponentEvent e) {
    Criticality c = SsvcOfExposure.context(e.getProjectContext()).criticality();
    return c == null ? null : c.name();
  }

  /** What identifies a component within a project (its purl, else name@version). */
  static String identity(ComponentEvent e) {
    var c = e.getComponent();
    return c.getPurl() != null ? c.getPurl() : c.getName() + "@" + c.getVersion();
  }

  /** The package-keyed change of a component event (null when it has no package). */
  static PackageUseChange useChange(ComponentEvent e, String packageKey) {
    String key = packageKey + SEP + e.getProjectId() + SEP + identity(e);
    if (e.getChange() == ComponentChange.REMOVED) {
      return new PackageUseChange(key, null);
    }
    var c = e.getComponent();
    return new PackageUseChange(
        key, new PackageUseRow(e.getProjectId(), c.getVersion(), c.getDirect(), criticality(e)));
  }

  /**
   * Per project: presence and criticality changes ({@link ProjectPresence}, to the portfolio's
   * totals) and the package uses that changed ({@link Input}, to the package-keyed stage). Store
   * {@code portfolio-components-store}: per component its use ({@link #row}), so a component
   * delivered again as it was (a re-uploaded SBOM) costs two reads and sends nothing.
   */
  static final class PresenceProcessor
      implements Processor<String, ComponentEvent, String, Object> {
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, String> store;

    @Override
    public void init(ProcessorContext<String, Object> context) {
      this.context = context;
      this.store = context.getStateStore(CorrelatorTopology.PORTFOLIO_COMPONENTS_STORE);
    }

    @Override
    public void process(Record<String, ComponentEvent> record) {
      ComponentEvent e = record.value();
      String packageKey =
          e == null || e.getComponent() == null ? null : PackageKeys.ofComponent(e.getComponent());
      if (packageKey == null) {
        return; // not matched against anything: not part of the packaged portfolio
      }
      String project = e.getProjectId();
      String componentKey = "C" + SEP + project + SEP + identity(e);
      String projectKey = "P" + SEP + project;
      String old = store.get(projectKey);
      String before = store.get(componentKey);
      if (e.getChange() == ComponentChange.REMOVED) {
        if (before == null) {
          return; // never known (or removed already): nothing changes
        }
        store.delete(componentKey);
        long count = count(project) - 1;
        store.put(countKey(project), Long.toString(count));
        forwardUse(record, packageKey, e, null);
        if (count <= 0 && old != null) {
          store.delete(projectKey);
          context.forward(
              record.withKey("portfolio").withValue(new ProjectPresence(project, false, null)));
        }
        return;
      }
      String stated = criticality(e);
      String crit = stated == null ? "" : stated;
      PackageUseRow use = useChange(e, packageKey).row();
      String row = row(use);
      if (row.equals(before) && crit.equals(old)) {
        return; // the same use, the same criticality: nothing changes
      }
      if (before == null) {
        store.put(countKey(project), Long.toString(count(project) + 1));
      }
      if (!row.equals(before)) {
        store.put(componentKey, row);
        forwardUse(record, packageKey, e, use);
      }
      if (!crit.equals(old)) {
        store.put(projectKey, crit);
        context.forward(
            record
                .withKey("portfolio")
                .withValue(new ProjectPresence(project, true, crit.isEmpty() ? null : crit)));
      }
    }

    private void forwardUse(
        Record<String, ComponentEvent> record,
        String packageKey,
        ComponentEvent e,
        PackageUseRow row) {
      String key = packageKey + SEP + e.getProjectId() + SEP + identity(e);
      context.forward(
          record.withKey(packageKey).withValue(new Input(new PackageUseChange(key, row), null)));
    }

    /**
     * A component's use as kept in the store (version, direct, criticality): never empty, unlike
     * the {@code ""} an earlier release kept, so such a component is sent once more.
     */
    static String row(PackageUseRow use) {
      return (use.version() == null ? "\u0000" : use.version())
          + SEP
          + (use.direct() == null ? "-" : use.direct() ? "D" : "T")
          + SEP
          + (use.criticality() == null ? "" : use.criticality());
    }

    private static String countKey(String project) {
      return "N" + SEP + project;
    }

    /**
     * The project's packaged components, kept as a count ({@code N␟project}) so a component event
     * costs two reads and a write, not an iterator over the project's rows; state written before
     * the count existed is counted once.
     */
    private long count(String project) {
      String n = store.get(countKey(project));
      if (n != null) {
        return Long.parseLong(n);
      }
      long counted = 0;
      try (KeyValueIterator<String, String> it =
          store.prefixScan(
              "C" + SEP + project + SEP,
              new org.apache.kafka.common.serialization.StringSerializer())) {
        while (it.hasNext()) {
          it.next();
          counted++;
        }
      }
      return counted;
    }
  }

  /**
   * On one partition: the portfolio's totals, kept incrementally. Store {@code
   * portfolio-projects-store} (project → criticality, and the totals).
   */
  static final class TotalsProcessor implements Processor<String, ProjectPresence, String, Input> {
    private static final String TOTALS = "\u0000totals";
    private ProcessorContext<String, Input> context;
    private KeyValueStore<String, String> store;

    @Override
    public void init(ProcessorContext<String, Input> context) {
      this.context = context;
      this.store = context.getStateStore(CorrelatorTopology.PORTFOLIO_PROJECTS_STORE);
    }

    @Override
    public void process(Record<String, ProjectPresence> record) {
      ProjectPresence p = record.value();
      if (p == null) {
        return;
      }
      String old = store.get(p.project());
      int[] totals = totals();
      if (old != null) {
        totals[0]--;
        totals[1] -= essential(old) ? 1 : 0;
      }
      if (p.present()) {
        String crit = p.criticality() == null ? "" : p.criticality();
        store.put(p.project(), crit);
        totals[0]++;
        totals[1] += essential(crit) ? 1 : 0;
      } else {
        store.delete(p.project());
      }
      store.put(TOTALS, totals[0] + "," + totals[1]);
      context.forward(
          record
              .withKey("portfolio")
              .withValue(new Input(null, new PortfolioTotals(totals[0], totals[1]))));
    }

    private int[] totals() {
      String t = store.get(TOTALS);
      if (t == null) {
        return new int[] {0, 0};
      }
      String[] parts = t.split(",");
      return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    }

    private static boolean essential(String criticality) {
      return Criticality.MISSION_ESSENTIAL.name().equals(criticality);
    }
  }
}
