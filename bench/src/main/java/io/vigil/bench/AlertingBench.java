package io.vigil.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.alerting.AlertingConfig;
import io.vigil.alerting.AlertingService;
import io.vigil.alerting.ChannelConfig;
import io.vigil.alerting.delivery.KafkaDeliveryLog;
import io.vigil.alerting.delivery.Sleeper;
import io.vigil.deploy.EmbeddedKafka;
import io.vigil.events.v1.AlertDelivery;
import io.vigil.events.v1.Component;
import io.vigil.events.v1.DeliveryStatus;
import io.vigil.events.v1.ExposureAdvisory;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.platform.config.Secret;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.kafka.Quiescence;
import io.vigil.platform.kafka.TopicAdmin;
import io.vigil.platform.metrics.Metrics;
import io.vigil.testkit.http.JiraStub;
import io.vigil.testkit.http.SlackWebhookStub;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Alert delivery on an in-process broker to local stand-ins of a Slack incoming webhook and Jira
 * Cloud, each answering after a simulated latency (default 50 ms).
 *
 * <ul>
 *   <li><b>burst</b>: one advisory hits N projects (N NEW exposure events produced at once): one
 *       Slack digest and N Jira issues (each a JQL search and a create: two round trips). Reports
 *       per exposure the time from its {@code triggeredAt} to its delivery being recorded in the
 *       delivery log (p50/p99 per channel; the Slack digest is one message, so one value), the time
 *       to the first and the last Jira issue, Jira issues/s between the first and the last, and
 *       exposures/s end to end (N over the time to the last delivery).
 *   <li><b>messages</b>: M distinct vulnerabilities for one project, to Slack only with no rate
 *       limit (one digest each): the raw messages/s of one chat channel's lane.
 * </ul>
 *
 * Prints one JSON line per run and a last one with min/median/max.
 *
 * <pre>
 * java -cp 'cli/target/dist/lib/*' io.vigil.bench.AlertingBench \
 *     --projects 1000 --messages 100 --latency-ms 50 --quiet-ms 2000 --runs 3
 * </pre>
 */
public final class AlertingBench {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AlertingBench() {}

  private record Options(
      int projects, int messages, long latencyMs, long quietMs, int jiraLanes, int runs) {}

  public static void main(String[] args) throws Exception {
    // the stand-ins run on the JDK's HTTP server, which leaves Nagle's algorithm on by default:
    // with delayed ACKs that adds ~40 ms to every answer, which is not what is measured here
    System.setProperty("sun.net.httpserver.nodelay", "true");
    int projects = 1000;
    int messages = 100;
    long latency = 50;
    long quiet = 2000;
    int lanes = 4;
    int runs = 3;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--projects" -> projects = Integer.parseInt(args[++i]);
        case "--messages" -> messages = Integer.parseInt(args[++i]);
        case "--latency-ms" -> latency = Long.parseLong(args[++i]);
        case "--quiet-ms" -> quiet = Long.parseLong(args[++i]);
        case "--jira-lanes" -> lanes = Integer.parseInt(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Options o = new Options(projects, messages, latency, quiet, lanes, runs);
    List<ObjectNode> results = new ArrayList<>();
    try (EmbeddedKafka broker = EmbeddedKafka.start()) {
      for (int r = 1; r <= runs; r++) {
        ObjectNode burst = burst(broker, o, r);
        ObjectNode msgs = messages(broker, o, r);
        ObjectNode run = JSON.createObjectNode().put("run", r);
        run.set("burst", burst);
        run.set("messages", msgs);
        System.out.println(run);
        results.add(run);
      }
    }
    ObjectNode summary = JSON.createObjectNode();
    summary.put("bench", "alerting");
    summary.put("projects", projects);
    summary.put("latencyMs", latency);
    summary.put("quietMs", quiet);
    summary.put("jiraLanes", lanes);
    summary.put("runs", runs);
    stat(summary, "exposuresPerS", results, "burst", "exposuresPerS");
    stat(summary, "jiraIssuesPerS", results, "burst", "jiraIssuesPerS");
    stat(summary, "slackDigestMs", results, "burst", "slackDigestMs");
    stat(summary, "jiraFirstMs", results, "burst", "jiraFirstMs");
    stat(summary, "jiraLastMs", results, "burst", "jiraLastMs");
    stat(summary, "slackP50Ms", results, "burst", "slackP50Ms");
    stat(summary, "slackP99Ms", results, "burst", "slackP99Ms");
    stat(summary, "jiraP50Ms", results, "burst", "jiraP50Ms");
    stat(summary, "jiraP99Ms", results, "burst", "jiraP99Ms");
    stat(summary, "slackMessagesPerS", results, "messages", "messagesPerS");
    System.out.println(summary);
  }

  /** One advisory, N projects: a Slack digest and N Jira issues. */
  private static ObjectNode burst(EmbeddedKafka broker, Options o, int run) throws Exception {
    KafkaSettings kafka = settings(broker, "burst" + run);
    try (Admin admin = Admin.create(kafka.admin());
        SlackWebhookStub slack = new SlackWebhookStub();
        JiraStub jira = JiraStub.cloud("bench@example.com", "bench-token", "SEC");
        Metrics metrics = new Metrics("alerting-bench")) {
      TopicAdmin.ensure(admin, kafka.catalog().all());
      slack.latency(o.latencyMs());
      jira.latency(o.latencyMs());
      Map<String, ChannelConfig> channels = new LinkedHashMap<>();
      channels.put("slack", ChannelConfig.slackWebhook(Secret.of(slack.webhookUrl())));
      channels.put(
          "jira",
          ChannelConfig.builder("jira")
              .baseUrl(jira.url())
              .user("bench@example.com")
              .token(Secret.of("bench-token"))
              .project("SEC")
              .lanes(o.jiraLanes())
              .build());
      AlertingConfig cfg =
          AlertingConfig.defaults()
              .withGroupId("alerting-" + kafka.topicPrefix())
              .withChannels(channels, null)
              .withWindows(Duration.ofSeconds(30), Duration.ofMillis(o.quietMs()));
      try (AlertingService svc =
              new AlertingService(kafka, cfg, quiet(), metrics, Clock.systemUTC(), Sleeper.real())
                  .start();
          var producer = producer(kafka)) {
        waitFor(svc::ready, Duration.ofMinutes(1));
        Instant t0 = Instant.now();
        List<ExposureEvent> events = new ArrayList<>();
        for (int i = 0; i < o.projects(); i++) {
          events.add(exposure(String.format("project-%05d", i), "CVE-2021-44228", t0));
        }
        produce(producer, kafka, events);
        boolean done =
            waitFor(
                    () -> jira.issues().size() == o.projects() && slack.requests().size() >= 1,
                    Duration.ofMinutes(10))
                && Quiescence.await(
                    admin,
                    List.of(cfg.groupId()),
                    t -> false,
                    Duration.ofMillis(500),
                    Duration.ofMinutes(2));
        Map<String, AlertDelivery> log = KafkaDeliveryLog.readAll(kafka, Duration.ofSeconds(60));
        List<Long> slackMs = latencies(log, "slack", t0);
        List<Long> jiraMs = latencies(log, "jira", t0);
        ObjectNode out = JSON.createObjectNode();
        out.put("completed", done);
        out.put("exposures", o.projects());
        out.put("slackMessages", slack.requests().size());
        out.put("jiraIssues", jira.issues().size());
        out.put("jiraRequests", jira.requests().size());
        long first = jiraMs.isEmpty() ? -1 : jiraMs.get(0);
        out.put("slackDigestMs", max(slackMs));
        out.put("jiraFirstMs", first);
        out.put("jiraLastMs", max(jiraMs));
        out.put(
            "jiraIssuesPerS",
            jiraMs.size() < 2 ? 0 : perSecond(jiraMs.size() - 1, max(jiraMs) - first));
        out.put("exposuresPerS", perSecond(o.projects(), Math.max(max(jiraMs), max(slackMs))));
        out.put("slackP50Ms", percentile(slackMs, 50));
        out.put("slackP99Ms", percentile(slackMs, 99));
        out.put("jiraP50Ms", percentile(jiraMs, 50));
        out.put("jiraP99Ms", percentile(jiraMs, 99));
        return out;
      }
    }
  }

  /** M vulnerabilities of one project to Slack only, no rate limit: one message each. */
  private static ObjectNode messages(EmbeddedKafka broker, Options o, int run) throws Exception {
    KafkaSettings kafka = settings(broker, "msgs" + run);
    try (Admin admin = Admin.create(kafka.admin());
        SlackWebhookStub slack = new SlackWebhookStub();
        Metrics metrics = new Metrics("alerting-bench")) {
      TopicAdmin.ensure(admin, kafka.catalog().all());
      slack.latency(o.latencyMs());
      Map<String, ChannelConfig> channels =
          Map.of(
              "slack",
              ChannelConfig.builder("slack")
                  .webhook(Secret.of(slack.webhookUrl()))
                  .minInterval(Duration.ZERO)
                  .build());
      AlertingConfig cfg =
          AlertingConfig.defaults()
              .withGroupId("alerting-" + kafka.topicPrefix())
              .withChannels(channels, null)
              .withWindows(Duration.ofSeconds(30), Duration.ofMillis(o.quietMs()));
      try (AlertingService svc =
              new AlertingService(kafka, cfg, quiet(), metrics, Clock.systemUTC(), Sleeper.real())
                  .start();
          var producer = producer(kafka)) {
        waitFor(svc::ready, Duration.ofMinutes(1));
        Instant t0 = Instant.now();
        List<ExposureEvent> events = new ArrayList<>();
        for (int i = 0; i < o.messages(); i++) {
          events.add(exposure("project-a", String.format("CVE-2099-%05d", i), t0));
        }
        produce(producer, kafka, events);
        boolean done =
            waitFor(() -> slack.requests().size() == o.messages(), Duration.ofMinutes(10));
        Map<String, AlertDelivery> log = KafkaDeliveryLog.readAll(kafka, Duration.ofSeconds(60));
        List<Instant> at = new ArrayList<>();
        log.values().stream()
            .filter(d -> "slack".equals(d.getChannel()) && d.getProjectId() != null)
            .forEach(d -> at.add(d.getUpdatedAt()));
        Collections.sort(at);
        ObjectNode out = JSON.createObjectNode();
        out.put("completed", done);
        out.put("messages", slack.requests().size());
        double spanS =
            at.size() < 2
                ? 0
                : Duration.between(at.get(0), at.get(at.size() - 1)).toMillis() / 1000.0;
        out.put("messagesPerS", spanS == 0 ? 0 : round((at.size() - 1) / spanS));
        return out;
      }
    }
  }

  private static KafkaSettings settings(EmbeddedKafka broker, String name) throws Exception {
    Path state = Files.createTempDirectory("vigil-alert-bench-");
    String prefix = "b" + name + UUID.randomUUID().toString().substring(0, 6) + ".";
    return new KafkaSettings(broker.bootstrapServers(), Map.of(), prefix, (short) 1, null, state);
  }

  private static KafkaProducer<String, ExposureEvent> producer(KafkaSettings kafka) {
    var props = kafka.producer("alerting-bench");
    // one request in flight: a retry after a timeout on the busy in-process broker is then always
    // recognised as a duplicate (with 5, an old batch's retry can fail with OutOfOrderSequence)
    props.put("max.in.flight.requests.per.connection", "1");
    return new KafkaProducer<>(
        props,
        new StringSerializer(),
        kafka.serdeFactory().value(kafka.catalog().exposures()).serializer());
  }

  /** Produces the events and waits for every acknowledgement (a lost input must fail the run). */
  private static void produce(
      KafkaProducer<String, ExposureEvent> producer,
      KafkaSettings kafka,
      List<ExposureEvent> events)
      throws Exception {
    List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
    for (ExposureEvent e : events) {
      acks.add(
          producer.send(
              new ProducerRecord<>(kafka.catalog().exposures().name(), e.getProjectId(), e)));
    }
    producer.flush();
    for (var f : acks) {
      f.get();
    }
  }

  /** ms from the burst's trigger to each group's delivery record on this channel. */
  private static List<Long> latencies(Map<String, AlertDelivery> log, String channel, Instant t0) {
    List<Long> out = new ArrayList<>();
    for (AlertDelivery d : log.values()) {
      if (channel.equals(d.getChannel())
          && d.getProjectId() != null
          && d.getStatus() == DeliveryStatus.SENT) {
        out.add(Duration.between(t0, d.getUpdatedAt()).toMillis());
      }
    }
    Collections.sort(out);
    return out;
  }

  private static ExposureEvent exposure(String project, String cve, Instant triggeredAt) {
    String purl = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";
    String exposureId = project + "|" + purl + "|" + cve;
    return ExposureEvent.newBuilder()
        .setEventId(exposureId + "|NEW")
        .setExposureId(exposureId)
        .setType(ExposureType.NEW)
        .setCause(ExposureCause.NEW_ADVISORY)
        .setProjectId(project)
        .setProject(project)
        .setComponent(
            Component.newBuilder()
                .setPurl(purl)
                .setName("log4j-core")
                .setEcosystem("Maven")
                .setVersion("2.14.1")
                .build())
        .setAdvisory(
            ExposureAdvisory.newBuilder()
                .setId("GHSA-" + cve)
                .setAliases(List.of(cve))
                .setVulnerabilityId(cve)
                .setSummary("Remote code injection in Log4j")
                .setSeverity("CRITICAL")
                .setScore(10.0)
                .setUrl("https://github.com/advisories/GHSA-jfh8-c2jp-5v3q")
                .build())
        .setFixedVersions(List.of("2.15.0"))
        .setSmallestFix("2.15.0")
        .setTriggeredAt(triggeredAt)
        .setEmittedAt(triggeredAt)
        .build();
  }

  private static boolean waitFor(java.util.function.BooleanSupplier c, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!c.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  private static long percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return -1;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  private static long max(List<Long> sorted) {
    return sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1);
  }

  private static double perSecond(int n, long ms) {
    return ms <= 0 ? 0 : round(n * 1000.0 / ms);
  }

  private static double round(double d) {
    return Math.round(d * 10) / 10.0;
  }

  private static void stat(
      ObjectNode summary, String name, List<ObjectNode> runs, String scenario, String field) {
    List<Double> v = new ArrayList<>();
    runs.forEach(r -> v.add(r.path(scenario).path(field).asDouble()));
    Collections.sort(v);
    ObjectNode s = summary.putObject(name);
    s.put("min", v.get(0));
    s.put("median", v.get(v.size() / 2));
    s.put("max", v.get(v.size() - 1));
    ArrayNode all = s.putArray("runs");
    v.forEach(all::add);
  }

  private static PrintStream quiet() {
    return new PrintStream(
        OutputStream.nullOutputStream(), true, java.nio.charset.StandardCharsets.UTF_8);
  }
}
