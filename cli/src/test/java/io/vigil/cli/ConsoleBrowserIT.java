package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.advisories.OsvSource;
import io.vigil.advisories.freshness.FeedFreshnessConfig;
import io.vigil.advisories.freshness.FreshnessTracker;
import io.vigil.alerting.AlertingConfig;
import io.vigil.cli.demo.Pipeline;
import io.vigil.console.ConsoleConfig;
import io.vigil.correlator.CorrelatorConfig;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.Feed;
import io.vigil.platform.config.Secret;
import io.vigil.platform.http.HttpSecurity;
import io.vigil.platform.http.Roles;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.sbom.IngestSbomConfig;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.kafka.KafkaBrokerExtension;
import java.io.File;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (Debian's chromium through chromedriver, Selenium 4) against the
 * embedded pipeline, one pipeline and one browser for the class, in order: log in; upload an SBOM;
 * publish an advisory while the Live page is open, which shows the exposure within 2 s of its
 * commit without a reload; open the vulnerability page from it; the read key sees no triage
 * controls and its triage POST is refused; the triage key marks it not_affected; the Live page
 * filtered by the project's team and the exposure's SSVC outcome shows it, counts its suppression
 * and lists its SUPPRESSED event; a POST without the CSRF token is refused. Every page gets a
 * screenshot ({@code target/console-screenshots}) and an axe-core check (npm, installed into {@code
 * target/axe}): no serious or critical violation. Without chromium/chromedriver the class is
 * skipped with a loud line, unless {@code VIGIL_REQUIRE_BROWSER=true} (CI) makes that a failure.
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
  private static final String READ_KEY = "browser-read-key-0123456789";
  private static final String TRIAGE_KEY = "browser-triage-key-0123456789";
  private static final String CONSOLE_KEY = "browser-console-key-0123456789";
  private static final String CI_KEY = "browser-ci-key-0123456789";
  private static final String GHSA = "GHSA-jfh8-c2jp-5v3q";
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path module;
  private static Path screenshots;
  private static Pipeline pipeline;
  private static KafkaSettings kafka;
  private static WebDriver browser;
  private static String console;
  private static String axe;
  private static final List<String> axeFindings = new ArrayList<>();

  /** The SSVC outcome of the Log4Shell exposure, as the correlator decided it. */
  private static String ssvcOutcome;

  @BeforeAll
  static void start(KafkaBroker broker) throws Exception {
    module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    List<String> missing = new ArrayList<>();
    for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(p)) {
        missing.add(p.toString());
      }
    }
    if (!onPath("npm")) {
      missing.add("npm");
    }
    if (!missing.isEmpty()) {
      String reason =
          "ConsoleBrowserIT SKIPPED: "
              + missing
              + " missing (apt-get install -y chromium chromium-driver); the console is NOT tested"
              + " in a browser";
      if ("true".equalsIgnoreCase(System.getenv("VIGIL_REQUIRE_BROWSER"))) {
        throw new AssertionError(reason + " (required here: VIGIL_REQUIRE_BROWSER)");
      }
      System.err.println("*** " + reason);
      Assumptions.abort(reason);
    }
    screenshots = Files.createDirectories(module.resolve("target/console-screenshots"));
    axe = Files.readString(installAxe().resolve("node_modules/axe-core/axe.min.js"));

    String prefix = "browser" + UUID.randomUUID().toString().substring(0, 8) + ".";
    kafka =
        new KafkaSettings(
            broker.bootstrapServers(),
            Map.of(),
            prefix,
            (short) 1,
            null,
            Files.createTempDirectory(module.resolve("target"), "console-browser-state-"));
    // one role model (http.roles) for ingest-sbom's triage API and the console: the reader is not
    // listed (read + upload), the responder triages, the console's own key records in their name
    HttpSecurity security =
        new HttpSecurity(
            Map.of(
                "reader", Secret.of(READ_KEY),
                "responder", Secret.of(TRIAGE_KEY),
                "console", Secret.of(CONSOLE_KEY),
                "ci", Secret.of(CI_KEY)),
            false,
            null,
            null,
            Roles.of(
                Map.of(
                    "responder",
                    List.of("read", "triage"),
                    "console",
                    List.of("read", "triage", "delegate"))));
    pipeline =
        Pipeline.start(
            kafka,
            new CorrelatorConfig(null, 2, 1, 0),
            new AlertingConfig("alerting-" + prefix, null, 0),
            System.out,
            new IngestSbomConfig(0, null, null),
            security);
    pipeline.startConsole(
        ConsoleConfig.defaults()
            .withHttpPort(0)
            .withTriageApi("http://unused", Secret.of(CONSOLE_KEY)),
        security);
    console = pipeline.console().url();

    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1000",
        "--user-data-dir=" + Files.createTempDirectory(module.resolve("target"), "chromium-"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  @Order(1)
  void shouldLogInWithAReadKey() throws Exception {
    browser.get(console + "/live");

    assertThat(browser.getCurrentUrl()).contains("/login");
    check("login");
    browser.findElement(By.id("apiKey")).sendKeys(READ_KEY, Keys.ENTER);

    waitFor(ExpectedConditions.urlContains("/live"), Duration.ofSeconds(30));
    assertThat(browser.findElement(By.tagName("header")).getText()).contains("reader · read");
    assertThat(browser.getPageSource()).doesNotContain(READ_KEY);
    var cookie = browser.manage().getCookieNamed("vigil_session");
    assertThat(cookie.isHttpOnly()).isTrue();
    assertThat(cookie.getSameSite()).isEqualTo("Strict");
  }

  @Test
  @Order(2)
  void shouldShowTheExposureOfAnUploadedSbomLiveWhenTheAdvisoryIsPublished() throws Exception {
    HttpResponse<String> upload =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(pipeline.sbomUrl() + "/api/v1/sbom?project=demo-shop"))
                    .header("X-Api-Key", CI_KEY)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(demoShopOfTeamCheckout()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);

    browser.get(console + "/live");
    // the page's event stream is connected before the advisory comes
    await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.console().feed().subscribers() > 0);
    try (var exposures = exposuresAtEnd()) {
      var published =
          pipeline
              .advisories()
              .publishRecords(
                  List.of(
                      new OsvSource.RawRecord(
                          GHSA, resource("/samples/advisories/" + GHSA + ".json"))),
                  Feed.OSV);
      assertThat(published.published()).isEqualTo(1);
      // the exposure is committed on the topic ...
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                for (var r : exposures.poll(Duration.ofMillis(200))) {
                  if (r.value().getAdvisory().getId().equals(GHSA)) {
                    assertThat(r.value().getSsvc()).as("the exposure's SSVC decision").isNotNull();
                    ssvcOutcome = r.value().getSsvc().getOutcome().name();
                    return true;
                  }
                }
                return false;
              });
    }
    // ... and the page shows it within 2 s, without a reload
    waitFor(
        ExpectedConditions.textToBePresentInElementLocated(By.id("live-rows"), "CVE-2021-44228"),
        Duration.ofSeconds(2));
    assertThat(browser.findElement(By.id("counters")).getText()).contains("New critical");
    check("live");
  }

  @Test
  @Order(3)
  void shouldOpenTheVulnerabilityPageWithEveryAffectedProjectAndItsFix() throws Exception {
    browser
        .findElement(By.cssSelector("#live-rows a[href='/vulnerabilities/" + GHSA + "']"))
        .click();

    waitFor(ExpectedConditions.urlContains("/vulnerabilities/" + GHSA), Duration.ofSeconds(30));
    String page = browser.findElement(By.tagName("main")).getText();
    assertThat(page).contains("CVE-2021-44228").contains("demo-shop").contains("2.15.0");
    assertThat(page).contains("< 2.15.0");
    check("vulnerability");
  }

  @Test
  @Order(4)
  void shouldShowThePortfolioProjectAndPackagePages() throws Exception {
    // a second project ships log4j-core 2.14.1 and upgrades it: one fix for the time to fix
    fixLog4jInAnotherProject("fix-shop");
    // the feeds' status as ingest-advisories' own tracker publishes it: OSV fresh, KEV's newest
    // record 20 days old (its feed publishes about weekly): stale
    try (var tracker =
        new FreshnessTracker(
            kafka,
            FeedFreshnessConfig.defaults(),
            Set.of("osv", "kev"),
            Duration.ofHours(1),
            new SimpleMeterRegistry(),
            Clock.systemUTC())) {
      tracker.succeeded("osv", Instant.now().minus(Duration.ofMinutes(10)));
      tracker.succeeded("kev", Instant.now().minus(Duration.ofDays(20)));
    }
    // the trend's daily count is taken within 30 s of the exposures' change, in each partition:
    // today's row then reads demo-shop's open critical exposure (fix-shop's is fixed)
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    browser.get(console + "/portfolio");
    await()
        .atMost(Duration.ofSeconds(90))
        .ignoreExceptions()
        .until(
            () -> {
              browser.navigate().refresh();
              List<WebElement> row =
                  browser.findElements(By.cssSelector("#trend-table tbody tr:first-child td"));
              return row.size() > 2
                  && row.get(0).getText().equals(today)
                  && row.get(1).getText().equals("1")
                  && !browser.findElements(By.id("feeds-table")).isEmpty()
                  && browser.findElement(By.id("ttf-fixed")).getText().equals("1");
            });
    assertThat(
            browser.findElements(
                By.cssSelector("svg[aria-label^='Open exposures by severity per day']")))
        .hasSize(1);
    WebElement critical =
        browser.findElement(By.xpath("//table[@id='ttf-table']//tr[th[contains(., 'CRITICAL')]]"));
    assertThat(critical.findElements(By.tagName("td")).get(0).getText()).isEqualTo("1");
    assertThat(browser.findElement(By.id("feeds-stale")).getText()).isEqualTo("1");
    // each source: state, since its last success (just now), since its newest record
    WebElement kev = browser.findElement(By.cssSelector("#feeds-table tr.stale"));
    assertThat(kev.getText()).startsWith("kev STALE").contains("newest record 20d old");
    assertThat(kev.findElements(By.tagName("td")).get(2).getText()).isEqualTo("20d");
    WebElement osv = browser.findElement(By.xpath("//table[@id='feeds-table']//tr[th[.='osv']]"));
    assertThat(osv.findElements(By.tagName("td")))
        .extracting(WebElement::getText)
        .startsWith("FRESH")
        .contains("10m");
    ((JavascriptExecutor) browser)
        .executeScript("document.getElementById('trend-heading').scrollIntoView()");
    check("portfolio-history");
    ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
    assertThat(browser.findElement(By.tagName("main")).getText())
        .contains("Projects exposed")
        .contains("demo-shop");
    // the stale-SBOM panel from ingest-sbom's coverage API: demo-shop's SBOM is fresh
    assertThat(browser.findElement(By.id("sbom-freshness")).getText())
        .contains("Projects with an SBOM");
    assertThat(browser.findElement(By.id("stale-count")).getText()).isEqualTo("0");
    check("portfolio");

    browser.findElement(By.linkText("demo-shop")).click();
    waitFor(ExpectedConditions.urlContains("/projects/demo-shop"), Duration.ofSeconds(30));
    assertThat(browser.findElement(By.tagName("main")).getText()).contains("log4j-core");
    check("project");

    browser.findElement(By.partialLinkText("log4j-core")).click();
    waitFor(ExpectedConditions.urlContains("/packages"), Duration.ofSeconds(30));
    assertThat(browser.findElement(By.tagName("main")).getText())
        .contains("demo-shop")
        .contains("2.14.1");
    check("package");

    // the project's whole inventory, vulnerable or not, each component with its open exposures
    browser.get(console + "/projects/demo-shop");
    browser.findElement(By.id("inventory-link")).click();
    waitFor(
        ExpectedConditions.urlContains("/projects/demo-shop/components"), Duration.ofSeconds(30));
    WebElement log4j =
        browser.findElement(
            By.xpath("//table[@id='inventory']//tr[td/a[contains(., 'log4j-core')]]"));
    assertThat(log4j.getText()).contains("2.14.1").contains("CVE-2021-44228").contains("CRITICAL");
    List<WebElement> rows = browser.findElements(By.cssSelector("#inventory tbody tr"));
    assertThat(rows)
        .as("every component of the SBOM, not only the vulnerable one")
        .hasSizeGreaterThan(1);
    assertThat(rows).filteredOn(r -> r.getText().contains("none")).isNotEmpty();
    check("components");
    browser.findElement(By.id("q")).sendKeys("log4j-core", Keys.ENTER);
    waitFor(ExpectedConditions.urlContains("q=log4j-core"), Duration.ofSeconds(30));
    assertThat(browser.findElements(By.cssSelector("#inventory tbody tr"))).hasSize(1);
  }

  @Test
  @Order(5)
  void shouldNotLetAReadKeyTriage() throws Exception {
    browser.get(console + "/vulnerabilities/" + GHSA);
    assertThat(browser.findElements(By.id("triage-heading"))).isEmpty();

    String csrf =
        browser.findElement(By.cssSelector("form.logout input[name=csrf]")).getAttribute("value");
    Map<?, ?> resp = postFromThePage("/vulnerabilities/" + GHSA + "/triage", "csrf=" + csrf);

    assertThat(resp.get("status")).isEqualTo(403L);
    assertThat((String) resp.get("body")).contains("Your key can read, not triage");
  }

  @Test
  @Order(6)
  void shouldMarkAnExposureNotAffectedWithAJustificationAndShowItAsSuppressed() throws Exception {
    browser.manage().deleteCookieNamed("vigil_session");
    browser.get(console + "/portfolio");
    browser.findElement(By.id("apiKey")).sendKeys(TRIAGE_KEY, Keys.ENTER);
    waitFor(ExpectedConditions.urlContains("/portfolio"), Duration.ofSeconds(30));
    browser.findElement(By.linkText("demo-shop")).click();
    waitFor(ExpectedConditions.urlContains("/projects/demo-shop"), Duration.ofSeconds(30));

    WebElement row = browser.findElement(By.xpath("//tr[td/a[contains(., 'log4j-core')]]"));
    row.findElement(By.tagName("summary")).click();
    WebElement form = row.findElement(By.cssSelector("form.triage-form"));
    new Select(form.findElement(By.name("state"))).selectByValue("not_affected");
    new Select(form.findElement(By.name("justification")))
        .selectByValue("vulnerable_code_not_in_execute_path");
    form.findElement(By.name("detail")).sendKeys("JNDI lookups are disabled");
    form.findElement(By.tagName("button")).click();

    waitFor(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("td.triage .badge.analysis"), "not affected"),
        Duration.ofSeconds(30));
    String triage =
        browser
            .findElement(By.xpath("//tr[td/a[contains(., 'log4j-core')]]/td[@class='triage']"))
            .getText();
    assertThat(triage)
        .contains("suppressed")
        .contains("vulnerable_code_not_in_execute_path")
        .contains("JNDI lookups are disabled")
        .contains("responder (via console)");
    assertThat(browser.getPageSource()).doesNotContain(CONSOLE_KEY).doesNotContain(TRIAGE_KEY);
    check("project-triaged");
    // the decision is on the analyses topic, in the responder's name through the console's key
    var decision = analysisOnTheTopic();
    assertThat(decision.getAuthor()).isEqualTo("responder (via console)");
    assertThat(decision.getState().name()).isEqualTo("NOT_AFFECTED");
    assertThat(decision.getVulnerabilityId()).isEqualTo(GHSA);
    assertThat(decision.getDetail()).isEqualTo("JNDI lookups are disabled");
  }

  @Test
  @Order(7)
  void shouldFilterTheLivePageByTeamAndSsvcAndCountTheSuppression() throws Exception {
    browser.get(console + "/live");
    new Select(browser.findElement(By.id("ssvc"))).selectByValue(ssvcOutcome);
    browser.findElement(By.id("team")).sendKeys("checkout");
    browser.findElement(By.cssSelector("form.filters button")).click();

    waitFor(ExpectedConditions.urlContains("team=checkout"), Duration.ofSeconds(30));
    assertThat(browser.getCurrentUrl()).contains("ssvc=" + ssvcOutcome);
    String rows = browser.findElement(By.id("live-rows")).getText();
    assertThat(rows).contains("CVE-2021-44228").contains("(checkout)");
    // the not_affected decision of the previous step suppressed the exposure: counted, and its
    // SUPPRESSED event listed under that change
    waitFor(
        ExpectedConditions.textToBePresentInElementLocated(By.id("count-suppressed"), "1"),
        Duration.ofSeconds(30));
    assertThat(browser.findElement(By.id("count-unsuppressed")).getText()).isEqualTo("0");
    new Select(browser.findElement(By.id("type"))).selectByValue("SUPPRESSED");
    browser.findElement(By.cssSelector("form.filters button")).click();
    waitFor(ExpectedConditions.urlContains("type=SUPPRESSED"), Duration.ofSeconds(30));
    assertThat(browser.findElement(By.id("live-rows")).getText())
        .contains("SUPPRESSED")
        .contains("CVE-2021-44228")
        .doesNotContain("NEW");
    check("live-filtered");

    // another team, or another outcome: nothing of demo-shop's
    browser.get(console + "/live?team=payments");
    assertThat(browser.findElement(By.id("live-rows")).getText())
        .contains("No exposure event yet")
        .doesNotContain("CVE-2021-44228");
    String other = ssvcOutcome.equals("ACT") ? "TRACK" : "ACT";
    browser.get(console + "/live?ssvc=" + other + "&team=checkout");
    assertThat(browser.findElement(By.id("live-rows")).getText()).doesNotContain("CVE-2021-44228");
  }

  @Test
  @Order(8)
  void shouldRefuseAPostWithoutTheCsrfToken() throws Exception {
    Map<?, ?> resp = postFromThePage("/logout", "");

    assertThat(resp.get("status")).isEqualTo(403L);
    // still logged in
    browser.get(console + "/portfolio");
    assertThat(browser.getCurrentUrl()).contains("/portfolio");
  }

  @Test
  @Order(9)
  void shouldHaveNoSeriousOrCriticalAccessibilityViolationOnAnyPage() {
    assertThat(axeFindings).as("axe-core serious/critical violations").isEmpty();
  }

  // ------------------------------------------------------------------ helpers

  /** A screenshot of the page, and axe-core's serious and critical violations recorded. */
  private static void check(String name) throws Exception {
    Path png = screenshots.resolve(name + ".png");
    Files.write(png, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    JavascriptExecutor js = (JavascriptExecutor) browser;
    js.executeScript(axe);
    String violations =
        (String)
            js.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "axe.run(document, {resultTypes: ['violations']})"
                    + ".then(r => done(JSON.stringify(r.violations)))"
                    + ".catch(e => done(JSON.stringify([{id: 'axe-error', impact: 'critical',"
                    + " help: String(e)}])));");
    for (JsonNode v : JSON.readTree(violations)) {
      String impact = v.path("impact").asText();
      if (impact.equals("serious") || impact.equals("critical")) {
        List<String> targets = new ArrayList<>();
        v.path("nodes").forEach(n -> targets.add(n.path("target").toString()));
        axeFindings.add(
            name
                + ": "
                + v.path("id").asText()
                + " ("
                + impact
                + ") "
                + v.path("help").asText()
                + " at "
                + targets);
      }
    }
  }

  /** A POST sent by the page itself (fetch, with its cookies): its status and body. */
  private static Map<?, ?> postFromThePage(String path, String form) {
    return (Map<?, ?>)
        ((JavascriptExecutor) browser)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "fetch(arguments[0], {method: 'POST', redirect: 'manual', headers:"
                    + " {'Content-Type': 'application/x-www-form-urlencoded'}, body: arguments[1]})"
                    + ".then(r => r.text().then(t => done({status: r.status, body: t})))"
                    + ".catch(e => done({status: -1, body: String(e)}));",
                path,
                form);
  }

  private static <T> void waitFor(
      org.openqa.selenium.support.ui.ExpectedCondition<T> condition, Duration timeout) {
    new WebDriverWait(browser, timeout).until(condition);
  }

  /** The first decision on the analyses topic (read_committed, from the beginning). */
  private static io.vigil.events.v1.Analysis analysisOnTheTopic() {
    var topic = kafka.catalog().analyses();
    String group = "console-browser-it-" + UUID.randomUUID();
    try (var c =
        new KafkaConsumer<>(
            kafka.consumer(group, group),
            new StringDeserializer(),
            kafka.serdeFactory().value(topic))) {
      List<TopicPartition> parts = new ArrayList<>();
      c.partitionsFor(topic.name())
          .forEach(p -> parts.add(new TopicPartition(topic.name(), p.partition())));
      c.assign(parts);
      c.seekToBeginning(parts);
      List<io.vigil.events.v1.Analysis> seen = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                c.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
                return !seen.isEmpty();
              });
      return seen.get(0);
    }
  }

  private static KafkaConsumer<String, ExposureEvent> exposuresAtEnd() {
    var topic = kafka.catalog().exposures();
    String group = "console-browser-it-" + UUID.randomUUID();
    KafkaConsumer<String, ExposureEvent> c =
        new KafkaConsumer<>(
            kafka.consumer(group, group),
            new StringDeserializer(),
            kafka.serdeFactory().value(topic));
    List<TopicPartition> parts = new ArrayList<>();
    c.partitionsFor(topic.name())
        .forEach(p -> parts.add(new TopicPartition(topic.name(), p.partition())));
    c.assign(parts);
    c.seekToEnd(parts);
    parts.forEach(c::position);
    return c;
  }

  /**
   * axe-core from npm, installed once into target/axe (pinned by src/test/axe/package-lock.json).
   */
  private static Path installAxe() throws Exception {
    Path source = module.resolve("src/test/axe");
    Path dir = Files.createDirectories(module.resolve("target/axe"));
    if (Files.exists(dir.resolve("node_modules/axe-core/axe.min.js"))) {
      return dir;
    }
    for (String f : List.of("package.json", "package-lock.json")) {
      Files.copy(source.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    Process p =
        new ProcessBuilder(
                "npm",
                "ci",
                "--ignore-scripts",
                "--no-audit",
                "--no-fund",
                "--cache",
                dir.resolve(".npm-cache").toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("npm.log").toFile())
            .start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("npm ci of axe-core in time").isTrue();
    assertThat(p.exitValue())
        .as("npm ci of axe-core: %s", Files.readString(dir.resolve("npm.log")))
        .isZero();
    return dir;
  }

  private static boolean onPath(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }

  /** The demo SBOM's log4j-core 2.14.1 in {@code project}, exposed, then upgraded (RESOLVED). */
  private static void fixLog4jInAnotherProject(String project) throws Exception {
    String sbom = new String(resource("/samples/sbom/demo-shop.cdx.json"), StandardCharsets.UTF_8);
    try (var exposures = exposuresAtEnd()) {
      upload(project, sbom);
      awaitExposure(exposures, project, "NEW");
      upload(project, sbom.replace("2.14.1", "2.17.1"));
      awaitExposure(exposures, project, "RESOLVED");
    }
  }

  private static void upload(String project, String sbom) throws Exception {
    HttpResponse<String> upload =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(pipeline.sbomUrl() + "/api/v1/sbom?project=" + project))
                    .header("X-Api-Key", CI_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(sbom))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
  }

  private static void awaitExposure(
      KafkaConsumer<String, ExposureEvent> exposures, String project, String type) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              for (var r : exposures.poll(Duration.ofMillis(200))) {
                if (r.value().getProjectId().equals(project)
                    && r.value().getType().name().equals(type)) {
                  return true;
                }
              }
              return false;
            });
  }

  /** The demo SBOM declaring its team ({@code vigil:team} in its metadata): checkout. */
  private static byte[] demoShopOfTeamCheckout() throws Exception {
    ObjectNode sbom = (ObjectNode) JSON.readTree(resource("/samples/sbom/demo-shop.cdx.json"));
    ((ObjectNode) sbom.path("metadata"))
        .putArray("properties")
        .addObject()
        .put("name", "vigil:team")
        .put("value", "checkout");
    return JSON.writeValueAsBytes(sbom);
  }

  private static byte[] resource(String name) throws Exception {
    try (InputStream in = ConsoleBrowserIT.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }
}
