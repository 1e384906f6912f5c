package io.vigil.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.advisories.IngestAdvisoriesService.Source;
import io.vigil.advisories.freshness.FeedFreshnessConfig;
import io.vigil.advisories.freshness.FreshnessTracker;
import io.vigil.advisories.http.FeedHttp;
import io.vigil.advisories.nvd.RateLimiter;
import io.vigil.events.v1.FeedState;
import io.vigil.events.v1.FeedStatus;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.testkit.http.StubHttpServer;
import io.vigil.testkit.http.StubHttpServer.Response;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.kafka.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feed freshness on a real broker: a KEV catalog served over HTTP succeeds (FRESH, newest record =
 * its newest dateAdded), then fails for longer than twice the run interval (STALE, the error kept
 * without its URL's query), and a restarted tracker still knows the last success.
 */
@ExtendWith(KafkaBrokerExtension.class)
class FeedFreshnessIT {
  @TempDir Path tmp;

  /** A clock the test moves. */
  private static final class TestClock extends Clock {
    private volatile Instant now;

    TestClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void shouldPublishFreshThenStaleWithTheReasonAndRememberTheLastSuccessAcrossARestart(
      KafkaBroker broker) throws Exception {
    String prefix = "ff" + UUID.randomUUID().toString().substring(0, 8) + ".";
    KafkaSettings kafka =
        new KafkaSettings(broker.bootstrapServers(), Map.of(), prefix, (short) 1, null, tmp);
    TopicContents.createTopics(kafka);
    AtomicBoolean down = new AtomicBoolean();
    byte[] catalog = Fixtures.bytes("kev/kev-first20.json");
    TestClock clock = new TestClock(Instant.parse("2025-08-26T06:00:00Z"));
    Duration hourly = Duration.ofHours(1);
    try (StubHttpServer server =
        new StubHttpServer(
            r ->
                down.get()
                    ? Response.text(403, "Forbidden")
                    : new Response(200, Map.of("Content-Type", "application/json"), catalog, 0))) {
      String url = server.url() + "/kev.json?token=secret-token";
      IngestAdvisoriesConfig cfg = IngestAdvisoriesConfig.defaults();
      try (IngestAdvisoriesService svc = service(kafka, cfg);
          FreshnessTracker tracker =
              new FreshnessTracker(
                  kafka,
                  FeedFreshnessConfig.defaults(),
                  Set.of("kev"),
                  hourly,
                  new SimpleMeterRegistry(),
                  clock)) {
        svc.freshness(tracker);

        assertThat(svc.runOnce(List.of(Source.parse("kev:" + url))).get(0).ok()).isTrue();
        FeedStatus fresh = tracker.statuses().get(0);
        down.set(true);
        clock.advance(Duration.ofMinutes(150));
        assertThat(svc.runOnce(List.of(Source.parse("kev:" + url))).get(0).ok()).isFalse();
        FeedStatus stale = tracker.statuses().get(0);

        assertThat(fresh.getState()).isEqualTo(FeedState.FRESH);
        assertThat(fresh.getNewestRecordAt()).isEqualTo(Instant.parse("2025-08-25T00:00:00Z"));
        assertThat(fresh.getLastSuccessAt()).isEqualTo(Instant.parse("2025-08-26T06:00:00Z"));
        assertThat(fresh.getExpectedCadenceSeconds()).isEqualTo(Duration.ofDays(7).getSeconds());
        assertThat(stale.getState()).isEqualTo(FeedState.STALE);
        assertThat(stale.getReasons())
            .containsExactly("last successful update 2h 30m ago, runs every 1h");
        assertThat(stale.getLastError()).contains("403").doesNotContain("secret-token");
      }
      Map<String, FeedStatus> published = TopicContents.latest(kafka, kafka.catalog().feedStatus());
      assertThat(published.get("kev").getState()).isEqualTo(FeedState.STALE);

      clock.advance(Duration.ofMinutes(1));
      try (FreshnessTracker restarted =
          new FreshnessTracker(
              kafka,
              FeedFreshnessConfig.defaults(),
              Set.of("kev"),
              hourly,
              new SimpleMeterRegistry(),
              clock)) {
        FeedStatus after = restarted.statuses().get(0);
        assertThat(after.getLastSuccessAt()).isEqualTo(Instant.parse("2025-08-26T06:00:00Z"));
        assertThat(after.getNewestRecordAt()).isEqualTo(Instant.parse("2025-08-25T00:00:00Z"));
        assertThat(after.getState()).isEqualTo(FeedState.STALE);
      }
    }
  }

  private static IngestAdvisoriesService service(KafkaSettings kafka, IngestAdvisoriesConfig cfg)
      throws InterruptedException {
    return new IngestAdvisoriesService(
        kafka,
        cfg,
        new SimpleMeterRegistry(),
        null,
        Clock.systemUTC(),
        new FeedHttp(cfg, d -> Thread.sleep(Math.min(d.toMillis(), 20))),
        new RateLimiter(cfg.nvdRequestsPerWindow(), cfg.nvdWindow()));
  }
}
