package io.vigil.correlator;

import static io.vigil.correlator.Fixtures.LOG4J;
import static io.vigil.correlator.Fixtures.LOG4J_PURL;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.core.remediation.RemediationClock;
import io.vigil.core.remediation.SlaPolicy;
import io.vigil.core.triage.AnalysisScope;
import io.vigil.correlator.remediation.OverdueExposures;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.Analysis;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.EnrichmentChange;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.events.v1.ProjectContext;
import io.vigil.platform.metrics.MetricNames;
import io.vigil.platform.metrics.PipelineMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remediation clocks over a month of events (issue 16 item 5): the correlator stamps each exposure
 * with when it was first seen (the trigger of its NEW event) and carries it on every later event,
 * RESOLVED included, so a replay of the same inputs gives the same clocks; the due date follows the
 * policy (here KEV's due date, earlier than the severity's target), overdue exposures are the open
 * ones past it, and the time to fix is measured from the RESOLVED event of an upgrade.
 */
class RemediationClocksTest {
  private static final Instant DAY0 = Instant.parse("2021-12-10T00:00:00Z");
  private static final SlaPolicy NO_SSVC = new SlaPolicy(7, 30, 90, 180, 180, 0, 0, true);
  @TempDir Path first;
  @TempDir Path replay;
  @TempDir Path second;

  static Instant day(double d) {
    return DAY0.plus(Duration.ofMinutes(Math.round(d * 24 * 60)));
  }

  static ComponentEvent component(
      String project, String version, ComponentChange change, Instant at) {
    ComponentEvent c =
        Fixtures.component(project, LOG4J_PURL + version, change, "sub-" + project + at);
    return ComponentEvent.newBuilder(c)
        .setReceivedAt(at)
        .setProjectContext(ProjectContext.newBuilder().setTeam("team-" + project).build())
        .build();
  }

  /** A month: two projects ship log4j-core 2.14.1; KEV lists it; shop upgrades on day 20. */
  static List<ExposureEvent> month(CorrelatorDriver d) {
    for (String p : List.of("shop", "billing")) {
      d.components.pipeInput(p, component(p, "2.14.1", ComponentChange.ADDED, day(0)));
    }
    Advisory log4shell =
        Fixtures.advisory("GHSA-jfh8-c2jp-5v3q", List.of("CVE-2021-44228"), day(0.5))
            .severity(8.0, "HIGH")
            .range(LOG4J, "2.13.0", "2.15.0")
            .build();
    d.publish(log4shell);
    d.kev.pipeInput("CVE-2021-44228", Fixtures.kev("CVE-2021-44228", EnrichmentChange.ADDED));
    d.components.pipeInput("shop", component("shop", "2.14.1", ComponentChange.REMOVED, day(20)));
    d.components.pipeInput("shop", component("shop", "2.17.1", ComponentChange.ADDED, day(20)));
    return d.exposures.readValuesToList();
  }

  static List<ExposureEvent> stored(CorrelatorDriver d) {
    KeyValueStore<String, ExposureEvent> store = d.store(CorrelatorTopology.EXPOSURES_STORE);
    List<ExposureEvent> out = new ArrayList<>();
    try (KeyValueIterator<String, ExposureEvent> it = store.all()) {
      it.forEachRemaining(kv -> out.add(kv.value));
    }
    return out;
  }

  private static JsonNode overdue(List<ExposureEvent> open, Instant at) {
    OverdueExposures o = new OverdueExposures(NO_SSVC, at, null, 10);
    open.forEach(e -> o.add(e, false));
    return o.answer();
  }

  @Test
  void shouldStampFirstSeenCarryItToTheFixAndGiveTheSameClocksOnReplay() {
    List<ExposureEvent> events;
    List<ExposureEvent> open;
    try (CorrelatorDriver d =
        new CorrelatorDriver(first, CorrelatorConfig.defaults(), Correlation.Probe.NONE)) {
      events = month(d);
      open = stored(d);
    }

    ExposureEvent opened =
        events.stream().filter(e -> e.getType() == ExposureType.NEW).findFirst().orElseThrow();
    assertThat(events)
        .extracting(ExposureEvent::getType)
        .containsExactly(
            ExposureType.NEW,
            ExposureType.NEW,
            ExposureType.UPDATED,
            ExposureType.UPDATED,
            ExposureType.RESOLVED);
    assertThat(opened.getFirstSeenAt()).isEqualTo(opened.getTriggeredAt());
    for (ExposureEvent e : events) {
      ExposureEvent nw =
          events.stream()
              .filter(x -> x.getType() == ExposureType.NEW)
              .filter(x -> x.getExposureId().equals(e.getExposureId()))
              .findFirst()
              .orElseThrow();
      assertThat(e.getFirstSeenAt())
          .as("%s %s carries its NEW event's trigger", e.getProject(), e.getType())
          .isEqualTo(nw.getTriggeredAt());
    }
    ExposureEvent fixed = events.get(4);
    assertThat(fixed.getCause()).isEqualTo(ExposureCause.COMPONENT_REMOVED);
    assertThat(fixed.getProject()).isEqualTo("shop");

    // the due date: KEV's 2021-12-24 (end of day) is earlier than HIGH's 30 days
    RemediationClock clock = OverdueExposures.clock(NO_SSVC, fixed);
    assertThat(clock.due())
        .isEqualTo(
            new SlaPolicy.Due(Instant.parse("2021-12-25T00:00:00Z"), "KEV due date 2021-12-24"));
    Duration ttf = Duration.between(fixed.getFirstSeenAt(), fixed.getTriggeredAt());
    assertThat(ttf).isPositive().isLessThanOrEqualTo(Duration.ofDays(20));

    // overdue: nothing before the due date; afterwards billing only (shop was fixed)
    assertThat(open).hasSize(1);
    assertThat(overdue(open, day(14)).path("overdue").asInt()).isZero();
    JsonNode late = overdue(open, day(30));
    assertThat(late.path("overdue").asInt()).isEqualTo(1);
    assertThat(late.path("byTeam").get(0).path("team").asText()).isEqualTo("team-billing");
    JsonNode row = late.path("exposures").get(0);
    assertThat(row.path("project").asText()).isEqualTo("billing");
    assertThat(row.path("dueBasis").asText()).isEqualTo("KEV due date 2021-12-24");
    assertThat(row.path("overdueDays").asDouble()).isEqualTo(15.0);

    // the time-to-fix histogram by severity and KEV
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PipelineMetrics metrics = new PipelineMetrics(registry);
    events.forEach(metrics::exposureEmitted);
    Timer t =
        registry
            .get(MetricNames.EXPOSURE_TIME_TO_FIX)
            .tag("severity", "high")
            .tag("kev", "true")
            .timer();
    assertThat(t.count()).isEqualTo(1);
    assertThat(Duration.ofNanos((long) t.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)))
        .isEqualTo(ttf);

    // a replay of the same inputs (a rebuilt state) gives the same first-seen times
    List<ExposureEvent> replayed;
    try (CorrelatorDriver d =
        new CorrelatorDriver(replay, CorrelatorConfig.defaults(), Correlation.Probe.NONE)) {
      replayed = month(d);
    }
    assertThat(replayed)
        .extracting(e -> e.getExposureId() + " " + e.getType() + " " + e.getFirstSeenAt())
        .containsExactlyElementsOf(
            events.stream()
                .map(e -> e.getExposureId() + " " + e.getType() + " " + e.getFirstSeenAt())
                .toList());
  }

  /** The remediation policy without SSVC targets (so KEV's due date is the earliest). */
  private static final CorrelatorConfig NO_SSVC_CONFIG =
      CorrelatorConfig.defaults()
          .withRemediation(new RemediationConfig(null, null, null, null, null, 0, 0, null));

  private static final Instant KEV_DUE = Instant.parse("2021-12-25T00:00:00Z");

  /**
   * The month again with the wall clock moving through it: three projects ship log4j-core 2.14.1
   * (HIGH: due 30 days after first seen, until KEV lists it on day 1 with its due date 2021-12-24);
   * ledger's exposure is suppressed (not_affected); shop upgrades on day 20, after its due date.
   * The correlator is stopped on day 20 and started again with the same state on day 21, then EPSS
   * re-scores the CVE (a re-evaluation of billing's exposure) and the clock passes day 31 (the HIGH
   * due date the KEV listing replaced). Returns every exposure event and the stored states.
   */
  private static List<ExposureEvent> monthWithClock(Path state, List<ExposureEvent> storedAtEnd) {
    List<ExposureEvent> out = new ArrayList<>();
    Map<String, List<KeyValue<Object, Object>>> changelogs = Map.of();
    try (CorrelatorDriver d =
        new CorrelatorDriver(state, NO_SSVC_CONFIG, Correlation.Probe.NONE, day(0))) {
      for (String p : List.of("shop", "billing", "ledger")) {
        d.components.pipeInput(p, component(p, "2.14.1", ComponentChange.ADDED, day(0)));
      }
      d.publish(
          Fixtures.advisory("GHSA-jfh8-c2jp-5v3q", List.of("CVE-2021-44228"), day(0.5))
              .severity(8.0, "HIGH")
              .range(LOG4J, "2.13.0", "2.15.0")
              .build());
      Analysis notAffected =
          TriageTopologyTest.notAffected(
              AnalysisScope.project("ledger", null), "CVE-2021-44228", null);
      d.analyses.pipeInput(notAffected.getKey(), notAffected);
      advanceTo(d, day(1));
      d.kev.pipeInput("CVE-2021-44228", Fixtures.kev("CVE-2021-44228", EnrichmentChange.ADDED));
      for (double at : new double[] {7, 14, 14.99, 15.5, 16, 19}) {
        advanceTo(d, day(at));
      }
      d.components.pipeInput("shop", component("shop", "2.14.1", ComponentChange.REMOVED, day(20)));
      d.components.pipeInput("shop", component("shop", "2.17.1", ComponentChange.ADDED, day(20)));
      advanceTo(d, day(20));
      out.addAll(d.exposures.readValuesToList());
      changelogs = d.changelogs();
    }
    // the restart: the same state directory, the stores restored (TopologyTestDriver deletes its
    // state directory on close: what Kafka Streams restores from the changelogs is written back),
    // the clock a day later
    try (CorrelatorDriver d =
        new CorrelatorDriver(state, NO_SSVC_CONFIG, Correlation.Probe.NONE, day(21))) {
      d.restore(changelogs);
      advanceTo(d, day(22));
      d.publish(
          Fixtures.advisory("GHSA-jfh8-c2jp-5v3q", List.of("CVE-2021-44228"), day(22))
              .severity(10.0, "CRITICAL")
              .range(LOG4J, "2.13.0", "2.15.0")
              .build());
      for (double at : new double[] {25, 31, 40}) {
        advanceTo(d, day(at));
      }
      out.addAll(d.exposures.readValuesToList());
      System.err.println(
          "DEBUG dlq "
              + d.deadLetters.readValuesToList()
              + " stored "
              + stored(d).size()
              + " changelogs "
              + changelogs.keySet());
      storedAtEnd.addAll(stored(d));
    }
    return out;
  }

  private static void advanceTo(CorrelatorDriver d, Instant at) {
    d.advanceWallClockTo(at);
  }

  @Test
  void shouldEmitOneOverduePerOverdueExposureAcrossARestartAndTheSameOnReplay() {
    List<ExposureEvent> storedAtEnd = new ArrayList<>();
    List<ExposureEvent> events = monthWithClock(second, storedAtEnd);

    assertThat(events)
        .extracting(e -> e.getProject() + " " + e.getType() + " " + e.getCause())
        .containsExactly(
            "shop NEW NEW_ADVISORY",
            "billing NEW NEW_ADVISORY",
            "ledger NEW NEW_ADVISORY",
            "ledger SUPPRESSED ANALYSIS_CHANGED",
            "shop UPDATED ENRICHMENT_UPDATED",
            "billing UPDATED ENRICHMENT_UPDATED",
            "billing OVERDUE DUE_DATE_PASSED",
            "shop OVERDUE DUE_DATE_PASSED",
            "shop RESOLVED COMPONENT_REMOVED",
            "billing UPDATED ADVISORY_UPDATED");

    List<ExposureEvent> overdue =
        events.stream().filter(e -> e.getType() == ExposureType.OVERDUE).toList();
    ExposureEvent opened = events.get(1);
    for (ExposureEvent e : overdue) {
      // the KEV due date, not HIGH's 30 days: KEV moved it earlier after the exposure opened
      assertThat(e.getOverdueSince()).isEqualTo(KEV_DUE);
      assertThat(e.getOverdueBasis()).isEqualTo("KEV due date 2021-12-24");
      assertThat(e.getTriggeredAt()).isEqualTo(KEV_DUE);
      assertThat(e.getEmittedAt()).as("the first check past the due date").isEqualTo(day(15.5));
      assertThat(e.getFirstSeenAt()).isEqualTo(opened.getFirstSeenAt());
      assertThat(e.getSmallestFix()).isEqualTo("2.15.0");
    }
    ExposureEvent fixed = events.get(8);
    assertThat(fixed.getOverdueSince()).as("the RESOLVED of a late fix says so").isEqualTo(KEV_DUE);
    assertThat(Duration.between(fixed.getFirstSeenAt(), fixed.getTriggeredAt()))
        .isEqualTo(Duration.between(day(0.5), day(20)));
    ExposureEvent rescored = events.get(9);
    assertThat(rescored.getOverdueSince()).as("carried by a re-evaluation").isEqualTo(KEV_DUE);
    assertThat(rescored.getAdvisory().getSeverity()).isEqualTo("CRITICAL");

    // the stored states: billing open and marked overdue; ledger suppressed, never overdue; shop
    // fixed (2.17.1 is not affected)
    assertThat(storedAtEnd)
        .extracting(e -> e.getProject() + " " + e.getType() + " " + e.getOverdueSince())
        .containsExactlyInAnyOrder("billing UPDATED " + KEV_DUE, "ledger SUPPRESSED null");

    // a replay of the same inputs and clock on a fresh state: the same events, the same ids
    List<ExposureEvent> replayed = monthWithClock(replay, new ArrayList<>());
    assertThat(replayed)
        .extracting(ExposureEvent::getEventId)
        .containsExactlyElementsOf(events.stream().map(ExposureEvent::getEventId).toList());
  }
}
