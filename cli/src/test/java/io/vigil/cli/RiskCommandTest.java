package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testkit.http.RecordedRequest;
import io.vigil.testkit.http.StubHttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class RiskCommandTest {
  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static final String ANSWER =
      "{\"portfolio\":{\"projects\":5,\"missionEssentialProjects\":2,\"packages\":2},"
          + "\"packages\":[{\"packageKey\":\"Maven/com.fasterxml.jackson.core:jackson-databind\","
          + "\"projects\":5,\"directProjects\":1,\"transitiveProjects\":0,"
          + "\"unknownReachProjects\":4,\"missionEssentialProjects\":2,"
          + "\"shareOfProjects\":1.0,\"distinctVersions\":2}]}";

  @Test
  void shouldAskTheCorrelatorWithTheKeyAndPrintOneLinePerPackage() {
    try (StubHttpServer server =
        new StubHttpServer(r -> StubHttpServer.Response.json(200, ANSWER))) {
      Run r = run("risk", "top", "--url", server.url() + "/", "--api-key", "k-sec", "--top", "5");

      assertThat(r.exit()).as(r.err()).isZero();
      RecordedRequest req = server.requests().get(0);
      assertThat(req.path()).isEqualTo("/api/v1/risk/top");
      assertThat(req.query()).isEqualTo("top=5");
      assertThat(req.header("X-Api-Key")).isEqualTo("k-sec");
      assertThat(r.out().lines())
          .first()
          .isEqualTo("portfolio: 5 projects (2 mission-essential), 2 packages");
      assertThat(r.out().lines().toList().get(2))
          .startsWith("1    Maven/com.fasterxml.jackson.core:jackson-databind")
          .contains("  2         5  100.0%     1/0             4        2");
    }
  }

  @Test
  void shouldExitThreeWhenTheCorrelatorFails() {
    try (StubHttpServer server =
        new StubHttpServer(r -> StubHttpServer.Response.json(503, "{\"message\":\"later\"}"))) {
      Run r = run("risk", "top", "--url", server.url());

      assertThat(r.exit()).isEqualTo(3);
      assertThat(r.err()).contains("vigil risk top: HTTP 503");
    }
  }
}
