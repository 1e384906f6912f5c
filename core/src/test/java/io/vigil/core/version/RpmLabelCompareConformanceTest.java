package io.vigil.core.version;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.testing.DistroTools;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The {@code rpm} scheme (Red Hat, AlmaLinux, Rocky Linux, SUSE, openSUSE, Mageia, openEuler...)
 * against rpm itself: each string split into epoch, version and release by rpm's own parser ({@code
 * rpm.ver}) and the two compared with {@code rpm.labelCompare} (python3-rpm), on generated pairs
 * (fixed seed) with epochs, {@code ~} and {@code ^}, and on hand-picked edge cases.
 *
 * <p>Needs rpm's Python binding: skipped loudly without it, failed when {@code
 * VIGIL_REQUIRE_DISTRO_TOOLS=true} (CI; {@code .ci/run} installs {@code python3-rpm}).
 */
class RpmLabelCompareConformanceTest {
  /** One Python process compares them all. */
  private static final int GENERATED_PAIRS = 20_000;

  private static final long SEED = 20_261_219L;

  private static final String[][] EDGE_CASES = {
    {"1.0~rc1", "1.0"},
    {"1.0~rc1", "1.0~rc2"},
    {"1.0~~", "1.0~"},
    {"1.0^git1", "1.0"},
    {"1.0^git1", "1.0.1"},
    {"1.0^git1", "1.0~rc1"},
    {"1.0^", "1.0"},
    {"1.0^git1", "1.0^git2"},
    {"1.0^1", "1.0^"},
    {"1:1.0", "2.0"},
    {"0:1.0", "1.0"},
    {"1.0-1", "1.0"},
    {"1.0-1.el8", "1.0-1.el8_6"},
    {"1.1.1k-6.el8", "1:1.1.1k-6.el8"},
    {"1.1.1k-6.el8_5", "1.1.1k-7.el8"},
    {"2.0.1a", "2.0.1"},
    {"5.5p1", "5.5p10"},
    {"10xyz", "10.1xyz"},
    {"xyz10", "xyz.4"},
    {"1.0a", "1.0.1"},
    {"1.0_1", "1.0.1"},
    {"1.0-2-3", "1.0-2"},
    {"1.0-1-9", "1.0.1-1"},
    {"1:", "1.0"},
    {":1.0", "0:1.0"},
    {"1.0-", "1.0"},
    {"1e.fc33", "1.fc33"},
    {"0001", "1"},
    {"99999999999999999999", "100000000000000000000"},
  };

  private static final String PYTHON =
      String.join(
          "\n",
          "import sys, rpm",
          "for line in sys.stdin:",
          "    a, b = line.rstrip('\\n').split('\\t')",
          "    try:",
          "        va, vb = rpm.ver(a), rpm.ver(b)",
          "        print(rpm.labelCompare((va.e, va.v, va.r), (vb.e, vb.v, vb.r)))",
          "    except ValueError:",
          "        print('E')");

  @Test
  void shouldOrderEveryPairAsRpmLabelCompareDoes() throws Exception {
    String python = DistroTools.requirePythonRpm();
    List<String[]> pairs = new ArrayList<>(List.of(EDGE_CASES));
    pairs.addAll(
        DistroVersionGenerator.pairs(
            new Random(SEED),
            GENERATED_PAIRS,
            DistroVersionGenerator::rpm,
            "~ ~rc1 ^ ^git1 .1 a -1 _1 ~~ ^^"));
    StringBuilder input = new StringBuilder();
    for (String[] p : pairs) {
      input.append(p[0]).append('\t').append(p[1]).append('\n');
    }
    List<String> answers = DistroTools.run(List.of(python, "-c", PYTHON), input.toString(), 600);
    assertThat(answers).hasSize(pairs.size());

    List<String> disagreements = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      String a = pairs.get(i)[0];
      String b = pairs.get(i)[1];
      String answer = answers.get(i).strip();
      if (answer.equals("E")) {
        rejected.add(a + " ? " + b);
        String got = DpkgCompareVersionsConformanceTest.answer(RpmVersionScheme.INSTANCE, a, b);
        if (!got.equals("E")) {
          disagreements.add(a + " ? " + b + ": rpm.ver rejects it, the scheme says " + got);
        }
        continue;
      }
      int rc = Integer.parseInt(answer);
      String expected = rc < 0 ? "<" : rc > 0 ? ">" : "=";
      String got = DpkgCompareVersionsConformanceTest.answer(RpmVersionScheme.INSTANCE, a, b);
      String reverse = DpkgCompareVersionsConformanceTest.answer(RpmVersionScheme.INSTANCE, b, a);
      if (!expected.equals(got)
          || !DpkgCompareVersionsConformanceTest.flip(expected).equals(reverse)) {
        disagreements.add(
            a + " " + expected + " " + b + " (rpm); scheme: " + got + ", reversed " + reverse);
      }
    }
    System.out.printf(
        "[conformance] rpm.labelCompare: %d/%d pairs agree%n",
        pairs.size() - disagreements.size(), pairs.size());
    System.out.println("[conformance] rpm.ver rejects " + rejected.size() + ": " + rejected);
    assertThat(disagreements)
        .as(disagreements.size() + " of " + pairs.size() + " pairs disagree with rpm")
        .isEmpty();
  }
}
