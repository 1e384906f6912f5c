package io.vigil.correlator;

import io.vigil.core.project.Criticality;
import io.vigil.core.risk.PackageReach;
import io.vigil.core.risk.PackageUse;
import io.vigil.core.risk.SystemicPolicy;
import io.vigil.core.risk.SystemicRisk;
import io.vigil.correlator.SystemicRecords.Input;
import io.vigil.correlator.SystemicRecords.PackageUseRow;
import io.vigil.correlator.SystemicRecords.PortfolioTotals;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.SystemicEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The package side of the SYSTEMIC fan-in, keyed by package key (every project's components of a
 * package in one task, unlike the package shards): {@code package-uses-store} holds them, {@code
 * systemic-portfolio-store} the latest broadcast portfolio totals, {@code
 * systemic-advisories-store} the (vulnerability, package) pairs already judged. The first exposure
 * of a new advisory on a package (NEW, cause NEW_ADVISORY or ADVISORY_UPDATED) measures the package
 * with core's {@link SystemicRisk} and, when {@link SystemicPolicy#isSystemic}, emits one {@link
 * SystemicEvent}; the pair is remembered either way, so the advisory's other exposures and its
 * re-publications emit nothing.
 */
final class SystemicAdvisories {
  static final String TOTALS_KEY = "portfolio";

  private SystemicAdvisories() {}

  /** Components and portfolio totals into the stores. */
  static final class UseProcessor implements Processor<String, Input, Void, Void> {
    private KeyValueStore<String, PackageUseRow> uses;
    private KeyValueStore<String, PortfolioTotals> portfolio;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      uses = context.getStateStore(CorrelatorTopology.PACKAGE_USES_STORE);
      portfolio = context.getStateStore(CorrelatorTopology.SYSTEMIC_PORTFOLIO_STORE);
    }

    @Override
    public void process(Record<String, Input> record) {
      Input in = record.value();
      if (in == null) {
        return;
      }
      if (in.totals() != null) {
        portfolio.put(TOTALS_KEY, in.totals());
      } else if (in.use() != null) {
        if (in.use().row() == null) {
          uses.delete(in.use().storeKey());
        } else {
          uses.put(in.use().storeKey(), in.use().row());
        }
      }
    }
  }

  /** New advisories' first exposures per package → SYSTEMIC events. */
  static final class AnnounceProcessor
      implements Processor<String, ExposureEvent, String, SystemicEvent> {
    private final SystemicPolicy policy;
    private final Clock clock;
    private ProcessorContext<String, SystemicEvent> context;
    private KeyValueStore<String, PackageUseRow> uses;
    private KeyValueStore<String, PortfolioTotals> portfolio;
    private KeyValueStore<String, String> judged;

    AnnounceProcessor(SystemicPolicy policy, Clock clock) {
      this.policy = policy;
      this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, SystemicEvent> context) {
      this.context = context;
      uses = context.getStateStore(CorrelatorTopology.PACKAGE_USES_STORE);
      portfolio = context.getStateStore(CorrelatorTopology.SYSTEMIC_PORTFOLIO_STORE);
      judged = context.getStateStore(CorrelatorTopology.SYSTEMIC_ADVISORIES_STORE);
    }

    @Override
    public void process(Record<String, ExposureEvent> record) {
      ExposureEvent e = record.value();
      String packageKey = record.key();
      if (e == null || packageKey == null) {
        return;
      }
      String vulnerability = e.getAdvisory().getVulnerabilityId();
      String pairKey = vulnerability + SystemicPortfolio.SEP + packageKey;
      if (judged.get(pairKey) != null) {
        return; // judged at the advisory's first exposure on this package
      }
      PortfolioTotals totals = portfolio.get(TOTALS_KEY);
      if (totals == null || totals.projects() == 0) {
        return; // the portfolio's size has not arrived yet: judged at the next exposure
      }
      PackageReach reach = measure(packageKey, totals);
      if (reach == null) {
        return;
      }
      boolean systemic = policy.isSystemic(reach);
      judged.put(pairKey, systemic ? "SYSTEMIC" : "NOT_SYSTEMIC");
      if (systemic) {
        context.forward(record.withKey(vulnerability).withValue(event(e, reach, totals)));
      }
    }

    private PackageReach measure(String packageKey, PortfolioTotals totals) {
      List<PackageUse> list = new ArrayList<>();
      Map<String, Criticality> criticality = new HashMap<>();
      try (KeyValueIterator<String, PackageUseRow> it =
          uses.prefixScan(packageKey + SystemicPortfolio.SEP, new StringSerializer())) {
        while (it.hasNext()) {
          PackageUseRow row = it.next().value;
          list.add(new PackageUse(row.project(), packageKey, row.version(), row.direct()));
          Criticality c = row.criticality() == null ? null : Criticality.valueOf(row.criticality());
          if (c != null || !criticality.containsKey(row.project())) {
            criticality.put(row.project(), c);
          }
        }
      }
      if (list.isEmpty()) {
        return null;
      }
      List<PackageReach> merged =
          SystemicRisk.merge(
              List.of(SystemicRisk.measure(criticality, list)),
              totals.projects(),
              totals.missionEssential());
      return merged.get(0);
    }

    private SystemicEvent event(ExposureEvent e, PackageReach r, PortfolioTotals totals) {
      String vulnerability = e.getAdvisory().getVulnerabilityId();
      return SystemicEvent.newBuilder()
          .setEventId("SYSTEMIC:" + vulnerability + ":" + r.packageKey())
          .setVulnerabilityId(vulnerability)
          .setAdvisoryId(e.getAdvisory().getId())
          .setSummary(e.getAdvisory().getSummary())
          .setSeverity(e.getAdvisory().getSeverity())
          .setMalicious(e.getMalicious())
          .setPackageKey(r.packageKey())
          .setProjects(r.projects())
          .setDirectProjects(r.directProjects())
          .setTransitiveProjects(r.transitiveProjects())
          .setUnknownReachProjects(r.unknownReachProjects())
          .setProjectsByVersion(new HashMap<>(r.projectsByVersion()))
          .setDistinctVersions(r.distinctVersions())
          .setMissionEssentialProjects(r.missionEssentialProjects())
          .setPortfolioProjects(totals.projects())
          .setPortfolioMissionEssential(totals.missionEssential())
          .setShareOfProjects(r.shareOfProjects())
          .setShareOfMissionEssential(r.shareOfMissionEssential())
          .setPolicy(describe(policy))
          .setTriggeredAt(e.getTriggeredAt())
          .setEmittedAt(Instant.now(clock))
          .build();
    }
  }

  /** {@code projects > 10%, or mission-essential > 10%; at least 3 projects}. */
  static String describe(SystemicPolicy p) {
    return String.format(
        Locale.ROOT,
        "projects > %.0f%%, or mission-essential > %.0f%%; at least %d projects",
        p.projectShare() * 100,
        p.missionEssentialShare() * 100,
        p.minProjects());
  }
}
