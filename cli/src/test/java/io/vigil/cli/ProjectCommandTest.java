package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.testkit.http.RecordedRequest;
import io.vigil.testkit.http.StubHttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProjectCommandTest {
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

  @Test
  void shouldPutTheContextAsJsonWithTheKeyAndPrintTheAnswer() throws Exception {
    try (StubHttpServer server =
        new StubHttpServer(r -> StubHttpServer.Response.json(200, "{\"project\":\"my shop\"}"))) {
      Run r =
          run(
              "project",
              "context",
              "set",
              "--url",
              server.url() + "/",
              "--api-key",
              "k-ops",
              "my shop",
              "--criticality",
              "mission-essential",
              "--exposure",
              "internet-facing",
              "--team",
              "checkout",
              "--tag",
              "pci",
              "--tag",
              "tier-1");

      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out().strip()).isEqualTo("{\"project\":\"my shop\"}");
      RecordedRequest req = server.requests().get(0);
      assertThat(req.method()).isEqualTo("PUT");
      assertThat(req.path()).isEqualTo("/api/v1/projects/my%20shop/context");
      assertThat(req.header("X-Api-Key")).isEqualTo("k-ops");
      assertThat(new ObjectMapper().readTree(req.bodyText()))
          .isEqualTo(
              new ObjectMapper()
                  .readTree(
                      "{\"owner\":null,\"team\":\"checkout\",\"tags\":[\"pci\",\"tier-1\"],"
                          + "\"criticality\":\"mission-essential\",\"exposure\":\"internet-facing\"}"));
    }
  }

  @Test
  void shouldPrintEveryProblemAndExitOneWhenTheServerRefuses() {
    try (StubHttpServer server =
        new StubHttpServer(
            r ->
                StubHttpServer.Response.json(
                    400,
                    "{\"error\":\"invalid_context\",\"message\":\"invalid project context: x\","
                        + "\"details\":{\"problems\":[\"criticality: 'high' is not ...\"]}}"))) {
      Run r =
          run("project", "context", "set", "--url", server.url(), "shop", "--criticality", "high");

      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err())
          .contains("vigil project context: shop: HTTP 400: invalid project context: x")
          .contains("  criticality: 'high' is not ...");
    }
  }

  @Test
  void shouldGetAndDeleteWithTheirMethodsAndExitThreeOnAServerError() {
    try (StubHttpServer server =
        new StubHttpServer(
            r ->
                r.method().equals("GET")
                    ? StubHttpServer.Response.json(200, "{}")
                    : StubHttpServer.Response.json(503, "{\"message\":\"later\"}"))) {
      Run get = run("project", "context", "get", "--url", server.url(), "shop");
      Run delete = run("project", "context", "delete", "--url", server.url(), "shop");

      assertThat(get.exit()).isZero();
      assertThat(delete.exit()).isEqualTo(3);
      assertThat(server.requests())
          .extracting(RecordedRequest::method)
          .containsExactly("GET", "DELETE");
    }
  }
}
