package io.vigil.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.events.v1.ExposureAdvisory;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.events.v1.FeedState;
import io.vigil.events.v1.FeedStatus;
import io.vigil.platform.config.Secret;
import io.vigil.platform.http.HttpSecurity;
import io.vigil.platform.http.Roles;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.kafka.TopicAdmin;
import io.vigil.platform.metrics.Metrics;
import io.vigil.testkit.http.StubHttpServer;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.kafka.KafkaBrokerExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console over HTTP (no browser): login and sessions, CSRF, roles, a query API that answers 503
 * (shown as unavailable, never as a shorter list) or is down (the next URL is asked), and the Live
 * page's event stream fed from a real exposures topic. One console for the class.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ConsoleIT {
  private static final String READ_KEY = "read-key-0123456789abcdef";
  private static final String TRIAGE_KEY = "triage-key-0123456789abcdef";
  private static final String UPLOAD_KEY = "upload-key-0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  private static final String CONSOLE_KEY = "console-own-key-0123456789abcdef";
  private static final String LOG4J = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";

  private static StubHttpServer queryApi;
  private static StubHttpServer triageApi;
  private static final List<String> decisions = new CopyOnWriteArrayList<>();
  private static ConsoleService console;
  private static KafkaSettings kafka;
  private static volatile boolean summaryUnavailable;

  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void start(KafkaBroker broker) throws Exception {
    String prefix = "console" + UUID.randomUUID().toString().substring(0, 8) + ".";
    kafka = new KafkaSettings(broker.bootstrapServers(), Map.of(), prefix, (short) 1, null, null);
    try (Admin admin = Admin.create(kafka.admin())) {
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(
              () -> {
                TopicAdmin.ensure(
                    admin, List.of(kafka.catalog().exposures(), kafka.catalog().feedStatus()));
                return true;
              });
    }
    queryApi =
        new StubHttpServer(
            r -> {
              if (!"query-key-0123456789abcdef".equals(r.header("X-Api-Key"))) {
                return StubHttpServer.Response.json(401, "{\"error\":\"unauthorized\"}");
              }
              if (r.path().equals("/api/v1/exposures/summary") && summaryUnavailable) {
                return StubHttpServer.Response.json(
                    503,
                    "{\"error\":\"unavailable\",\"message\":\"cannot answer completely: partitions"
                        + " [1, 3] of exposures-store are unavailable\"}");
              }
              if (r.path().equals("/api/v1/projects/shop/exposures")) {
                return StubHttpServer.Response.json(
                    200,
                    "{\"items\":[{\"project\":\"shop\",\"projectId\":\"shop\","
                        + "\"projectVersion\":\"1.0\",\"purl\":\""
                        + LOG4J
                        + "\",\"version\":\"2.14.1\",\"advisory\":\"GHSA-jfh8-c2jp-5v3q\","
                        + "\"vulnerability\":\"CVE-2021-44228\",\"aliases\":[\"CVE-2021-44228\"],"
                        + "\"severity\":\"CRITICAL\",\"fixed\":[\"2.15.0\"]}]}");
              }
              if (r.path().equals("/api/v1/remediation/time-to-fix")) {
                return StubHttpServer.Response.json(
                    200,
                    "{\"bucketDays\":[1,7],\"all\":{\"fixed\":2},\"bySeverity\":["
                        + "{\"severity\":\"CRITICAL\",\"fixed\":2,\"medianSeconds\":302400,"
                        + "\"p90Seconds\":1728000,\"histogram\":[{\"count\":0},{\"count\":1},"
                        + "{\"count\":1}]}],\"byKev\":[{\"kev\":true,\"fixed\":2,"
                        + "\"medianSeconds\":302400,\"p90Seconds\":1728000,\"histogram\":[]}]}");
              }
              if (r.path().equals("/api/v1/exposures/trend")) {
                return StubHttpServer.Response.json(
                    200,
                    "{\"severities\":[\"CRITICAL\",\"HIGH\"],\"partitions\":2,\"days\":["
                        + "{\"day\":\"2026-12-06\",\"open\":null,\"complete\":false},"
                        + "{\"day\":\"2026-12-07\",\"open\":5,\"kev\":1,\"complete\":true,"
                        + "\"bySeverity\":{\"CRITICAL\":3,\"HIGH\":2}},"
                        + "{\"day\":\"2026-12-08\",\"open\":4,\"kev\":1,\"complete\":false,"
                        + "\"bySeverity\":{\"CRITICAL\":3,\"HIGH\":1}}]}");
              }
              if (r.path().equals("/api/v1/exposures/summary")) {
                return StubHttpServer.Response.json(
                    200,
                    "{\"exposures\":1,\"projects\":1,\"kev\":{\"exposures\":1,\"projects\":1},"
                        + "\"bySeverity\":[{\"severity\":\"CRITICAL\",\"exposures\":1,\"projects\":1}],"
                        + "\"bySsvc\":[{\"outcome\":\"ACT\",\"exposures\":1,\"projects\":1},"
                        + "{\"outcome\":\"TRACK_STAR\",\"exposures\":0,\"projects\":0}],"
                        + "\"topPackages\":[],\"topAdvisories\":[],\"topProjects\":"
                        + "[{\"projectId\":\"shop\",\"project\":\"shop\",\"worstSeverity\":\"CRITICAL\","
                        + "\"kev\":true,\"exposures\":1}]}");
              }
              return StubHttpServer.Response.json(
                  404, "{\"error\":\"not_found\",\"message\":\"no\"}");
            });
    // a stand-in for ingest-sbom's triage API: it takes only the console's own key, records each
    // decision in the name the console gives (as a delegate key's decision is recorded) and lists
    // it
    triageApi =
        new StubHttpServer(
            r -> {
              if (!CONSOLE_KEY.equals(r.header("X-Api-Key"))) {
                return StubHttpServer.Response.json(401, "{\"error\":\"unauthorized\"}");
              }
              if (r.method().equals("PUT") && r.path().equals("/api/v1/analyses")) {
                var d = JSON.readTree(r.body());
                decisions.add(
                    JSON.createObjectNode()
                        .put("vulnerability", d.path("vulnerability").asText())
                        .put("state", d.path("state").asText())
                        .put("justification", d.path("justification").asText(null))
                        .put("detail", d.path("detail").asText(null))
                        .put("author", d.path("author").asText() + " (via console)")
                        .put("decidedAt", Instant.now().toString())
                        .set(
                            "scope",
                            JSON.createObjectNode()
                                .put("kind", "component")
                                .put("project", d.path("project").asText())
                                .put("component", d.path("component").asText()))
                        .toString());
                return StubHttpServer.Response.json(200, "{\"changed\":true}");
              }
              if (r.method().equals("GET") && r.path().equals("/api/v1/analyses")) {
                return StubHttpServer.Response.json(
                    200, "{\"items\":[" + String.join(",", decisions) + "]}");
              }
              if (r.path().equals("/api/v1/coverage")) {
                return StubHttpServer.Response.json(
                    200,
                    "{\"staleAfter\":\"PT720H\",\"projectCount\":2,\"staleCount\":1,"
                        + "\"meanScore\":64.0,\"projects\":[{\"project\":\"legacy-billing\","
                        + "\"version\":\"3.1\",\"lastSbomAt\":\"2021-01-04T00:00:00Z\","
                        + "\"ageDays\":340.0,\"stale\":true},{\"project\":\"shop\","
                        + "\"ageDays\":1.0,\"stale\":false}]}");
              }
              if (r.path().equals("/api/v1/projects/shop/vex")) {
                return StubHttpServer.Response.json(
                    200, "{\"@context\":\"https://openvex.dev/ns/v0.2.0\",\"statements\":[]}");
              }
              return StubHttpServer.Response.json(
                  404, "{\"error\":\"not_found\",\"message\":\"no\"}");
            });
    HttpSecurity security =
        new HttpSecurity(
            Map.of(
                "reader", Secret.of(READ_KEY),
                "responder", Secret.of(TRIAGE_KEY),
                "ci", Secret.of(UPLOAD_KEY)),
            false,
            null,
            null,
            // platform's one role model: reader is not listed (read + upload), ci only uploads
            Roles.of(Map.of("responder", List.of("read", "triage"), "ci", List.of("upload"))));
    ConsoleConfig config =
        ConsoleConfig.defaults()
            .withHttpPort(0)
            // the first instance is down: the console asks the next
            .withQueryApi(
                List.of("http://127.0.0.1:9", queryApi.url()),
                Secret.of("query-key-0123456789abcdef"))
            .withTriageApi(triageApi.url(), Secret.of(CONSOLE_KEY));
    console = new ConsoleService(kafka, config, security, new Metrics("console")).start();
  }

  @AfterAll
  static void stop() {
    if (console != null) {
      console.close();
    }
    if (triageApi != null) {
      triageApi.close();
    }
    if (queryApi != null) {
      queryApi.close();
    }
  }

  @Test
  void shouldSendAVisitorWithoutSessionToTheLoginForm() throws Exception {
    var resp = get("/portfolio", null);

    assertThat(resp.statusCode()).isEqualTo(303);
    assertThat(resp.headers().firstValue("Location")).hasValue("/login?next=%2Fportfolio");
  }

  @Test
  void shouldLogInWithAnApiKeyIntoAnHttpOnlyStrictSessionThatNeverShowsTheKey() throws Exception {
    String session = login(READ_KEY);

    var page = get("/portfolio", session);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("reader · read").doesNotContain(READ_KEY);
    assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
  }

  @Test
  void shouldRefuseAWrongKeyAndALoginPostWithoutItsCsrfToken() throws Exception {
    var form = get("/login", null);
    String cookie = cookieOf(form, "vigil_login");

    var wrong =
        post("/login", cookie, Map.of("csrf", csrf(form.body()), "apiKey", "nope-nope-nope-nope"));
    var noToken = post("/login", cookie, Map.of("apiKey", READ_KEY));

    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.headers().firstValue("Set-Cookie").orElse(""))
        .doesNotContain("vigil_session=");
    assertThat(noToken.statusCode()).isEqualTo(403);
    assertThat(noToken.headers().firstValue("Set-Cookie")).isEmpty();
  }

  @Test
  void shouldRefuseAPostWithoutTheSessionsCsrfToken() throws Exception {
    String session = login(TRIAGE_KEY);

    var resp = post("/logout", session, Map.of());
    var wrongToken = post("/logout", session, Map.of("csrf", "forged"));

    assertThat(resp.statusCode()).isEqualTo(403);
    assertThat(resp.body()).contains("CSRF token is missing or wrong");
    assertThat(wrongToken.statusCode()).isEqualTo(403);
  }

  @Test
  void shouldNeitherOfferNorAcceptTriageFromAKeyWithoutTheTriageRole() throws Exception {
    String reader = login(READ_KEY);
    triageApi.clear();

    var page = get("/projects/shop", reader);
    var perExposure =
        post("/projects/shop/triage", reader, triageForm(csrfOf(reader), "not_affected"));
    var portfolio =
        post(
            "/vulnerabilities/GHSA-jfh8-c2jp-5v3q/triage",
            reader,
            Map.of("csrf", csrfOf(reader), "state", "false_positive", "component", LOG4J));

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<th scope=\"col\">Triage</th>").doesNotContain("triage-form");
    assertThat(perExposure.statusCode()).isEqualTo(403);
    assertThat(perExposure.body()).contains("Your key can read, not triage");
    assertThat(portfolio.statusCode()).isEqualTo(403);
    assertThat(triageApi.requests()).noneMatch(r -> r.method().equals("PUT"));
  }

  @Test
  void shouldRefuseATriagePostWithoutTheCsrfTokenAndRecordNothing() throws Exception {
    String responder = login(TRIAGE_KEY);
    triageApi.clear();

    var resp = post("/projects/shop/triage", responder, triageForm(null, "not_affected"));

    assertThat(resp.statusCode()).isEqualTo(403);
    assertThat(resp.body()).contains("CSRF token is missing or wrong");
    assertThat(triageApi.requests()).noneMatch(r -> r.method().equals("PUT"));
  }

  @Test
  void shouldRefuseEveryPageToAKeyThatMayOnlyUpload() throws Exception {
    var resp = get("/projects/shop", login(UPLOAD_KEY));

    assertThat(resp.statusCode()).isEqualTo(403);
    assertThat(resp.body()).contains("needs the role 'read'");
  }

  @Test
  void shouldRecordATriageKeysDecisionThroughTheConsolesKeyInTheUsersNameAndShowIt()
      throws Exception {
    String responder = login(TRIAGE_KEY);
    triageApi.clear();
    decisions.clear();

    var offered = get("/projects/shop", responder);
    var resp =
        post("/projects/shop/triage", responder, triageForm(csrfOf(responder), "not_affected"));

    assertThat(offered.body()).contains("triage-form").doesNotContain(CONSOLE_KEY);
    assertThat(resp.statusCode()).as(resp.body()).isEqualTo(303);
    assertThat(resp.headers().firstValue("Location").orElseThrow()).startsWith("/projects/shop#t");
    var put = triageApi.requests().stream().filter(r -> r.method().equals("PUT")).toList();
    assertThat(put).hasSize(1);
    assertThat(put.get(0).header("X-Api-Key")).isEqualTo(CONSOLE_KEY);
    var body = JSON.readTree(put.get(0).body());
    assertThat(body.path("author").asText()).isEqualTo("responder");
    assertThat(body.path("project").asText()).isEqualTo("shop");
    assertThat(body.path("component").asText()).isEqualTo(LOG4J);
    assertThat(body.path("vulnerability").asText()).isEqualTo("GHSA-jfh8-c2jp-5v3q");
    assertThat(body.path("state").asText()).isEqualTo("not_affected");
    assertThat(body.path("justification").asText())
        .isEqualTo("vulnerable_code_not_in_execute_path");
    assertThat(body.path("detail").asText()).isEqualTo("JNDI lookups are disabled");
    // the decision is read back from the triage API and shown on the exposure
    var page = get("/projects/shop", responder);
    assertThat(page.body())
        .contains("not affected")
        .contains("suppressed")
        .contains("vulnerable_code_not_in_execute_path")
        .contains("JNDI lookups are disabled")
        .contains("responder (via console)")
        .doesNotContain(CONSOLE_KEY);
    // the page asked only for the decisions that can apply to its rows, never the whole list (one
    // row, two ids: two calls by vulnerability, as many as by project and portfolio)
    assertThat(
            triageApi.requests().stream()
                .filter(r -> r.method().equals("GET") && r.path().equals("/api/v1/analyses"))
                .map(r -> r.query())
                .distinct())
        .containsExactlyInAnyOrder(
            "vulnerability=CVE-2021-44228", "vulnerability=GHSA-jfh8-c2jp-5v3q");
  }

  @Test
  void shouldDownloadAProjectsVexThroughTheConsolesKey() throws Exception {
    String reader = login(READ_KEY);

    var page = get("/projects/shop", reader);
    var vex = get("/projects/shop/vex?format=openvex&name=shop&version=1.0", reader);

    assertThat(page.body())
        .contains("/projects/shop/vex?format=openvex&amp;name=shop&amp;version=1.0");
    assertThat(vex.statusCode()).isEqualTo(200);
    assertThat(vex.headers().firstValue("Content-Disposition").orElseThrow())
        .contains("attachment")
        .contains("shop-1.0.openvex.json");
    assertThat(vex.body()).contains("openvex.dev");
  }

  private static Map<String, String> triageForm(String csrf, String state) {
    Map<String, String> form = new java.util.LinkedHashMap<>();
    if (csrf != null) {
      form.put("csrf", csrf);
    }
    form.put("project", "shop");
    form.put("component", LOG4J);
    form.put("vulnerability", "GHSA-jfh8-c2jp-5v3q");
    form.put("row", "t1");
    form.put("state", state);
    form.put("justification", "vulnerable_code_not_in_execute_path");
    form.put("detail", "JNDI lookups are disabled");
    return form;
  }

  @Test
  void shouldShowA503OfTheQueryApiAsUnavailableDataNotAsAShorterList() throws Exception {
    String session = login(READ_KEY);
    summaryUnavailable = true;
    try {
      var page = get("/portfolio", session);

      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body())
          .contains("Partial data unavailable")
          .contains("partitions [1, 3] of exposures-store are unavailable")
          .doesNotContain("Projects exposed");
    } finally {
      summaryUnavailable = false;
    }
    // the feed-freshness panel reads the feeds' status topic: NVD's newest record is 3 days old
    Instant now = Instant.now();
    publishFeedStatus(status("osv", now.minusSeconds(600), now.minusSeconds(1200), 3600));
    publishFeedStatus(status("nvd", now.minusSeconds(600), now.minus(Duration.ofDays(3)), 7200));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> get("/portfolio", session).body().contains(">nvd<"));
    String body = get("/portfolio", session).body();
    assertThat(body)
        .contains("Feed freshness")
        .containsPattern(
            "<tr class=\"stale\"><th scope=\"row\">nvd</th><td class=\"state-stale\">STALE")
        .contains("newest record 3d old")
        .containsPattern(
            "<th scope=\"row\">osv</th><td class=\"\">FRESH</td><td>10m</td><td>20m</td>")
        // time to fix and the trend, from the query API's history routes
        .contains("3.5 d")
        .contains("20.0 d")
        .contains("2026-12-08 (incomplete)")
        .contains("Open exposures by severity per day");
    assertThat(body)
        .contains("Projects exposed")
        .contains("By SSVC outcome")
        .contains("<th scope=\"row\">Act</th><td>1</td><td>1</td>")
        .contains("<th scope=\"row\">Track*</th><td>0</td>")
        .contains("shop")
        // the stale-SBOM panel, from ingest-sbom's coverage API
        .contains("Stale SBOMs")
        .contains("legacy-billing")
        .contains("340.0")
        .doesNotContain("Partial data unavailable");
  }

  @Test
  void shouldPushAnExposureEventToTheLivePagesEventStream() throws Exception {
    String session = login(READ_KEY);
    List<String> lines = new CopyOnWriteArrayList<>();
    var req =
        HttpRequest.newBuilder(URI.create(console.url() + "/live/events?severity=CRITICAL"))
            .header("Cookie", session)
            .build();
    var resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(resp.statusCode()).isEqualTo(200);
    assertThat(resp.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/event-stream");
    Thread reader =
        new Thread(
            () -> {
              try (var in =
                  new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  lines.add(line);
                }
              } catch (Exception e) {
                // closed by the test
              }
            });
    reader.setDaemon(true);
    reader.start();

    publish(event("billing", "HIGH", "e-high"));
    publish(event("live-shop", "CRITICAL", "e-critical"));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> lines.stream().anyMatch(l -> l.contains("live-shop")));
    assertThat(lines).contains("event: rows").contains("event: counters");
    assertThat(lines).noneMatch(l -> l.contains(">billing<"));
    resp.body().close();
  }

  // ------------------------------------------------------------------ helpers

  private static FeedStatus status(
      String source, Instant lastSuccess, Instant newest, long cadenceSeconds) {
    return FeedStatus.newBuilder()
        .setSource(source)
        .setState(FeedState.FRESH)
        .setReasons(List.of())
        .setLastSuccessAt(lastSuccess)
        .setNewestRecordAt(newest)
        .setExpectedCadenceSeconds(cadenceSeconds)
        .setRunIntervalSeconds(900L)
        .setCheckedAt(lastSuccess)
        .build();
  }

  private static void publishFeedStatus(FeedStatus s) throws Exception {
    var topic = kafka.catalog().feedStatus();
    try (var producer =
        new KafkaProducer<>(
            kafka.producer("console-it"),
            new StringSerializer(),
            kafka.serdeFactory().value(topic))) {
      producer.send(new ProducerRecord<>(topic.name(), s.getSource(), s)).get();
    }
  }

  private static void publish(ExposureEvent e) throws Exception {
    var topic = kafka.catalog().exposures();
    try (var producer =
        new KafkaProducer<>(
            kafka.producer("console-it"),
            new StringSerializer(),
            kafka.serdeFactory().value(topic))) {
      producer.send(new ProducerRecord<>(topic.name(), e.getProjectId(), e)).get();
    }
  }

  private static ExposureEvent event(String project, String severity, String id) {
    Instant now = Instant.now();
    return ExposureEvent.newBuilder()
        .setEventId(id)
        .setExposureId("x-" + id)
        .setType(ExposureType.NEW)
        .setCause(ExposureCause.NEW_ADVISORY)
        .setProjectId(project)
        .setProject(project)
        .setComponent(
            io.vigil.events.v1.Component.newBuilder()
                .setPurl("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1")
                .setName("log4j-core")
                .setVersion("2.14.1")
                .setHashes(List.of())
                .setLicenses(List.of())
                .build())
        .setAdvisory(
            ExposureAdvisory.newBuilder()
                .setId("GHSA-jfh8-c2jp-5v3q")
                .setAliases(List.of("CVE-2021-44228"))
                .setVulnerabilityId("CVE-2021-44228")
                .setSeverity(severity)
                .build())
        .setFixedVersions(List.of("2.15.0"))
        .setIndeterminate(false)
        .setInitialInventory(false)
        .setTriggeredAt(now)
        .setEmittedAt(now)
        .build();
  }

  private String login(String key) throws Exception {
    var form = get("/login", null);
    var resp =
        post(
            "/login",
            cookieOf(form, "vigil_login"),
            Map.of("csrf", csrf(form.body()), "apiKey", key, "next", "/portfolio"));
    assertThat(resp.statusCode()).isEqualTo(303);
    assertThat(resp.headers().firstValue("Location")).hasValue("/portfolio");
    String setCookie = resp.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict").doesNotContain(key);
    return cookieOf(resp, "vigil_session");
  }

  private String csrfOf(String session) throws Exception {
    return csrf(get("/live", session).body());
  }

  private static String csrf(String html) {
    Matcher m = CSRF.matcher(html);
    assertThat(m.find()).as("a csrf field in the page").isTrue();
    return m.group(1);
  }

  private static String cookieOf(HttpResponse<String> resp, String name) {
    String v = resp.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(v).startsWith(name + "=");
    return v.substring(0, v.indexOf(';'));
  }

  private HttpResponse<String> get(String path, String cookie) throws Exception {
    var b = HttpRequest.newBuilder(URI.create(console.url() + path));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String cookie, Map<String, String> form)
      throws Exception {
    StringBuilder body = new StringBuilder();
    form.forEach(
        (k, v) ->
            body.append(body.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    var b =
        HttpRequest.newBuilder(URI.create(console.url() + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
