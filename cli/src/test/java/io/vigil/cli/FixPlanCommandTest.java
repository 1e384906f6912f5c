package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code vigil fix-plan} asks the correlator's query API and prints its answer as is. */
class FixPlanCommandTest {
  private record Run(int exit, String out, String err) {}

  private HttpServer server;
  private final List<String> asked = new ArrayList<>();
  private final List<String> keys = new ArrayList<>();
  private int status = 200;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        x -> {
          asked.add(x.getRequestURI().getRawPath() + "?" + x.getRequestURI().getRawQuery());
          keys.add(x.getRequestHeaders().getFirst("X-Api-Key"));
          byte[] body =
              (status == 200 ? "# Fix plan for my app\n" : "{\"message\":\"no such route\"}")
                  .getBytes(StandardCharsets.UTF_8);
          x.sendResponseHeaders(status, body.length);
          x.getResponseBody().write(body);
          x.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  @Test
  void shouldPrintTheProjectsPlanInMarkdownWithTheApiKey() {
    Run r = run("fix-plan", "--project", "my app", "--url", url(), "--api-key", "k-123");

    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("# Fix plan for my app\n");
    assertThat(asked).containsExactly("/api/v1/projects/my%20app/fix-plan?format=markdown");
    assertThat(keys).containsExactly("k-123");
  }

  @Test
  void shouldExitOneWithTheServersAnswerWhenTheCorrelatorRefuses() {
    status = 404;

    Run r = run("fix-plan", "--project", "p", "--url", url(), "--format", "json");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(asked).containsExactly("/api/v1/projects/p/fix-plan?format=json");
    assertThat(r.err()).contains("HTTP 404").contains("no such route");
  }

  @Test
  void shouldAskForThePortfolioPlanOfATeamAndTag() {
    Run r =
        run(
            "fix-plan",
            "--portfolio",
            "--team",
            "pay ments",
            "--tag",
            "pci",
            "--top",
            "5",
            "--url",
            url(),
            "--format",
            "json");

    assertThat(r.exit()).isZero();
    assertThat(asked)
        .containsExactly("/api/v1/fix-plan?format=json&top=5&team=pay%20ments&tag=pci");
  }

  @Test
  void shouldRefuseProjectAndPortfolioTogetherOrNeither() {
    Run both = run("fix-plan", "--project", "p", "--portfolio", "--url", url());
    Run neither = run("fix-plan", "--url", url());
    Run teamAlone = run("fix-plan", "--project", "p", "--team", "t", "--url", url());

    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).contains("either --project P or --portfolio");
    assertThat(neither.exit()).isEqualTo(2);
    assertThat(teamAlone.err()).contains("--team and --tag go with --portfolio");
    assertThat(asked).isEmpty();
  }

  @Test
  void shouldAskForTheKevEvidenceOfACveAsCsv() {
    Run r = run("kev", "evidence", "--cve", "CVE-2021-44228", "--url", url(), "--format", "csv");
    Run bad = run("kev", "evidence", "--cve", "CVE-2021-44228", "--url", url(), "--format", "xls");

    assertThat(r.exit()).isZero();
    assertThat(asked).containsExactly("/api/v1/kev/CVE-2021-44228/evidence?format=csv");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("--format must be markdown, json or csv");
  }

  @Test
  void shouldRefuseAnUnknownFormatWithoutAsking() {
    Run r = run("fix-plan", "--project", "p", "--url", url(), "--format", "yaml");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--format must be markdown or json");
    assertThat(asked).isEmpty();
  }
}
