package io.vigil.alerting.channel;

import static io.vigil.alerting.Fixtures.LOG4J;
import static io.vigil.alerting.Fixtures.log4shell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.alerting.ChannelConfig;
import io.vigil.alerting.TestAlerts;
import io.vigil.alerting.engine.Alert;
import io.vigil.alerting.render.AlertView;
import io.vigil.alerting.render.JiraContent;
import io.vigil.events.v1.ExposureType;
import io.vigil.platform.config.Secret;
import io.vigil.testkit.http.JiraStub;
import io.vigil.testkit.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JiraChannelTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EMAIL = "vigil-bot@example.com";
  private static final String TOKEN = "ATATT3xFfGF0-test-api-token";
  private static final String LABEL = JiraContent.stableLabel("CVE-2021-44228", "demo-shop");

  private JiraStub jira;

  @AfterEach
  void stop() {
    jira.close();
  }

  private ChannelConfig.Builder cloudConfig() {
    return ChannelConfig.builder("jira")
        .baseUrl(jira.url())
        .user(EMAIL)
        .token(Secret.of(TOKEN))
        .project("SEC")
        .labels(List.of("security"))
        .components(List.of("Backend"))
        .assignee("5b10a2844c20165700ede21g")
        .reopenTransition("Reopen");
  }

  private static JiraChannel channel(ChannelConfig cfg, Duration timeout) {
    return new JiraChannel(
        "jira-sec",
        cfg,
        new JiraClient(
            cfg.baseUrl(), cfg.jiraDeployment().equals("cloud"), cfg.user(), cfg.token(), timeout));
  }

  private static Delivered deliver(JiraChannel c, Alert a) throws Exception {
    return c.deliver(a, AlertView.of(a));
  }

  private List<RecordedRequest> requests(String method, String pathEnd) {
    return jira.requests().stream()
        .filter(r -> r.method().equals(method) && r.path().endsWith(pathEnd))
        .toList();
  }

  @Test
  void shouldSearchByTheVigilLabelThenCreateOneCloudIssueWithAdfAndConfiguredFields()
      throws Exception {
    jira = JiraStub.cloud(EMAIL, TOKEN, "SEC").withComponents("Backend");
    ChannelConfig cfg = cloudConfig().build();
    JiraChannel c = channel(cfg, Duration.ofSeconds(10));
    Alert alert =
        new TestAlerts("jira-sec", cfg)
            .one(log4shell("demo-shop").kev("2021-12-24").epss(0.944, 0.999).build());

    Delivered d = deliver(c, alert);

    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((EMAIL + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
    assertThat(jira.requests())
        .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo(basic));
    assertThat(jira.requests())
        .extracting(RecordedRequest::method, RecordedRequest::path)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("POST", "/rest/api/3/search/jql"),
            org.assertj.core.groups.Tuple.tuple("POST", "/rest/api/3/issue"));
    JsonNode search = JSON.readTree(jira.requests().get(0).body());
    assertThat(search.path("jql").asText())
        .isEqualTo("project = \"SEC\" AND labels = \"" + LABEL + "\" ORDER BY created ASC");
    JsonNode fields = JSON.readTree(jira.requests().get(1).body()).path("fields");
    assertThat(fields.path("project").path("key").asText()).isEqualTo("SEC");
    assertThat(fields.path("issuetype").path("name").asText()).isEqualTo("Bug");
    assertThat(fields.path("summary").asText())
        .isEqualTo("CVE-2021-44228 in demo-shop: " + LOG4J + " (upgrade to 2.15.0)");
    assertThat(fields.path("priority").path("name").asText()).isEqualTo("Highest");
    assertThat(fields.path("labels"))
        .extracting(JsonNode::asText)
        .containsExactly("vigil", LABEL, "CVE-2021-44228", "security");
    assertThat(fields.path("components").get(0).path("name").asText()).isEqualTo("Backend");
    assertThat(fields.path("assignee").path("accountId").asText())
        .isEqualTo("5b10a2844c20165700ede21g");
    JsonNode adf = fields.path("description");
    assertThat(adf.path("type").asText()).isEqualTo("doc");
    assertThat(adf.path("version").asInt()).isEqualTo(1);
    String description = adf.toString();
    assertThat(description)
        .contains(
            "\"text\":\"CVE-2021-44228\",\"marks\":[{\"type\":\"link\",\"attrs\":{\"href\":\"https://nvd.nist.gov/vuln/detail/CVE-2021-44228\"}}]")
        .contains("Remote code injection in Log4j")
        .contains("CRITICAL 10.0")
        .contains("known exploited, added 2021-12-10, due 2021-12-24")
        .contains("94.4% (percentile 99.9%)")
        .contains("\"text\":\"" + LOG4J + "\",\"marks\":[{\"type\":\"code\"}]")
        .contains("\"text\":\"2.15.0\",\"marks\":[{\"type\":\"strong\"}]");
    assertThat(jira.issues())
        .singleElement()
        .satisfies(i -> assertThat(d.externalIds()).containsValue(i.key));
  }

  @Test
  void shouldNeverCreateASecondIssueWhenTheSameAlertIsDeliveredAgain() throws Exception {
    jira = JiraStub.cloud(EMAIL, TOKEN, "SEC").withComponents("Backend");
    ChannelConfig cfg = cloudConfig().build();
    JiraChannel c = channel(cfg, Duration.ofSeconds(10));
    Alert alert = new TestAlerts("jira-sec", cfg).one(log4shell("demo-shop").build());

    deliver(c, alert);
    deliver(c, alert);
    deliver(c, new TestAlerts("jira-sec", cfg).one(log4shell("demo-shop").build()));

    assertThat(jira.issues()).hasSize(1);
    assertThat(requests("POST", "/issue")).hasSize(1);
    assertThat(requests("POST", "/search/jql")).hasSize(3);
  }

  @Test
  void shouldCommentOnceWhenMoreComponentsOfTheProjectBecomeExposed() throws Exception {
    jira = JiraStub.cloud(EMAIL, TOKEN, "SEC").withComponents("Backend");
    ChannelConfig cfg = cloudConfig().build();
    JiraChannel c = channel(cfg, Duration.ofSeconds(10));
    TestAlerts alerts = new TestAlerts("jira-sec", cfg);
    deliver(c, alerts.one(log4shell("demo-shop").build()));
    String api = "pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1";

    Alert more = alerts.one(log4shell("demo-shop").component(api, "2.14.1").build());
    deliver(c, more);
    deliver(c, more); // a retry after a lost answer, or a restart

    JiraStub.Issue issue = jira.issues().get(0);
    assertThat(issue.comments)
        .singleElement()
        .satisfies(
            body -> {
              assertThat(body.path("type").asText()).isEqualTo("doc");
              assertThat(body.toString())
                  .contains("more components of demo-shop are exposed to CVE-2021-44228")
                  .contains("\"text\":\"" + api + "\",\"marks\":[{\"type\":\"code\"}]")
                  .doesNotContain(LOG4J)
                  .contains("[vigil:" + more.deliveryId() + "]");
            });
    assertThat(requests("POST", "/comment")).hasSize(1);
    assertThat(requests("GET", "/comment")).hasSize(2);
  }

  @Test
  void shouldTransitionTheIssueOnceWhenTheExposureIsResolvedAndReopenItWhenItReturns()
      throws Exception {
    jira = JiraStub.cloud(EMAIL, TOKEN, "SEC").withComponents("Backend");
    ChannelConfig cfg = cloudConfig().build();
    JiraChannel c = channel(cfg, Duration.ofSeconds(10));
    TestAlerts alerts = new TestAlerts("jira-sec", cfg);
    deliver(c, alerts.one(log4shell("demo-shop").build()));

    Alert resolved = alerts.one(log4shell("demo-shop").type(ExposureType.RESOLVED).build());
    deliver(c, resolved);
    deliver(c, resolved);

    JiraStub.Issue issue = jira.issues().get(0);
    assertThat(issue.status).isEqualTo("Done");
    assertThat(issue.transitions).containsExactly("Done");
    RecordedRequest transition = requests("POST", "/transitions").get(0);
    assertThat(JSON.readTree(transition.body()).path("transition").path("id").asText())
        .isEqualTo("31");
    assertThat(issue.comments)
        .singleElement()
        .satisfies(
            b ->
                assertThat(b.toString())
                    .contains("demo-shop no longer ships a component affected by CVE-2021-44228"));

    deliver(c, alerts.one(log4shell("demo-shop").build()));

    assertThat(jira.issues()).hasSize(1);
    assertThat(issue.status).isEqualTo("To Do");
    assertThat(issue.transitions).containsExactly("Done", "Reopen");
    assertThat(issue.comments.get(1).toString())
        .contains("demo-shop is exposed to CVE-2021-44228 again");
  }

  @Test
  void shouldSpeakRestV2WithWikiMarkupAndABearerTokenToJiraServer() throws Exception {
    jira = JiraStub.server("pat-0000-server-token", "SEC");
    ChannelConfig cfg =
        ChannelConfig.builder("jira")
            .baseUrl(jira.url())
            .deployment("server")
            .token(Secret.of("pat-0000-server-token"))
            .project("SEC")
            .issueType("Task")
            .assignee("jdoe")
            .resolveTransition("Done")
            .build();
    JiraChannel c = channel(cfg, Duration.ofSeconds(10));
    TestAlerts alerts = new TestAlerts("jira-sec", cfg);

    deliver(c, alerts.one(log4shell("demo-shop").severity("HIGH", 8.1).build()));
    deliver(c, alerts.one(log4shell("demo-shop").type(ExposureType.RESOLVED).build()));

    assertThat(jira.requests())
        .allSatisfy(
            r -> {
              assertThat(r.path()).startsWith("/rest/api/2/");
              assertThat(r.header("Authorization")).isEqualTo("Bearer pat-0000-server-token");
            });
    assertThat(requests("POST", "/rest/api/2/search")).hasSize(2);
    JsonNode fields =
        JSON.readTree(requests("POST", "/rest/api/2/issue").get(0).body()).path("fields");
    assertThat(fields.path("issuetype").path("name").asText()).isEqualTo("Task");
    assertThat(fields.path("priority").path("name").asText()).isEqualTo("High");
    assertThat(fields.path("assignee").path("name").asText()).isEqualTo("jdoe");
    assertThat(fields.path("description").isTextual()).isTrue();
    assertThat(fields.path("description").asText())
        .contains(
            "*Vigil* found that *demo-shop* ships a component affected by [CVE-2021-44228|https://nvd.nist.gov/vuln/detail/CVE-2021-44228]")
        .contains("h3. Affected components")
        .contains("* {{" + LOG4J + "}} → upgrade to *2.15.0*");
    JsonNode comment = JSON.readTree(requests("POST", "/comment").get(0).body()).path("body");
    assertThat(comment.isTextual()).isTrue();
    assertThat(comment.asText()).startsWith("*Vigil: *demo-shop no longer ships");
    assertThat(jira.issues().get(0).status).isEqualTo("Done");
  }

  @Test
  void shouldGiveUpWithJirasFieldErrorsWhenItRejectsTheIssue() throws Exception {
    jira = JiraStub.cloud(EMAIL, TOKEN, "SEC");
    ChannelConfig cfg =
        cloudConfig().components(List.of()).priorities(Map.of("CRITICAL", "Urgent")).build();
    JiraChannel c = channel(cfg, Duration.ofSeconds(10));
    Alert alert = new TestAlerts("jira-sec", cfg).one(log4shell("demo-shop").build());

    assertThatThrownBy(() -> deliver(c, alert))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.reason()).isEqualTo(DeliveryException.Reason.REJECTED);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "Jira create issue: HTTP 400: priority: Priority name 'Urgent' is not valid");
            });
    assertThat(jira.issues()).isEmpty();
  }

  @Test
  void shouldGiveUpWithoutTheTokenWhenJiraRefusesTheCredentials() throws Exception {
    jira = JiraStub.cloud(EMAIL, "the-real-token", "SEC");
    ChannelConfig cfg = cloudConfig().components(List.of()).build();
    JiraChannel c = channel(cfg, Duration.ofSeconds(10));
    Alert alert = new TestAlerts("jira-sec", cfg).one(log4shell("demo-shop").build());

    assertThatThrownBy(() -> deliver(c, alert))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.reason()).isEqualTo(DeliveryException.Reason.AUTH);
              assertThat(e.getMessage())
                  .startsWith("Jira search: Jira refused the credentials (HTTP 401)")
                  .doesNotContain(TOKEN);
            });
  }

  @Test
  void shouldRetryOnRateLimitsOutagesAndTimeoutsAndStillCreateOnlyOneIssue() throws Exception {
    jira = JiraStub.cloud(EMAIL, TOKEN, "SEC").withComponents("Backend");
    ChannelConfig cfg = cloudConfig().build();
    JiraChannel patient = channel(cfg, Duration.ofSeconds(10));
    Alert alert = new TestAlerts("jira-sec", cfg).one(log4shell("demo-shop").build());

    jira.rateLimitNext(1, 3);
    assertThatThrownBy(() -> deliver(patient, alert))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(DeliveryException.Reason.RATE_LIMITED);
              assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3));
            });
    jira.failNext(1, 503, "{\"errorMessages\":[\"Service Unavailable\"],\"errors\":{}}", Map.of());
    assertThatThrownBy(() -> deliver(patient, alert))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.getMessage()).isEqualTo("Jira search: HTTP 503: Service Unavailable");
            });

    // the create is slower than our timeout but Jira still makes the issue
    JiraChannel impatient = channel(cfg, Duration.ofMillis(400));
    jira.slowCreateNext(1, 1500);
    assertThatThrownBy(() -> deliver(impatient, alert))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(DeliveryException.Reason.TIMEOUT);
              assertThat(e.getMessage()).isEqualTo("Jira create issue: no answer within 400 ms");
            });
    assertThat(jira.issues()).hasSize(1);

    deliver(patient, alert); // the retry finds it by label
    assertThat(jira.issues()).hasSize(1);
    assertThat(requests("POST", "/issue")).hasSize(1);
  }
}
