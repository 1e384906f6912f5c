package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.advisories.OsvSource;
import io.vigil.alerting.AlertingConfig;
import io.vigil.cli.demo.Pipeline;
import io.vigil.correlator.CorrelatorConfig;
import io.vigil.events.v1.Feed;
import io.vigil.platform.config.Secret;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.sbom.IngestSbomConfig;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.kafka.KafkaBrokerExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real Dependency-Track clients against a running Vigil (the embedded pipeline: broker,
 * ingest-sbom, correlator, alerting), changing nothing but the base URL:
 *
 * <ul>
 *   <li>{@code io.github.pmckeown:dependency-track-maven-plugin:1.10.0} ({@code upload-bom}, then
 *       its {@code findings} and {@code metrics} gates) on two sample Maven projects whose SBOMs
 *       {@code cyclonedx-maven-plugin} makes: the one shipping log4j-core 2.14.1 fails the build on
 *       its critical findings, the clean one passes;
 *   <li>{@code @dependency-track/bom} 1.0.2 (npm) uploading the SBOM
 *       {@code @cyclonedx/cyclonedx-npm} makes of a sample npm project (lodash 4.17.20), then
 *       reading its metrics;
 *   <li>{@code @cyclonedx/cdxgen}'s Dependency-Track upload (string {@code autoCreate}, tags);
 *   <li>Dependency-Track's own curl recipes (multipart file, the BOM as a text field, a UTF-8 BOM
 *       before the JSON, Bearer keys, the read routes, VEX refused to an upload key).
 * </ul>
 *
 * The npm tools are installed from {@code src/test/dt-clients} into {@code target/dt-clients} (npm
 * cache there too); Maven runs as a child process on the same local repository (nothing of Vigil is
 * installed). Without node, npm, mvn or curl on PATH the tests are skipped with a loud line, unless
 * {@code VIGIL_REQUIRE_DT_CLIENTS=true} (CI) makes that a failure.
 */
@ExtendWith(KafkaBrokerExtension.class)
class DependencyTrackClientsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "dt-clients-key-0123456789abcdef";
  private static final String MAVEN_PLUGIN =
      "io.github.pmckeown:dependency-track-maven-plugin:1.10.0";
  private static final String CYCLONEDX_MAVEN = "org.cyclonedx:cyclonedx-maven-plugin:2.9.1";
  private static final List<String> SAMPLE_ADVISORIES =
      List.of(
          "/samples/advisories/GHSA-jfh8-c2jp-5v3q.json",
          "/samples/advisories/GHSA-7rjr-3q55-vv33.json",
          "/samples/advisories/GHSA-8489-44mv-ggj8.json",
          "/samples/advisories/GHSA-p6xc-xr62-6r2g.json",
          "/dt-clients/advisories/GHSA-35jh-r3h4-6jhm.json");

  private static Path module;
  private static Path work;
  private static Path tools;
  private static Path npmApp;
  private static Pipeline pipeline;
  private static String url;
  private static String skipReason;

  @BeforeAll
  static void start(KafkaBroker broker) throws Exception {
    module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    List<String> missing = new ArrayList<>();
    for (String tool : List.of("node", "npm", "mvn", "curl")) {
      if (!onPath(tool)) {
        missing.add(tool);
      }
    }
    if (!missing.isEmpty()) {
      String reason =
          "DependencyTrackClientsIT SKIPPED: "
              + missing
              + " not on PATH; the real Dependency-Track clients are NOT run against Vigil";
      if ("true".equalsIgnoreCase(System.getenv("VIGIL_REQUIRE_DT_CLIENTS"))
          || Boolean.getBoolean("vigil.requireDtClients")) {
        throw new AssertionError(reason + " (required here: VIGIL_REQUIRE_DT_CLIENTS)");
      }
      System.err.println("*** " + reason);
      skipReason = reason;
      return;
    }
    work = Files.createTempDirectory(module.resolve("target"), "dt-clients-work-");
    tools = installNpmTools();
    npmApp = copyTree(resource("/dt-clients/npm-app"), work.resolve("npm-app"));
    Result ci =
        run(
            List.of(
                "npm",
                "ci",
                "--ignore-scripts",
                "--no-audit",
                "--no-fund",
                "--cache",
                tools.resolve(".npm-cache").toString()),
            npmApp,
            Duration.ofMinutes(5));
    assertThat(ci.exit()).as("npm ci of the sample npm project: %s", ci.output()).isZero();

    String prefix = "dt" + UUID.randomUUID().toString().substring(0, 8) + ".";
    KafkaSettings kafka =
        new KafkaSettings(
            broker.bootstrapServers(), Map.of(), prefix, (short) 1, null, work.resolve("state"));
    IngestSbomConfig sbom =
        new IngestSbomConfig(0, null, null)
            .withApiKeys(List.of(new IngestSbomConfig.ApiKey("ci", Secret.of(KEY), List.of())));
    pipeline =
        Pipeline.start(
            kafka,
            new CorrelatorConfig(null, 2, 1, 0),
            new AlertingConfig("alerting-" + prefix, null, 0),
            System.out,
            sbom);
    url = pipeline.sbomUrl();
    List<OsvSource.RawRecord> advisories = new ArrayList<>();
    for (String r : SAMPLE_ADVISORIES) {
      advisories.add(new OsvSource.RawRecord(r, resourceBytes(r)));
    }
    assertThat(pipeline.advisories().publishRecords(advisories, Feed.OSV).published())
        .isEqualTo(SAMPLE_ADVISORIES.size());
  }

  @AfterAll
  static void stop() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @BeforeEach
  void requireTools() {
    Assumptions.assumeTrue(skipReason == null, () -> skipReason);
  }

  // ---------------------------------------------------------------- Maven plugin

  @Test
  void theMavenPluginFailsTheBuildOnACriticalFindingAndPassesACleanProject() throws Exception {
    Path vulnerable = copyTree(resource("/dt-clients/maven-vulnerable"), work.resolve("mvn-v"));
    Path clean = copyTree(resource("/dt-clients/maven-clean"), work.resolve("mvn-c"));

    Result findingsGate =
        mvn(
            vulnerable,
            CYCLONEDX_MAVEN + ":makeBom",
            MAVEN_PLUGIN + ":upload-bom",
            MAVEN_PLUGIN + ":findings");
    Result metricsGate = mvn(vulnerable, MAVEN_PLUGIN + ":metrics");
    Result passes =
        mvn(
            clean,
            CYCLONEDX_MAVEN + ":makeBom",
            MAVEN_PLUGIN + ":upload-bom",
            MAVEN_PLUGIN + ":metrics",
            MAVEN_PLUGIN + ":findings");

    assertThat(findingsGate.exit()).as(findingsGate.output()).isNotZero();
    assertThat(findingsGate.output())
        .contains("BOM uploaded to Dependency Track server")
        .contains("CVE-2021-44228 (NVD)")
        .contains("CRITICAL: org.apache.logging.log4j:log4j-core:2.14.1")
        .contains("Number of Critical issues [2] exceeds the maximum allowed [0]")
        .contains("Number of findings exceeded defined thresholds")
        .doesNotContain("Failed to list projects")
        .contains("BUILD FAILURE");
    assertThat(metricsGate.exit()).as(metricsGate.output()).isNotZero();
    assertThat(metricsGate.output())
        .contains("Number of Critical issues [2] exceeds the maximum allowed [0]")
        .contains("Project metrics exceeded defined metric thresholds");
    assertThat(passes.exit()).as(passes.output()).isZero();
    assertThat(passes.output())
        .contains("BOM uploaded to Dependency Track server")
        .contains("No findings were retrieved for project: dt-gate-clean")
        .contains("BUILD SUCCESS");
  }

  // ---------------------------------------------------------------- npm clients

  @Test
  void theNpmClientUploadsTheSbomCyclonedxNpmMadeAndReadsItsMetrics() throws Exception {
    Path bom = work.resolve("npm-app.cdx.json");
    Result sbom =
        node(
            npmApp,
            "@cyclonedx/cyclonedx-npm/bin/cyclonedx-npm-cli.js",
            "--output-file",
            bom.toString());
    assertThat(sbom.exit()).as(sbom.output()).isZero();

    Result upload =
        node(
            npmApp,
            "@dependency-track/bom/bin/dependency-track",
            "-u",
            bom.toString(),
            "--apiKey",
            KEY,
            "--dependencyTrackBaseUrl",
            url,
            "--projectName",
            "dt-npm-app",
            "--projectVersion",
            "1.0.0");
    assertThat(upload.exit()).as(upload.output()).isZero();
    assertThat(upload.output()).contains("Bom file uploaded");
    awaitFindings("dt-npm-app", "1.0.0", 1);
    Result metrics =
        node(
            npmApp,
            "@dependency-track/bom/bin/dependency-track",
            "-m",
            "--apiKey",
            KEY,
            "--dependencyTrackBaseUrl",
            url,
            "--projectName",
            "dt-npm-app",
            "--projectVersion",
            "1.0.0");

    assertThat(metrics.exit()).as(metrics.output()).isZero();
    JsonNode m = JSON.readTree(metrics.output().substring(metrics.output().indexOf('{')));
    assertThat(m.path("high").asInt()).isEqualTo(1);
    assertThat(m.path("critical").asInt()).isZero();
    assertThat(m.path("vulnerableComponents").asInt()).isEqualTo(1);
    assertThat(m.path("components").asInt()).isPositive();
  }

  @Test
  void cdxgenSubmitsItsSbomWithAStringAutoCreateAndTagsAndTheFindingsFollow() throws Exception {
    Result cdxgen =
        node(
            npmApp,
            "@cyclonedx/cdxgen/bin/cdxgen.js",
            "-t",
            "js",
            "--no-install-deps",
            // cdxgen 12 writes CycloneDX 1.7 by default, which Dependency-Track 4.14 rejects as
            // Vigil does (schemas up to 1.6): a Dependency-Track user passes this flag too
            "--spec-version",
            "1.6",
            "-o",
            work.resolve("cdxgen.cdx.json").toString(),
            "--server-url",
            url,
            "--api-key",
            KEY,
            "--project-name",
            "dt-cdxgen-app",
            "--project-version",
            "2.0.0",
            "--project-tag",
            "frontend",
            npmApp.toString());

    assertThat(cdxgen.exit()).as(cdxgen.output()).isZero();
    JsonNode findings = awaitFindings("dt-cdxgen-app", "2.0.0", 1);
    assertThat(findings.get(0).path("component").path("name").asText()).isEqualTo("lodash");
    assertThat(findings.get(0).path("vulnerability").path("vulnId").asText())
        .isEqualTo("CVE-2021-23337");
    assertThat(findings.get(0).path("vulnerability").path("severity").asText()).isEqualTo("HIGH");
  }

  // ---------------------------------------------------------------- curl recipes

  @Test
  void dependencyTracksCurlRecipesWorkWithEitherKeyHeader() throws Exception {
    Path bom = work.resolve("demo-shop.cdx.json");
    Files.write(bom, resourceBytes("/samples/sbom/demo-shop.cdx.json"));

    // the documented multipart upload, a file part
    JsonNode token =
        JSON.readTree(
            curlOk(
                "-X",
                "POST",
                url + "/api/v1/bom",
                "-H",
                "X-Api-Key: " + KEY,
                "-F",
                "autoCreate=true",
                "-F",
                "projectName=curl-shop",
                "-F",
                "projectVersion=1.0",
                "-F",
                "bom=@" + bom));
    // Jenkins: the BOM as a plain text field, tags comma-separated
    String jenkins =
        curlOk(
            "-X",
            "POST",
            url + "/api/v1/bom",
            "-H",
            "X-Api-Key: " + KEY,
            "-F",
            "projectName=curl-shop-jenkins",
            "-F",
            "projectVersion=1.0",
            "-F",
            "projectTags=backend,pci",
            "-F",
            "bom=<" + bom);
    // a JSON body written by a Windows tool: UTF-8 byte-order mark first
    Path put = work.resolve("put.json");
    Files.write(
        put,
        ("\uFEFF{\"projectName\":\"curl-shop-put\",\"projectVersion\":\"1.0\",\"autoCreate\":\"true\","
                + "\"bom\":\""
                + Base64.getEncoder().encodeToString(Files.readAllBytes(bom))
                + "\"}")
            .getBytes(StandardCharsets.UTF_8));
    String putToken =
        curlOk(
            "-X",
            "PUT",
            url + "/api/v1/bom",
            "-H",
            "Content-Type: application/json",
            "-H",
            "Authorization: Bearer " + KEY,
            "--data-binary",
            "@" + put);

    assertThat(token.path("token").asText()).isNotBlank();
    assertThat(JSON.readTree(jenkins).path("token").asText()).isNotBlank();
    assertThat(JSON.readTree(putToken).path("token").asText()).isNotBlank();
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                !JSON.readTree(
                        curlOk(
                            "-H",
                            "Authorization: Bearer " + KEY,
                            url + "/api/v1/bom/token/" + token.path("token").asText()))
                    .path("processing")
                    .asBoolean(true));

    JsonNode project =
        JSON.readTree(
            curlOk(
                "-H",
                "Authorization: Bearer " + KEY,
                url + "/api/v1/project/lookup?name=curl-shop&version=1.0"));
    String uuid = project.path("uuid").asText();
    JsonNode findings =
        JSON.readTree(curlOk("-H", "X-Api-Key: " + KEY, url + "/api/v1/finding/project/" + uuid));
    JsonNode metrics =
        JSON.readTree(
            curlOk(
                "-H", "X-Api-Key: " + KEY, url + "/api/v1/metrics/project/" + uuid + "/current"));
    assertThat(project.path("name").asText()).isEqualTo("curl-shop");
    assertThat(project.path("lastBomImportFormat").asText()).startsWith("CycloneDX");
    assertThat(findings)
        .extracting(f -> f.path("vulnerability").path("vulnId").asText())
        .containsExactlyInAnyOrder(
            "CVE-2021-44228", "CVE-2021-45046", "CVE-2021-45105", "CVE-2021-44832");
    assertThat(metrics.path("critical").asInt()).isEqualTo(2);
    assertThat(metrics.path("findingsTotal").asInt()).isEqualTo(4);
    assertThat(curlOk("-H", "X-Api-Key: " + KEY, url + "/api/v1/violation/project/" + uuid))
        .isEqualTo("[]");
    assertThat(
            JSON.readTree(
                curlOk(
                    "-H",
                    "X-Api-Key: " + KEY,
                    url + "/api/v1/project?name=" + URLEncoder.encode("curl-shop", "UTF-8"))))
        .extracting(p -> p.path("uuid").asText())
        .containsExactly(uuid);
    assertThat(curl("-H", "X-Api-Key: " + KEY, url + "/api/v1/project/lookup?name=nope&version=1"))
        .isEqualTo("404 The project could not be found.");
    assertThat(curl(url + "/api/v1/project/" + uuid)).startsWith("401 ");
    String vex =
        curl(
            "-X",
            "POST",
            url + "/api/v1/vex",
            "-H",
            "X-Api-Key: " + KEY,
            "-F",
            "projectName=curl-shop",
            "-F",
            "projectVersion=1.0",
            "-F",
            "vex=@" + bom);
    // importing VEX is triage: an upload key (ingestSbom.apiKeys) may not
    assertThat(vex).startsWith("403 ").contains("the role 'triage'");
  }

  // ---------------------------------------------------------------- helpers

  private static JsonNode awaitFindings(String name, String version, int count) throws Exception {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(
            () -> {
              JsonNode p =
                  JSON.readTree(
                      curlOk(
                          "-H",
                          "X-Api-Key: " + KEY,
                          url + "/api/v1/project/lookup?name=" + name + "&version=" + version));
              last[0] =
                  JSON.readTree(
                      curlOk(
                          "-H",
                          "X-Api-Key: " + KEY,
                          url + "/api/v1/finding/project/" + p.path("uuid").asText()));
              return last[0].size() >= count;
            });
    return last[0];
  }

  private static Result mvn(Path project, String... goals) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("mvn", "-B", "-ntp"));
    cmd.addAll(List.of(goals));
    cmd.add("-Ddependency-track.dependencyTrackBaseUrl=" + url);
    cmd.add("-Ddependency-track.apiKey=" + KEY);
    return run(cmd, project, Duration.ofMinutes(8));
  }

  private static Result node(Path dir, String script, String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(List.of("node", tools.resolve("node_modules/" + script).toString()));
    cmd.addAll(List.of(args));
    return run(cmd, dir, Duration.ofMinutes(3));
  }

  /** The body of a 2xx answer (the test fails otherwise). */
  private static String curlOk(String... args) throws Exception {
    String r = curl(args);
    assertThat(r).as(String.join(" ", args)).matches("(?s)2\\d\\d .*");
    return r.substring(4);
  }

  /** "STATUS BODY" of a curl request. */
  private static String curl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "-o", "-", "-w", "\n%{http_code}"));
    cmd.addAll(List.of(args));
    Result r = run(cmd, work, Duration.ofSeconds(60));
    assertThat(r.exit()).as(r.output()).isZero();
    String out = r.output().stripTrailing();
    int nl = out.lastIndexOf('\n');
    return out.substring(nl + 1) + " " + out.substring(0, Math.max(0, nl));
  }

  private static Path installNpmTools() throws Exception {
    Path source = module.resolve("src/test/dt-clients");
    Path dir = module.resolve("target/dt-clients");
    Files.createDirectories(dir);
    Path stamp = dir.resolve("node_modules/.vigil-installed-lock.json");
    if (Files.exists(stamp) && Files.mismatch(stamp, source.resolve("package-lock.json")) == -1) {
      return dir;
    }
    for (String f : List.of("package.json", "package-lock.json")) {
      Files.copy(source.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    long t0 = System.nanoTime();
    // install (not ci): the lock pins every version; optional platform binaries are left out
    Result r =
        run(
            List.of(
                "npm",
                "install",
                "--omit=optional",
                "--ignore-scripts",
                "--no-audit",
                "--no-fund",
                "--no-save",
                "--cache",
                dir.resolve(".npm-cache").toString()),
            dir,
            Duration.ofMinutes(8));
    assertThat(r.exit()).as("npm install of the Dependency-Track clients: %s", r.output()).isZero();
    Files.copy(source.resolve("package-lock.json"), stamp, StandardCopyOption.REPLACE_EXISTING);
    System.err.printf(
        "DependencyTrackClientsIT: npm clients installed in %d s%n",
        (System.nanoTime() - t0) / 1_000_000_000);
    return dir;
  }

  private record Result(int exit, String output) {}

  private static Result run(List<String> cmd, Path dir, Duration timeout) throws Exception {
    Path log = Files.createTempFile(module.resolve("target"), "dt-client-", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("CI", "true");
    pb.environment().put("CDXGEN_DEBUG_MODE", "");
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(
          cmd + " did not finish within " + timeout + ":\n" + Files.readString(log));
    }
    String out = Files.readString(log);
    Files.delete(log);
    return new Result(p.exitValue(), out);
  }

  private static boolean onPath(String tool) {
    try {
      Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static Path resource(String path) throws Exception {
    return Path.of(DependencyTrackClientsIT.class.getResource(path).toURI());
  }

  private static byte[] resourceBytes(String path) throws IOException {
    try (InputStream in = DependencyTrackClientsIT.class.getResourceAsStream(path)) {
      assertThat(in).as(path).isNotNull();
      return in.readAllBytes();
    }
  }

  private static Path copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return to;
  }
}
