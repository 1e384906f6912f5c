package io.vigil.correlator;

import io.vigil.core.risk.PackageReach;
import io.vigil.core.risk.SystemicPolicy;
import io.vigil.correlator.SystemicRecords.Input;
import io.vigil.correlator.SystemicRecords.PortfolioTotals;
import io.vigil.correlator.SystemicRecords.Watched;
import io.vigil.events.v1.SystemicEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The package side of the SYSTEMIC fan-in, keyed by package key (every project's components of a
 * package in one task, unlike the package shards): the use changes go into {@code
 * package-uses-store} and its per-package index ({@link PackageReachIndex}), the broadcast
 * portfolio totals into {@code systemic-portfolio-store}. New advisories are judged by {@link
 * SystemicAnnouncer}; a pair judged not systemic is kept on a {@link Watchlist}: when the package's
 * use grows (or the portfolio shrinks) past the policy later, it is announced then, once ({@link
 * UseProcessor}). {@link #event} builds the event either way.
 */
final class SystemicAdvisories {
  static final String TOTALS_KEY = "portfolio";

  /** How often the packages whose use changed are judged again for their pending advisories. */
  static final Duration RECHECK = Duration.ofSeconds(30);

  private SystemicAdvisories() {}

  /**
   * Components and portfolio totals into the stores; and the advisories judged not systemic when
   * they came out, judged again (every {@link #RECHECK}, wall clock) for the packages whose use or
   * portfolio changed since: a package that becomes systemic later is announced then, once.
   */
  static final class UseProcessor implements Processor<String, Input, String, SystemicEvent> {
    private final SystemicPolicy policy;
    private final Clock clock;
    private ProcessorContext<String, SystemicEvent> context;
    private PackageReachIndex index;
    private KeyValueStore<String, PortfolioTotals> portfolio;
    private Watchlist watchlist;
    private boolean totalsChanged = true; // after a start, every watched package once

    UseProcessor(SystemicPolicy policy, Clock clock) {
      this.policy = policy;
      this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, SystemicEvent> context) {
      this.context = context;
      index = new PackageReachIndex(context);
      portfolio = context.getStateStore(CorrelatorTopology.SYSTEMIC_PORTFOLIO_STORE);
      watchlist =
          new Watchlist(context.getStateStore(CorrelatorTopology.SYSTEMIC_ADVISORIES_STORE));
      context.schedule(RECHECK, PunctuationType.WALL_CLOCK_TIME, now -> recheck());
    }

    @Override
    public void process(Record<String, Input> record) {
      Input in = record.value();
      if (in == null) {
        return;
      }
      if (in.totals() != null) {
        if (!in.totals().equals(portfolio.get(TOTALS_KEY))) {
          totalsChanged = true;
        }
        portfolio.put(TOTALS_KEY, in.totals());
      } else if (in.use() != null) {
        index.apply(record.key(), in.use());
        watchlist.touched(record.key());
      }
    }

    private void recheck() {
      PortfolioTotals totals = portfolio.get(TOTALS_KEY);
      if (totals == null || totals.projects() == 0) {
        return;
      }
      List<String> packages = watchlist.due(totalsChanged);
      totalsChanged = false;
      for (String packageKey : packages) {
        Map<String, Watched> pending = watchlist.pending(packageKey);
        PackageReach reach = pending.isEmpty() ? null : index.reach(packageKey, totals);
        if (reach != null && policy.isSystemic(reach)) {
          pending.forEach(
              (vulnerability, w) -> {
                watchlist.announced(packageKey, vulnerability);
                context.forward(
                    new Record<>(
                        vulnerability,
                        event(vulnerability, w, reach, totals, policy, clock),
                        clock.millis()));
              });
        }
        watchlist.checked(packageKey);
      }
    }
  }

  static SystemicEvent event(
      String vulnerability,
      Watched w,
      PackageReach r,
      PortfolioTotals totals,
      SystemicPolicy policy,
      Clock clock) {
    return SystemicEvent.newBuilder()
        .setEventId("SYSTEMIC:" + vulnerability + ":" + r.packageKey())
        .setVulnerabilityId(vulnerability)
        .setAdvisoryId(w.advisoryId())
        .setSummary(w.summary())
        .setSeverity(w.severity())
        .setMalicious(w.malicious())
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
        .setFixPlan(w.fix() == null ? null : w.fix().toAvro())
        .setTriggeredAt(Instant.ofEpochMilli(w.triggeredAt()))
        .setEmittedAt(Instant.now(clock))
        .build();
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
