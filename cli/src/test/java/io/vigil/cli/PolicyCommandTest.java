package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.correlator.triage.PolicyDocuments;
import io.vigil.events.v1.PolicyDocument;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code vigil policy apply}: the file checked whole before anything is published. */
class PolicyCommandTest {
  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00.123456Z");
  private static final String VALID =
      """
      rules:
        - name: sandbox-projects
          condition: '"sandbox" in project.tags && project.criticality != "MISSION_ESSENTIAL"'
          analysis: {state: false_positive, comment: sandboxes are not deployed}
        - name: optional-outside-kev
          priority: 100
          condition: component.scope == "optional" && !vuln.kev
          analysis: {state: not_affected, justification: vulnerable_code_not_in_execute_path}
      """;
  private static final String MISSPELT =
      """
      rules:
        - name: fine
          condition: vuln.kev
          analysis: {state: exploitable}
        - name: typo
          condition: component.scpoe == "optional"
          analysis: {state: not_affected, justification: vulnerable_code_not_in_execute_path}
      """;

  @TempDir Path tmp;

  @Test
  void shouldMakeADocumentNamedAfterTheFileThatTheCorrelatorAccepts() throws Exception {
    Path file = Files.writeString(tmp.resolve("security.yaml"), VALID);

    PolicyDocument doc = PolicyCommand.document(file, null, "alice", "quarterly review", NOW);

    assertThat(doc.getName()).isEqualTo("security");
    assertThat(doc.getRules()).isEqualTo(VALID);
    assertThat(doc.getAuthor()).isEqualTo("alice");
    assertThat(doc.getComment()).isEqualTo("quarterly review");
    assertThat(doc.getUpdatedAt()).isEqualTo(Instant.parse("2026-12-07T10:00:00.123Z"));
    assertThat(PolicyDocuments.validated(doc.getName(), doc)).isEqualTo(doc);
    assertThat(PolicyCommand.document(file, "base", "alice", null, NOW).getName())
        .isEqualTo("base");
  }

  @Test
  void shouldRejectAFileWithARuleThatDoesNotCompileNamingTheRuleAndWhere() throws Exception {
    Path file = Files.writeString(tmp.resolve("security.yaml"), MISSPELT);

    assertThatThrownBy(() -> PolicyCommand.document(file, null, "alice", null, NOW))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("security.yaml rejected, nothing published")
        .hasMessageContaining("rule 'typo'")
        .hasMessageContaining("security.yaml:6:")
        .hasMessageContaining("scpoe")
        .hasMessageNotContaining("rule 'fine'");
  }

  @Test
  void shouldExitTwoWithTheProblemAndPublishNothingWhenApplyingAnInvalidFile() throws Exception {
    Path bad = Files.writeString(tmp.resolve("security.yaml"), MISSPELT);
    Path good = Files.writeString(tmp.resolve("base.yml"), VALID);
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setErr(new PrintWriter(err));

    // no broker is running: a publish attempt would fail with exit 1, not 2
    int code = cl.execute("policy", "apply", "-f", bad.toString(), "-b", "127.0.0.1:1");
    int dryRun = cl.execute("policy", "apply", "-f", good.toString(), "--dry-run");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("vigil apply: ").contains("rule 'typo'");
    assertThat(dryRun).isZero();
  }

  @Test
  void shouldRefuseANameThatCannotBeADocumentKeyAndAFileWithoutRules() throws Exception {
    Path file = Files.writeString(tmp.resolve("security.yaml"), VALID);
    Path empty = Files.writeString(tmp.resolve("empty.yaml"), "rules: []\n");

    assertThatThrownBy(() -> PolicyCommand.document(file, "a/b", "alice", null, NOW))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("'a/b' is not a document name");
    assertThatThrownBy(() -> PolicyCommand.document(empty, null, "alice", null, NOW))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("has no rules")
        .hasMessageContaining("vigil policy delete --name empty");
  }
}
