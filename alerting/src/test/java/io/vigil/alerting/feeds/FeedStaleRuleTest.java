package io.vigil.alerting.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.alerting.ChannelConfig;
import io.vigil.alerting.channel.Channels;
import io.vigil.alerting.render.Notice;
import io.vigil.alerting.render.NoticeMessages;
import io.vigil.events.v1.FeedState;
import io.vigil.events.v1.FeedStatus;
import io.vigil.platform.config.ConfigException;
import io.vigil.platform.config.Secret;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FeedStaleRuleTest {
  private static final Instant T0 = Instant.parse("2026-08-14T06:00:00Z");
  private static final Duration HOUR = Duration.ofHours(1);

  /** An osv status as ingest-advisories writes it: runs every 10 minutes, cadence 1h. */
  private static FeedStatus osv(Instant lastSuccess, Instant newestRecord, Instant checkedAt) {
    return FeedStatus.newBuilder()
        .setSource("osv")
        .setState(FeedState.FRESH)
        .setLastSuccessAt(lastSuccess)
        .setNewestRecordAt(newestRecord)
        .setExpectedCadenceSeconds(3600)
        .setRunIntervalSeconds(600L)
        .setCheckedAt(checkedAt)
        .build();
  }

  private static FeedStaleRule rule() {
    return new FeedStaleRule(FeedAlertsConfig.defaults());
  }

  @Test
  void shouldSendFeedStaleOncePerEpisodeWhenTheNewestRecordIsOlderThanTwiceTheCadence() {
    FeedStaleRule rule = rule();
    // osv.dev stalled: the fetch succeeds, the newest record is 8 hours old
    Instant now = T0.plus(Duration.ofHours(8));
    List<Notice> first = rule.observe(osv(now.minusSeconds(60), T0, now), now);

    assertThat(first)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.kind()).isEqualTo("FEED_STALE");
              assertThat(n.title()).isEqualTo("FEED_STALE: advisory feed osv is stale");
              assertThat(n.lines().get(0))
                  .isEqualTo("newest record 8h old, the feed publishes about every 1h");
              assertThat(n.facts()).containsEntry("source", "osv").containsEntry("state", "STALE");
            });
    // the same episode: new statuses and re-judgements say nothing more
    Instant later = now.plus(Duration.ofMinutes(10));
    assertThat(rule.observe(osv(later, T0, later), later)).isEmpty();
    assertThat(rule.judgeAll(later.plus(HOUR))).isEmpty();
    assertThat(rule.openEpisodes()).containsEntry("osv", now);
  }

  @Test
  void shouldTurnStaleAtItsOwnTimeWhenTheWriterStopsReporting() {
    FeedStaleRule rule = rule();
    assertThat(rule.observe(osv(T0, T0, T0), T0)).isEmpty();
    // no status after T0 (ingest-advisories died): it runs every 10 minutes, so at 20 minutes the
    // last success is exactly twice the interval old, and a minute later it is stale
    assertThat(rule.judgeAll(T0.plus(Duration.ofMinutes(20)))).isEmpty();

    List<Notice> at = rule.judgeAll(T0.plus(Duration.ofMinutes(21)));

    assertThat(at)
        .singleElement()
        .satisfies(
            n ->
                assertThat(n.lines().get(0))
                    .isEqualTo("last successful update 21m ago, runs every 10m"));
  }

  @Test
  void shouldSendARecoveryNoteWhenFreshAgainAndANewNoticeForTheNextEpisode() {
    FeedStaleRule rule = rule();
    Instant stale = T0.plus(Duration.ofHours(8));
    Notice first = rule.observe(osv(stale, T0, stale), stale).get(0);
    Instant back = stale.plus(Duration.ofHours(1));

    List<Notice> recovered = rule.observe(osv(back, back.minusSeconds(300), back), back);

    assertThat(recovered)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.kind()).isEqualTo("FEED_RECOVERED");
              assertThat(n.title()).isEqualTo("Advisory feed osv is fresh again");
              assertThat(n.lines().get(0)).startsWith("stale for 1h (since " + stale);
            });
    assertThat(rule.openEpisodes()).isEmpty();
    // stalls again: a second episode, with its own delivery id
    Instant again = back.plus(Duration.ofHours(3));
    List<Notice> second = rule.judgeAll(again);
    assertThat(second)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.kind()).isEqualTo("FEED_STALE");
              assertThat(n.deliveryId()).isNotEqualTo(first.deliveryId());
            });
  }

  @Test
  void shouldNotAnnounceAgainAnEpisodeRestoredAfterARestart() {
    FeedStaleRule rule = rule();
    Instant announced = T0.plus(Duration.ofHours(3));
    rule.restore("osv", announced);
    Instant now = T0.plus(Duration.ofHours(8));

    assertThat(rule.observe(osv(now, T0, now), now)).isEmpty();
    assertThat(rule.observe(osv(now, now, now), now))
        .singleElement()
        .satisfies(n -> assertThat(n.facts()).containsEntry("staleSince", announced.toString()));
  }

  @Test
  void shouldJudgeWithTheConfiguredCadenceAndLeaveOutTheRecoveryNoteWhenAskedTo() {
    // kev publishes every few days; an operator says 14 days and wants no recovery note
    FeedAlertsConfig cfg =
        new FeedAlertsConfig(null, Map.of("osv", Duration.ofHours(4)), null, false, null);
    FeedStaleRule rule = new FeedStaleRule(cfg);
    Instant now = T0.plus(Duration.ofHours(7));
    // 7h old: stale under the status's 1h, fresh under the configured 4h
    assertThat(rule.observe(osv(now, T0, now), now)).isEmpty();

    Instant later = T0.plus(Duration.ofHours(9));
    assertThat(rule.judgeAll(later)).hasSize(1);
    assertThat(rule.observe(osv(later, later, later), later)).isEmpty(); // no recovery note
    assertThat(rule.openEpisodes()).isEmpty();
  }

  @Test
  void shouldNeitherStartNorEndAnEpisodeWhileASourceIsUnknown() {
    FeedStaleRule rule = rule();
    FeedStatus nothingYet =
        FeedStatus.newBuilder()
            .setSource("nvd")
            .setState(FeedState.UNKNOWN)
            .setExpectedCadenceSeconds(7200)
            .setCheckedAt(T0)
            .build();
    assertThat(rule.observe(nothingYet, T0)).isEmpty();
    rule.restore("nvd", T0);
    assertThat(rule.judgeAll(T0.plus(Duration.ofDays(3)))).isEmpty();
    assertThat(rule.openEpisodes()).containsKey("nvd");
  }

  @Test
  void shouldDocumentTheDefaultsAndRefuseAnUnknownSourceOrChannel() {
    FeedAlertsConfig d = FeedAlertsConfig.defaults();
    assertThat(d.enabled()).isTrue();
    assertThat(d.recovery()).isTrue();
    assertThat(d.checkEvery()).isEqualTo(Duration.ofMinutes(1));
    assertThat(d.cadence())
        .containsEntry("osv", HOUR)
        .containsEntry("ghsa", Duration.ofHours(6))
        .containsEntry("nvd", Duration.ofHours(2))
        .containsEntry("kev", Duration.ofDays(7))
        .containsEntry("epss", Duration.ofDays(1));
    assertThatThrownBy(() -> new FeedAlertsConfig(null, Map.of("osx", HOUR), null, null, null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerting.feeds.cadence.osx: unknown source kind");
    assertThatThrownBy(
            () ->
                new FeedAlertsConfig(null, null, null, null, List.of("slack-ops"))
                    .validate(Set.of("slack")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerting.feeds.channels: no channel named 'slack-ops'");
  }

  @Test
  void shouldPostNoticesToChatAndWebhookChannelsButNotJira() {
    Map<String, ChannelConfig> configs = new LinkedHashMap<>();
    configs.put("slack", ChannelConfig.slackWebhook(Secret.of("https://hooks.example/s/1")));
    configs.put(
        "jira",
        ChannelConfig.builder("jira")
            .baseUrl("https://jira.example")
            .token(Secret.of("t"))
            .project("SEC")
            .build());
    configs.put("console", ChannelConfig.console());
    var channels =
        Channels.create(configs, new PrintStream(new ByteArrayOutputStream()), Clock.systemUTC());

    assertThat(FeedWatch.targets(FeedAlertsConfig.defaults(), channels))
        .extracting(c -> c.name())
        .containsExactly("slack", "console");
    assertThat(
            FeedWatch.targets(
                new FeedAlertsConfig(null, null, null, null, List.of("console")), channels))
        .extracting(c -> c.name())
        .containsExactly("console");
  }

  @Test
  void shouldRenderTheNoticeForSlackWithWhatTheFeedWroteEscaped() {
    Instant now = T0.plus(Duration.ofHours(8));
    FeedStatus failing =
        FeedStatus.newBuilder(osv(T0, T0, now))
            .setLastFailureAt(now)
            .setLastError("HTTP 503 from <https://osv.example/all.zip>")
            .build();
    Notice n = rule().observe(failing, now).get(0);

    var slack = NoticeMessages.slack(n);

    assertThat(slack.path("text").asText()).isEqualTo("FEED_STALE: advisory feed osv is stale");
    assertThat(slack.path("blocks").get(0).path("type").asText()).isEqualTo("header");
    assertThat(slack.path("blocks").get(1).path("text").path("text").asText())
        .contains("• last error: HTTP 503 from &lt;https://osv.example/all.zip&gt;");
    assertThat(NoticeMessages.webhook(n, now).path("kind").asText()).isEqualTo("FEED_STALE");
  }
}
