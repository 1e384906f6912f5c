package io.vigil.correlator;

import io.vigil.core.risk.PackageReach;
import io.vigil.core.risk.SystemicPolicy;
import io.vigil.correlator.SystemicRecords.PortfolioTotals;
import io.vigil.correlator.SystemicRecords.Watched;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.SystemicEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * New advisories' exposures per package → SYSTEMIC events with the portfolio fix plan's numbers.
 * The first NEW exposure of a (vulnerability, package) opens a gathering ({@code PENDING} in {@code
 * systemic-advisories-store}); it and every further NEW exposure of the pair are kept in {@code
 * systemic-pending-store} (by exposure id: a replay counts once). Every {@link #GATHER} (wall
 * clock) the pairs opened before the previous tick — so each gathers at least {@link #GATHER}, the
 * time the package shards take to emit an advisory's exposures — are judged once: the package's
 * reach from the index against core's {@link SystemicPolicy}, the gathered exposures folded into
 * {@link SystemicFixNumbers}. Systemic: one event; not: the pair goes on the {@link Watchlist}
 * (with its numbers) and is announced if the package becomes systemic later. A judged pair's later
 * exposures, re-publications and aliases emit nothing.
 */
final class SystemicAnnouncer implements Processor<String, ExposureEvent, String, SystemicEvent> {
  /** How long a pair's exposures are gathered (at least; at most twice as long). */
  static final Duration GATHER = Duration.ofSeconds(5);

  static final String PENDING = "PENDING";
  private static final char SEP = SystemicPortfolio.SEP;
  private static final String TRIGGER = "T" + SEP;
  private static final String ROW = "X" + SEP;

  private final SystemicPolicy policy;
  private final Clock clock;
  private final Set<String> openedSinceTick = new HashSet<>();
  private ProcessorContext<String, SystemicEvent> context;
  private PackageReachIndex index;
  private KeyValueStore<String, PortfolioTotals> portfolio;
  private KeyValueStore<String, String> judged;
  private KeyValueStore<String, ExposureEvent> pending;
  private Watchlist watchlist;

  SystemicAnnouncer(SystemicPolicy policy, Clock clock) {
    this.policy = policy;
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<String, SystemicEvent> context) {
    this.context = context;
    index = new PackageReachIndex(context);
    portfolio = context.getStateStore(CorrelatorTopology.SYSTEMIC_PORTFOLIO_STORE);
    judged = context.getStateStore(CorrelatorTopology.SYSTEMIC_ADVISORIES_STORE);
    pending = context.getStateStore(CorrelatorTopology.SYSTEMIC_PENDING_STORE);
    watchlist = new Watchlist(judged);
    context.schedule(GATHER, PunctuationType.WALL_CLOCK_TIME, now -> judgeGathered());
  }

  @Override
  public void process(Record<String, ExposureEvent> record) {
    ExposureEvent e = record.value();
    String packageKey = record.key();
    if (e == null || packageKey == null) {
      return;
    }
    String pairKey = e.getAdvisory().getVulnerabilityId() + SEP + packageKey;
    String state = judged.get(pairKey);
    if (state == null) {
      judged.put(pairKey, PENDING);
      pending.put(TRIGGER + pairKey, e);
      openedSinceTick.add(pairKey);
    } else if (!PENDING.equals(state)) {
      return; // judged after its first exposures were gathered
    }
    pending.put(ROW + pairKey + SEP + e.getExposureId(), e);
  }

  /** The pairs opened before the previous tick (after a restart: every open one), judged. */
  private void judgeGathered() {
    PortfolioTotals totals = portfolio.get(SystemicAdvisories.TOTALS_KEY);
    if (totals == null || totals.projects() == 0) {
      return; // the portfolio's size has not arrived yet: judged at a later tick
    }
    Map<String, ExposureEvent> due = new LinkedHashMap<>();
    try (KeyValueIterator<String, ExposureEvent> it =
        pending.prefixScan(TRIGGER, new StringSerializer())) {
      while (it.hasNext()) {
        var kv = it.next();
        String pairKey = kv.key.substring(TRIGGER.length());
        if (!openedSinceTick.contains(pairKey)) {
          due.put(pairKey, kv.value);
        }
      }
    }
    openedSinceTick.clear();
    due.forEach((pairKey, trigger) -> judge(pairKey, trigger, totals));
  }

  private void judge(String pairKey, ExposureEvent trigger, PortfolioTotals totals) {
    String vulnerability = trigger.getAdvisory().getVulnerabilityId();
    String packageKey = pairKey.substring(vulnerability.length() + 1);
    List<String> keys = new ArrayList<>();
    List<ExposureEvent> gathered = new ArrayList<>();
    try (KeyValueIterator<String, ExposureEvent> it =
        pending.prefixScan(ROW + pairKey + SEP, new StringSerializer())) {
      it.forEachRemaining(
          kv -> {
            keys.add(kv.key);
            gathered.add(kv.value);
          });
    }
    keys.forEach(pending::delete);
    pending.delete(TRIGGER + pairKey);
    Watched w = Watched.of(trigger, SystemicFixNumbers.of(packageKey, gathered));
    PackageReach reach = index.reach(packageKey, totals);
    boolean systemic = reach != null && policy.isSystemic(reach);
    judged.put(pairKey, systemic ? "SYSTEMIC" : "NOT_SYSTEMIC");
    if (systemic) {
      context.forward(
          new Record<>(
              vulnerability,
              SystemicAdvisories.event(vulnerability, w, reach, totals, policy, clock),
              clock.millis()));
    } else {
      watchlist.watch(packageKey, vulnerability, w);
    }
  }
}
