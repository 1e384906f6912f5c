package io.vigil.core.version;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.testing.DistroTools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The {@code dpkg} scheme (Debian, Ubuntu) against dpkg itself: {@code dpkg --compare-versions} on
 * generated pairs (fixed seed) and on hand-picked edge cases. An answer agrees when both order the
 * pair the same way, or when dpkg rejects the syntax (exit 2) and the scheme calls one of the two
 * invalid. dpkg's warnings (a version not starting with a digit, an odd character) still compare,
 * and so does the scheme.
 *
 * <p>Needs {@code dpkg}: skipped loudly without it, failed when {@code
 * VIGIL_REQUIRE_DISTRO_TOOLS=true} (CI).
 */
class DpkgCompareVersionsConformanceTest {
  /** One process per comparison, so fewer pairs than for rpm (about 4 ms each). */
  private static final int GENERATED_PAIRS = 2_500;

  private static final long SEED = 20_261_219L;

  private static final String[][] EDGE_CASES = {
    {"1.0~rc1", "1.0"},
    {"1.0~~", "1.0~"},
    {"1.0~", "1.0"},
    {"1.0", "1.0+"},
    {"1.0-1", "1.0-1~bpo1"},
    {"1:1.0", "2.0"},
    {"01:1.0", "1:1.0"},
    {"0:1.0", "1.0"},
    {"1.0-0", "1.0"},
    {"1.0a", "1.0+"},
    {"1.0a", "1.0."},
    {"1.0-1+b1", "1.0-1"},
    {"2.2.52-3", "2.2.52-3+b1"},
    {"1.1.0l-1~deb9u5", "1.1.0l-1~deb9u6"},
    {"3.0.9-1", "3.0.9-1+deb12u1"},
    {"2021a-1+deb11u6", "2021a-0+deb11u1"},
    {"1.2.3-1ubuntu0.22.04.1", "1.2.3-1ubuntu0.20.04.1"},
    {"1.2.3-1ubuntu0.1+esm1", "1.2.3-1ubuntu0.1"},
    {"1.0-1-1", "1.0-1"},
    {"1_0", "1.0"},
    {"a1", "1"},
    {"1.0-", "1.0"},
    {":1.0", "1.0"},
    {"1:", "1.0"},
    {"1.0:2", "1.0"},
    {"1.0 2", "1.0"},
    {"99999999999999999999", "100000000000000000000"},
    {"0001", "1"},
  };

  @Test
  void shouldOrderEveryPairAsDpkgCompareVersionsDoes() throws Exception {
    Path dpkg = DistroTools.requireDpkg();
    Random random = new Random(SEED);
    List<String[]> pairs = new ArrayList<>(List.of(EDGE_CASES));
    pairs.addAll(
        DistroVersionGenerator.pairs(
            random, GENERATED_PAIRS, DistroVersionGenerator::dpkg, "~ ~rc1 + +b1 a -1 .0 ~~"));
    StringBuilder input = new StringBuilder();
    for (String[] p : pairs) {
      input.append(p[0]).append('\t').append(p[1]).append('\n');
    }
    // dpkg exits 0 when the relation holds, 1 when not, 2 on a syntax error
    String script =
        "while IFS=$'\\t' read -r a b; do "
            + "\"$DPKG\" --compare-versions \"$a\" lt \"$b\" 2>/dev/null; rc=$?; "
            + "if [ $rc -eq 0 ]; then echo '<'; elif [ $rc -eq 2 ]; then echo E; "
            + "elif \"$DPKG\" --compare-versions \"$a\" eq \"$b\" 2>/dev/null; then echo '='; "
            + "else echo '>'; fi; done";
    List<String> answers =
        DistroTools.run(
            List.of("bash", "-c", "DPKG='" + dpkg + "'; " + script), input.toString(), 600);
    assertThat(answers).hasSize(pairs.size());

    List<String> disagreements = new ArrayList<>();
    int ordered = 0;
    int rejected = 0;
    for (int i = 0; i < pairs.size(); i++) {
      String a = pairs.get(i)[0];
      String b = pairs.get(i)[1];
      String expected = answers.get(i);
      String got = answer(DpkgVersionScheme.INSTANCE, a, b);
      String reverse = answer(DpkgVersionScheme.INSTANCE, b, a);
      if (expected.equals("E")) {
        rejected++;
        if (!got.equals("E")) {
          disagreements.add(a + " ? " + b + ": dpkg rejects the syntax, the scheme says " + got);
        }
      } else {
        ordered++;
        if (!expected.equals(got) || !flip(expected).equals(reverse)) {
          disagreements.add(
              a + " " + expected + " " + b + " (dpkg); scheme: " + got + ", reversed " + reverse);
        }
      }
    }
    System.out.printf(
        "[conformance] dpkg --compare-versions (%s): %d/%d pairs agree (%d ordered, %d rejected"
            + " by dpkg)%n",
        dpkgVersion(dpkg), pairs.size() - disagreements.size(), pairs.size(), ordered, rejected);
    assertThat(disagreements)
        .as(disagreements.size() + " of " + pairs.size() + " pairs disagree with dpkg")
        .isEmpty();
    assertThat(ordered).as("pairs dpkg orders").isGreaterThan(GENERATED_PAIRS * 9 / 10);
  }

  static String answer(VersionScheme scheme, String a, String b) {
    Comparison c = scheme.compare(a, b);
    return c.isError() ? "E" : c.order() < 0 ? "<" : c.order() > 0 ? ">" : "=";
  }

  static String flip(String op) {
    return switch (op) {
      case "<" -> ">";
      case ">" -> "<";
      default -> op;
    };
  }

  private static String dpkgVersion(Path dpkg) {
    try {
      List<String> out = DistroTools.run(List.of(dpkg.toString(), "--version"), "", 60);
      return out.isEmpty() ? "dpkg" : out.get(0).replaceAll(".*version ([^ ]+).*", "dpkg $1");
    } catch (Exception e) {
      return "dpkg";
    }
  }
}
