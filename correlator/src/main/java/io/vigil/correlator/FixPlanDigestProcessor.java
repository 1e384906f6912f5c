package io.vigil.correlator;

import io.vigil.core.fixplan.PortfolioFixPlan;
import io.vigil.core.fixplan.PortfolioFixPlan.Filter;
import io.vigil.core.fixplan.PortfolioFixPlan.PackagePartial;
import io.vigil.core.fixplan.PortfolioFixPlan.Partial;
import io.vigil.core.fixplan.Ssvc;
import io.vigil.core.fixplan.Tally;
import io.vigil.core.schedule.WeeklySlot;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.FixPlanPackagePartial;
import io.vigil.events.v1.FixPlanPartial;
import io.vigil.events.v1.FixPlanTally;
import io.vigil.events.v1.FixPlanTeamPartial;
import io.vigil.events.v1.ProjectContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The weekly portfolio fix plan's partial of one package-shard partition (issue 16 item 4): at the
 * weekly slot ({@link FixPlanDigestConfig}) the task folds its partition of {@code exposures-store}
 * with the query API's fold ({@link PortfolioFixPlanRoutes#add}) into core's {@link
 * PortfolioFixPlan}, for the whole portfolio and per team, and sends the counted partials, keyed by
 * the ISO week, to {@code vigil.fixplan.partials.v1}.
 *
 * <p>Once per ISO week per partition, across restarts and replays: the week sent is recorded in
 * {@code fix-plan-digest-store} (changelogged, written in the same transaction as the record), and
 * only the wall clock decides when a week is due, never the input. Cheap when nothing is due: the
 * punctuation (every {@link #CHECK_EVERY}) compares the wall clock with the next due instant it
 * computed and returns; the store is read once per slot and the fold runs once a week (a full read
 * of the partition's exposures). A correlator started after this week's slot sends this week's
 * partial at once; the weeks it missed are not sent.
 *
 * <p>Exposure events pass through it without effect (it is a child of the exposure stream only to
 * live in the package-shard tasks).
 */
final class FixPlanDigestProcessor
    implements Processor<String, ExposureEvent, String, FixPlanPartial> {
  static final String STORE = "fix-plan-digest-store";
  static final String SENT = "sent-week";

  /** How often each task compares the wall clock with the next slot. */
  static final Duration CHECK_EVERY = Duration.ofMinutes(1);

  private final WeeklySlot slot;
  private final int partitions;
  private ProcessorContext<String, FixPlanPartial> context;
  private KeyValueStore<String, ExposureEvent> exposures;
  private KeyValueStore<String, String> sent;
  private Instant nextDue = Instant.MIN;

  FixPlanDigestProcessor(FixPlanDigestConfig config, int partitions) {
    this.slot = new WeeklySlot(config.day(), config.hourUtc());
    this.partitions = partitions;
  }

  @Override
  public void init(ProcessorContext<String, FixPlanPartial> context) {
    this.context = context;
    exposures = context.getStateStore(CorrelatorTopology.EXPOSURES_STORE);
    sent = context.getStateStore(STORE);
    context.schedule(
        CHECK_EVERY, PunctuationType.WALL_CLOCK_TIME, t -> check(Instant.ofEpochMilli(t)));
  }

  @Override
  public void process(Record<String, ExposureEvent> record) {
    // nothing: the partial is folded from the store at the slot
  }

  void check(Instant now) {
    if (now.isBefore(nextDue)) {
      return;
    }
    Instant due = slot.latestAtOrBefore(now);
    String week = WeeklySlot.week(due);
    nextDue = slot.next(now);
    if (week.equals(sent.get(SENT))) {
      return;
    }
    FixPlanPartial partial = fold(week, due, now);
    context.forward(new Record<>(week, partial, now.toEpochMilli()));
    sent.put(SENT, week);
  }

  private FixPlanPartial fold(String week, Instant due, Instant now) {
    PortfolioFixPlan all = new PortfolioFixPlan(Filter.ALL);
    Map<String, PortfolioFixPlan> teams = new TreeMap<>();
    try (KeyValueIterator<String, ExposureEvent> it = exposures.all()) {
      while (it.hasNext()) {
        ExposureEvent e = it.next().value;
        PortfolioFixPlanRoutes.add(all, e);
        ProjectContext c = e.getProjectContext();
        if (c != null && c.getTeam() != null) {
          PortfolioFixPlanRoutes.add(
              teams.computeIfAbsent(c.getTeam(), t -> new PortfolioFixPlan(new Filter(t, null))),
              e);
        }
      }
    }
    List<FixPlanTeamPartial> plans = new ArrayList<>();
    plans.add(toAvro(null, all.countedPartial()));
    teams.forEach((team, plan) -> plans.add(toAvro(team, plan.countedPartial())));
    return FixPlanPartial.newBuilder()
        .setWeek(week)
        .setPartition(context.taskId().partition())
        .setPartitions(partitions)
        .setSlot(due)
        .setComputedAt(now)
        .setPlans(plans)
        .build();
  }

  static FixPlanTeamPartial toAvro(String team, Partial p) {
    List<FixPlanPackagePartial> packages = new ArrayList<>();
    for (PackagePartial pp : p.packages()) {
      Ssvc s = pp.ssvc();
      packages.add(
          FixPlanPackagePartial.newBuilder()
              .setPackageKey(pp.packageKey())
              .setPurl(pp.purl())
              .setUpgradeTo(pp.upgradeTo())
              .setProjects(pp.projects())
              .setResolves(toAvro(pp.resolves()))
              .setAct(s.act())
              .setAttend(s.attend())
              .setTrackStar(s.trackStar())
              .setTrack(s.track())
              .setNoOutcome(s.none())
              .setUnfixed(pp.unfixed())
              .build());
    }
    return FixPlanTeamPartial.newBuilder()
        .setTeam(team)
        .setProjects(p.projects())
        .setOpen(toAvro(p.open()))
        .setSuppressed(p.suppressed())
        .setPackages(packages)
        .build();
  }

  private static FixPlanTally toAvro(Tally t) {
    return new FixPlanTally(
        t.total(), t.critical(), t.high(), t.medium(), t.low(), t.unknown(), t.kev());
  }
}
