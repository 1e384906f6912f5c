package io.vigil.sbom.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.sbom.SbomLimits;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Violations stop being collected at the cap, in every step and in both modes. */
class ViolationCapTest {

  @Test
  void shouldStopCollectingSchemaViolationsAtTheCapWhenEveryComponentIsEmpty() {
    // 50,000 components {} break the schema twice each (no type, no name): 100,000 violations
    byte[] doc = emptyComponents(50_000);

    SbomIntake.Result r = SbomIntake.read(doc, false);

    assertThat(r.accepted()).isFalse();
    assertThat(r.violations()).hasSize(SbomIntake.MAX_REPORTED);
    assertThat(r.violationsTruncated()).isTrue();
    assertThat(r.violationLines()).hasSize(SbomIntake.MAX_REPORTED + 1);
    assertThat(r.violationLines().get(SbomIntake.MAX_REPORTED))
        .isEqualTo("$: more violations not listed (collection stops at 1000)");
    assertThat(r.reason())
        .startsWith("invalid SBOM: 1000 or more violations, first: $.components[0]");
  }

  @Test
  void shouldStopAtTheCapWhenLenientToo() {
    SbomIntake.Result r = SbomIntake.read(emptyComponents(5_000), true);

    assertThat(r.accepted()).isTrue();
    assertThat(r.violations()).hasSize(SbomIntake.MAX_REPORTED);
    assertThat(r.warnings()).hasSize(SbomIntake.MAX_REPORTED + 1);
  }

  @Test
  void shouldStopAtTheCapWhenEveryPurlIsBroken() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 3_000; i++) {
      b.append(i == 0 ? "" : ",")
          .append("{\"type\":\"library\",\"name\":\"n")
          .append(i)
          .append("\",\"purl\":\"pkg:pypi/\"}");
    }

    SbomIntake.Result r = SbomIntake.read(ComponentChecksTest.cyclonedx(b.toString()), false);

    assertThat(r.violations()).hasSize(SbomIntake.MAX_REPORTED);
    assertThat(r.violationsTruncated()).isTrue();
  }

  @Test
  void shouldRejectAMillionEmptyComponentsAtTheComponentLimitBeforeAnySchemaWork() {
    SbomIntake.Result r = SbomIntake.read(emptyComponents(1_000_000), false);

    assertThat(r.accepted()).isFalse();
    assertThat(r.violations())
        .extracting(Violation::toString)
        .containsExactly(
            "$: the document has more than "
                + SbomLimits.DEFAULT.maxComponents()
                + " components (the limit per SBOM), at $.components["
                + SbomLimits.DEFAULT.maxComponents()
                + "]");
  }

  @Test
  void shouldRejectASpdxYamlDocumentOfAMillionAliasesAtTheAliasLimit() {
    StringBuilder yaml = new StringBuilder("spdxVersion: SPDX-2.3\nname: &a x\npackages:\n");
    for (int i = 0; i < 1_000_000; i++) {
      yaml.append("- *a\n");
    }

    SbomIntake.Result r = SbomIntake.read(yaml.toString().getBytes(StandardCharsets.UTF_8), true);

    assertThat(r.accepted()).isFalse();
    assertThat(r.violations())
        .singleElement()
        .asString()
        .contains("too many YAML aliases: more than 1000 (the limit per SBOM");
  }

  @Test
  void shouldKeepEveryViolationMessagePrintableAndShort() {
    Violation v = new Violation("$.x\u0000", "m".repeat(10_000) + "\u001f");

    assertThat(v.path()).isEqualTo("$.x\\u0000");
    assertThat(v.message()).hasSizeLessThan(700).doesNotContain("\u001f");
  }

  static byte[] emptyComponents(int count) {
    return ("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,\"components\":["
            + "{},".repeat(count - 1)
            + "{}]}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
