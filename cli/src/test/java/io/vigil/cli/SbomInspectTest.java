package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SbomInspectTest {
  private static final String VALID =
      """
      {"bomFormat":"CycloneDX","specVersion":"1.5","version":1,
       "metadata":{"component":{"bom-ref":"app","type":"application","name":"app"}},
       "components":[
         {"bom-ref":"a","type":"library","name":"log4j-core","version":"2.14.1","scope":"required",
          "purl":"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"},
         {"bom-ref":"b","type":"library","name":"openssl","version":"3.0.8",
          "cpe":"cpe:2.3:a:openssl:openssl:3.0.8:*:*:*:*:*:*:*"}],
       "dependencies":[{"ref":"app","dependsOn":["a"]}]}
      """;

  @TempDir Path tmp;

  @Test
  void shouldPrintOneJsonLinePerDistinctComponentWhenTheDocumentIsValid() throws Exception {
    Run run = run("sbom", "inspect", write("ok.json", VALID).toString());

    assertThat(run.exit()).isZero();
    assertThat(run.out().strip().split("\n"))
        .containsExactly(
            "{\"purl\":\"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1\",\"name\":\"log4j-core\","
                + "\"version\":\"2.14.1\",\"type\":\"library\",\"scope\":\"required\",\"direct\":true}",
            "{\"purl\":null,\"name\":\"openssl\",\"version\":\"3.0.8\",\"type\":\"library\","
                + "\"scope\":null,\"direct\":false}");
  }

  @Test
  void shouldExitNonZeroWithEveryViolationWhenStrictAndListWhenLenient() throws Exception {
    Path bad =
        write(
            "bad.json",
            VALID
                .replace(
                    "\"type\":\"library\",\"name\":\"openssl\"",
                    "\"type\":\"lib\",\"name\":\"openssl\"")
                .replace("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", "pkg:maven/"));

    Run strict = run("sbom", "inspect", bad.toString());
    Run lenient = run("sbom", "inspect", "--lenient", bad.toString());

    assertThat(strict.exit()).isEqualTo(1);
    assertThat(strict.out()).isEmpty();
    assertThat(strict.err())
        .contains("2 violations")
        .contains("$.components[1].type: does not have a value in the enumeration")
        .contains("$.components[0].purl: 'pkg:maven/' is not a valid package URL");
    assertThat(lenient.exit()).isZero();
    assertThat(lenient.out().strip().split("\n")).hasSize(2);
    assertThat(lenient.err()).contains("warning: $.components[1].type");
  }

  @Test
  void shouldExitNonZeroNamingTheFileWhenItIsNoSbom() throws Exception {
    Run run = run("sbom", "inspect", write("x.txt", "hello").toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("x.txt").contains("unrecognised format");
  }

  @Test
  void shouldExitThreeWhenTheServerCannotBeReached() throws Exception {
    Run run =
        run(
            "sbom",
            "submit",
            "--url",
            "http://127.0.0.1:1",
            "--project",
            "shop",
            write("ok.json", VALID).toString());

    assertThat(run.exit()).isEqualTo(3);
    assertThat(run.err()).contains("cannot reach http://127.0.0.1:1");
  }

  private Path write(String name, String content) throws Exception {
    Path p = tmp.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
