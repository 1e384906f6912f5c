package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VersionsCommandTest {

  private record Run(int exit, String out, String err) {}

  private static Run run(String stdin, String... args) {
    InputStream saved = System.in;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    try {
      System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      var cl = Main.commandLine();
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(err, true));
      int exit = cl.execute(args);
      return new Run(exit, out.toString(), err.toString());
    } finally {
      System.setIn(saved);
    }
  }

  @Test
  void shouldPrintOneOrderPerInputLineWhenComparingMavenVersions() {
    Run r =
        run(
            "1.0\t1.0.0\n2.14.1\t2.15.0\n2.0\t2.0-SNAPSHOT\n",
            "versions",
            "compare",
            "--ecosystem",
            "Maven");
    assertThat(r.exit()).isZero();
    assertThat(r.out().lines()).containsExactly("0", "-1", "1");
  }

  @Test
  void shouldPrintErrWithTheReasonWhenALineIsNotTwoVersionsOfTheEcosystem() {
    Run r =
        run("1.x\t2.0.0\nno-tab-here\n1.0.0\t1.0.0\n", "versions", "compare", "--ecosystem", "npm");
    assertThat(r.exit()).isZero();
    assertThat(r.out().lines()).hasSize(3);
    assertThat(r.out().lines().toList().get(0)).startsWith("ERR ").contains("'1.x'");
    assertThat(r.out().lines().toList().get(1)).startsWith("ERR ").contains("TAB");
    assertThat(r.out().lines().toList().get(2)).isEqualTo("0");
  }

  @Test
  void shouldIgnoreCarriageReturnsWhenLinesEndWithCrLf() {
    Run r = run("1.0\t1.0.0\r\n", "versions", "compare", "--ecosystem", "Maven");
    assertThat(r.out().lines()).containsExactly("0");
  }

  @Test
  void shouldAcceptEcosystemsWithASuffixAsOsvWritesThem() {
    Run r = run("1:1.0-1\t2.0-1\n", "versions", "compare", "--ecosystem", "Debian:12");
    assertThat(r.out().strip()).isEqualTo("1");
  }

  @Test
  void shouldFailWithAMessageWhenTheEcosystemHasNoVersionOrder() {
    Run r = run("a\tb\n", "versions", "compare", "--ecosystem", "OSS-Fuzz");
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("OSS-Fuzz");
  }
}
