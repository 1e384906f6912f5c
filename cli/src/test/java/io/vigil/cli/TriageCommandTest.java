package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil triage} and {@code vigil vex} against a stand-in of ingest-sbom's triage API. */
class TriageCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Seen(String method, String uri, String key, String body) {}

  private final List<Seen> seen = new ArrayList<>();
  private HttpServer server;
  private String url;
  private int status = 200;
  private String answer = "{\"changed\":true}";
  @TempDir Path tmp;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          byte[] in = ex.getRequestBody().readAllBytes();
          synchronized (seen) {
            seen.add(
                new Seen(
                    ex.getRequestMethod(),
                    ex.getRequestURI().toString(),
                    ex.getRequestHeaders().getFirst("X-Api-Key"),
                    new String(in, StandardCharsets.UTF_8)));
          }
          byte[] out = answer.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "application/json");
          ex.sendResponseHeaders(status, out.length);
          ex.getResponseBody().write(out);
          ex.close();
        });
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void shouldSendTheDecisionAsTheTriageApiReadsIt() throws Exception {
    SbomInspectTest.Run run =
        SbomInspectTest.run(
            "triage",
            "set",
            "--url",
            url + "/",
            "--api-key",
            "oncall-key",
            "--project",
            "shop",
            "--component",
            "pkg:npm/lodash",
            "--vulnerability",
            "CVE-2021-23337",
            "--state",
            "not_affected",
            "--justification",
            "code_not_reachable",
            "--response",
            "will_not_fix",
            "--response",
            "update",
            "--comment",
            "SEC-12",
            "--valid-until",
            "2027-06-30T00:00:00Z");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("\"changed\":true");
    Seen s = seen.get(0);
    assertThat(s.method()).isEqualTo("PUT");
    assertThat(s.uri()).isEqualTo("/api/v1/analyses");
    assertThat(s.key()).isEqualTo("oncall-key");
    assertThat(JSON.readTree(s.body()))
        .isEqualTo(
            JSON.readTree(
                "{\"project\":\"shop\",\"component\":\"pkg:npm/lodash\","
                    + "\"vulnerability\":\"CVE-2021-23337\",\"state\":\"not_affected\","
                    + "\"justification\":\"code_not_reachable\","
                    + "\"responses\":[\"will_not_fix\",\"update\"],\"comment\":\"SEC-12\","
                    + "\"validUntil\":\"2027-06-30T00:00:00Z\"}"));
  }

  @Test
  void shouldPublishNothingAndListEveryProblemWhenTheVexDocumentToPublishIsInvalid()
      throws Exception {
    Path doc =
        Files.writeString(
            tmp.resolve("bad.openvex.json"),
            "{\"@context\":\"https://openvex.dev/ns/v0.2.0\",\"statements\":["
                + "{\"vulnerability\":{\"name\":\"CVE-2023-1111\"},"
                + "\"products\":[{\"@id\":\"pkg:npm/left-pad\"}],\"status\":\"maybe\"}]}");

    // no broker listens there: the document is refused before any connection
    SbomInspectTest.Run run =
        SbomInspectTest.run(
            "vex", "publish", "-b", "127.0.0.1:1", "--project", "shop", doc.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .contains("is not a valid VEX document (1 problems); nothing was published")
        .contains("$.statements[0].status: 'maybe' is not an OpenVEX status");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void shouldExitOneWithTheServersReasonAndEveryProblemWhenRefused() throws Exception {
    status = 400;
    answer =
        "{\"error\":\"invalid_vex\",\"message\":\"the VEX document is invalid (2 problems)\","
            + "\"details\":{\"problems\":[\"$.statements[0]: no vulnerability\","
            + "\"$.statements[1]: unknown status\"]}}";
    Path doc = tmp.resolve("vex.json");

    SbomInspectTest.Run missing =
        SbomInspectTest.run("vex", "import", "--url", url, doc.toString());
    Files.writeString(doc, "{\"statements\":[{},{}]}");
    SbomInspectTest.Run refused =
        SbomInspectTest.run("triage", "import", "--url", url, "--project", "shop", doc.toString());

    assertThat(missing.exit()).isEqualTo(2);
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err())
        .contains("refused (HTTP 400): the VEX document is invalid (2 problems)")
        .contains("$.statements[0]: no vulnerability")
        .contains("$.statements[1]: unknown status");
    assertThat(seen).extracting(Seen::uri).containsExactly("/api/v1/analyses/vex?project=shop");
  }

  @Test
  void shouldWriteTheProjectsVexToTheOutputFileAndListDecisionsAsJsonLines() throws Exception {
    answer = "{\"@context\":\"https://openvex.dev/ns/v0.2.0\",\"statements\":[]}";
    Path out = tmp.resolve("shop.openvex.json");

    SbomInspectTest.Run export =
        SbomInspectTest.run(
            "vex",
            "export",
            "--url",
            url,
            "--project",
            "my shop",
            "--version",
            "1.0",
            "--format",
            "openvex",
            "-o",
            out.toString());
    answer = "{\"items\":[{\"key\":\"a\"},{\"key\":\"b\"}],\"deleted\":[]}";
    SbomInspectTest.Run list =
        SbomInspectTest.run("triage", "list", "--url", url, "--project", "shop", "--history");

    assertThat(export.exit()).as(export.err()).isZero();
    assertThat(Files.readString(out)).contains("openvex.dev");
    assertThat(seen.get(0).uri())
        .isEqualTo("/api/v1/projects/my%20shop/vex?version=1.0&format=openvex");
    assertThat(list.exit()).isZero();
    assertThat(list.out().strip().split("\n"))
        .containsExactly("{\"key\":\"a\"}", "{\"key\":\"b\"}");
    assertThat(seen.get(1).uri()).isEqualTo("/api/v1/analyses?project=shop&history=true");
  }
}
