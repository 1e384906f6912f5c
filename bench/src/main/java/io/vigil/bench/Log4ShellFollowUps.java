package io.vigil.bench;

import io.vigil.core.triage.AnalysisKeys;
import io.vigil.core.triage.PurlPattern;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.Analysis;
import io.vigil.events.v1.AnalysisScopeKind;
import io.vigil.events.v1.AnalysisState;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.events.v1.VexJustification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What {@link Log4ShellBench} may do after an advisory's NEW events: a portfolio-wide decision
 * timed to the K-th SUPPRESSED event ({@code --suppress}), and the portfolio fix plan asked and
 * timed once every advisory is out ({@code --fix-plan}). Each checks its result.
 */
final class Log4ShellFollowUps {
  private Log4ShellFollowUps() {}

  /**
   * Publishes a portfolio-wide not_affected decision on {@code cve} for every log4j-core and times
   * the SUPPRESSED events of {@code a} until the {@code affected}-th; then checks that they name
   * exactly the affected projects, once each, and that nothing else was said about the advisory.
   */
  static long suppress(
      int run,
      int affected,
      Advisory a,
      String cve,
      KafkaProducer<String, Analysis> decisions,
      KafkaConsumer<String, ExposureEvent> consumer,
      List<TopicPartition> parts,
      io.vigil.schemas.TopicCatalog topics)
      throws Exception {
    consumer.seekToEnd(parts);
    parts.forEach(consumer::position);
    String pattern = "pkg:maven/org.apache.logging.log4j/log4j-core";
    String key =
        AnalysisKeys.encode(
            io.vigil.core.triage.AnalysisScope.portfolio(PurlPattern.parse(pattern)), cve);
    Analysis decision =
        Analysis.newBuilder()
            .setKey(key)
            .setScope(
                io.vigil.events.v1.AnalysisScope.newBuilder()
                    .setKind(AnalysisScopeKind.PORTFOLIO)
                    .setComponent(pattern)
                    .build())
            .setVulnerabilityId(cve)
            .setState(AnalysisState.NOT_AFFECTED)
            .setJustification(VexJustification.VULNERABLE_CODE_NOT_IN_EXECUTE_PATH)
            .setDetail("benchmark: JNDI lookups disabled everywhere")
            .setAuthor("bench")
            .setDecidedAt(java.time.Instant.now())
            .build();
    long published = System.currentTimeMillis();
    decisions.send(new ProducerRecord<>(topics.analyses().name(), key, decision)).get();
    List<String> suppressed = new ArrayList<>();
    int others = 0;
    long last = published;
    long deadline = published + 120_000;
    while (System.currentTimeMillis() < deadline
        && (suppressed.size() < affected || System.currentTimeMillis() < last + 2_000)) {
      for (var r : consumer.poll(Duration.ofMillis(20))) {
        ExposureEvent e = r.value();
        if (!e.getAdvisory().getId().equals(a.getId())) {
          continue;
        }
        if (e.getType() == ExposureType.SUPPRESSED) {
          if (suppressed.size() < affected) {
            last = System.currentTimeMillis();
          }
          suppressed.add(e.getProjectId());
        } else {
          others++;
        }
      }
    }
    if (suppressed.size() < affected) {
      throw new IllegalStateException(
          "run "
              + run
              + ": only "
              + suppressed.size()
              + " of "
              + affected
              + " SUPPRESSED in 120 s");
    }
    // what came in the 2 s after the last one is in the check too: nothing more may follow
    String problem = Log4ShellBench.resultSetProblem(suppressed, others, affected);
    if (problem != null) {
      throw new IllegalStateException(
          "run "
              + run
              + ", portfolio decision on "
              + cve
              + ": "
              + problem.replace("NEW", "SUPPRESSED"));
    }
    long ms = last - published;
    BenchSupport.log(
        String.format(
            "run %d: a portfolio decision suppressed %d exposures in %d ms (result set checked)",
            run, affected, ms));
    return ms;
  }

  /**
   * Asks the portfolio fix plan {@code n} times and times each answer (wall, client side: what a
   * user waits); checks the first package against what the runs produced.
   */
  static Map<String, Object> fixPlan(String queryUrl, int n, int affectedProjects, long exposures)
      throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.http.HttpRequest request =
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(queryUrl + "/api/v1/fix-plan?top=20"))
            .build();
    List<Long> times = new ArrayList<>();
    com.fasterxml.jackson.databind.JsonNode plan = null;
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      var r = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
      times.add((System.nanoTime() - t0) / 1_000_000);
      if (r.statusCode() != 200) {
        throw new IllegalStateException("GET /api/v1/fix-plan: " + r.statusCode() + " " + r.body());
      }
      plan = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
    }
    var first = plan.path("upgrades").path(0);
    String problem = fixPlanProblem(first, affectedProjects, exposures);
    if (problem != null) {
      throw new IllegalStateException("portfolio fix plan: " + problem + ": " + first);
    }
    List<Long> warm = BenchSupport.sorted(times.subList(1, times.size()));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("queries", n);
    out.put("cold_ms", times.get(0));
    if (!warm.isEmpty()) {
      out.put("warm_ms_min", warm.get(0));
      out.put("warm_ms_median", warm.get(warm.size() / 2));
      out.put("warm_ms_p95", BenchSupport.quantile(warm, 0.95));
      out.put("warm_ms_max", warm.get(warm.size() - 1));
    }
    out.put("packages", plan.path("packages").asInt());
    out.put("first_package_verified", true);
    out.put("goal_ms", 1000);
    BenchSupport.log(
        String.format(
            "portfolio fix plan: %d ms cold, warm median %s ms over %d queries (checked)",
            times.get(0), warm.isEmpty() ? "-" : warm.get(warm.size() / 2), n - 1));
    return out;
  }

  /**
   * Why the first package of the portfolio fix plan is not log4j-core upgraded in {@code projects}
   * projects resolving {@code exposures} exposures, or null when it is.
   */
  static String fixPlanProblem(
      com.fasterxml.jackson.databind.JsonNode first, int projects, long exposures) {
    if (!first.path("package").asText().contains("log4j-core")) {
      return "first package is not log4j-core";
    }
    if (first.path("projects").asInt() != projects) {
      return "expected " + projects + " projects";
    }
    if (first.path("resolves").path("total").asLong() != exposures) {
      return "expected " + exposures + " exposures resolved";
    }
    return null;
  }
}
