package io.vigil.core.fix;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.osv.AffectedEntry;
import io.vigil.core.osv.Matcher;
import io.vigil.core.osv.OsvReader;
import io.vigil.core.osv.OsvRecord;
import io.vigil.core.purl.PackageIdentity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FixesTest {

  private static List<List<AffectedEntry>> log4shell() throws Exception {
    Path dir = Path.of(FixesTest.class.getResource("/fixtures/osv").toURI());
    return OsvReader.read(dir).stream().map(AffectedEntry::of).toList();
  }

  private static List<AffectedEntry> advisory(String id, String json) throws Exception {
    List<OsvRecord> out = new ArrayList<>();
    OsvReader.parse(
        ("{\"id\":\"" + id + "\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":" + json + "}")
            .getBytes(StandardCharsets.UTF_8),
        id,
        out::add);
    return AffectedEntry.of(out.get(0));
  }

  private static PackageIdentity purl(String purl) {
    return PackageIdentity.fromPurl(purl).orElseThrow();
  }

  @Test
  void shouldGiveTheUpgradeEndingEveryLog4ShellFindingOnTheSameMajorLine() throws Exception {
    FixAdvice fix =
        Fixes.of(purl("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"), log4shell())
            .orElseThrow();

    assertThat(fix.smallest()).isEqualTo("2.17.1");
    assertThat(fix.sameLine()).isEqualTo("2.17.1");
    assertThat(fix.change()).isEqualTo(FixAdvice.Change.MINOR);
    assertThat(fix.crossesMajor()).isFalse();
    assertThat(fix.recommended()).isEqualTo("2.17.1");
  }

  @Test
  void shouldStayOnTheJava7BranchWhenItsPatchReleasesFixEverything() throws Exception {
    FixAdvice fix =
        Fixes.of(purl("pkg:maven/org.apache.logging.log4j/log4j-core@2.12.1"), log4shell())
            .orElseThrow();

    assertThat(fix.smallest()).isEqualTo("2.12.4");
    assertThat(fix.sameLine()).isEqualTo("2.12.4");
    assertThat(fix.change()).isEqualTo(FixAdvice.Change.PATCH);
  }

  @Test
  void shouldGiveTheFixOfOneExposureFromItsAdvisoryAlone() throws Exception {
    List<AffectedEntry> log4shellItself =
        log4shell().stream()
            .filter(a -> a.get(0).advisoryId().equals("GHSA-jfh8-c2jp-5v3q"))
            .findFirst()
            .orElseThrow();

    FixAdvice fix =
        Fixes.ofExposure(
                purl("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"), log4shellItself)
            .orElseThrow();

    assertThat(fix.smallest()).isEqualTo("2.15.0");
    assertThat(fix.change()).isEqualTo(FixAdvice.Change.MINOR);
  }

  @Test
  void shouldPickThePatchOfTheComponentsOwnLineWhenAnAdvisoryFixesEveryLine() throws Exception {
    // GHSA-hrpp-h998-j3pp (qs): one range per minor line, each with its own fixed version
    List<AffectedEntry> qs =
        advisory(
            "GHSA-hrpp-h998-j3pp",
            "[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"qs\"},\"ranges\":[{\"type\":\"SEMVER\","
                + "\"events\":[{\"introduced\":\"6.7.0\"},{\"fixed\":\"6.7.3\"}]},{\"type\":\"SEMVER\","
                + "\"events\":[{\"introduced\":\"6.8.0\"},{\"fixed\":\"6.8.3\"}]},{\"type\":\"SEMVER\","
                + "\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"6.2.4\"}]}]}]");

    FixAdvice fix = Fixes.ofExposure(purl("pkg:npm/qs@6.7.0"), qs).orElseThrow();

    assertThat(fix.smallest()).isEqualTo("6.7.3");
    assertThat(fix.sameLine()).isEqualTo("6.7.3");
    assertThat(fix.change()).isEqualTo(FixAdvice.Change.PATCH);
  }

  @Test
  void shouldSayTheFixCrossesAMajorVersionWhenNoFixExistsOnTheComponentsMajorLine()
      throws Exception {
    List<AffectedEntry> a =
        advisory(
            "GHSA-test-0001",
            "[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"example\"},\"ranges\":[{\"type\":"
                + "\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"2.0.1\"}]}]}]");

    FixAdvice fix = Fixes.ofExposure(purl("pkg:pypi/example@1.9.0"), a).orElseThrow();

    assertThat(fix.smallest()).isEqualTo("2.0.1");
    assertThat(fix.sameLine()).isNull();
    assertThat(fix.change()).isEqualTo(FixAdvice.Change.MAJOR);
    assertThat(fix.crossesMajor()).isTrue();
    assertThat(fix.recommended()).isEqualTo("2.0.1");
  }

  @Test
  void shouldSkipAFixOnTheLineThatAnotherAdvisoryStillAffects() throws Exception {
    // A is fixed in 1.2.5 and 2.0.0; B affects 1.2.5 up to 1.3.0 and is fixed in 1.3.0 only
    List<AffectedEntry> a =
        advisory(
            "GHSA-test-000a",
            "[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"lib\"},\"ranges\":[{\"type\":\"SEMVER\","
                + "\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.2.5\"},{\"introduced\":\"1.9.0\"},"
                + "{\"fixed\":\"2.0.0\"}]}]}]");
    List<AffectedEntry> b =
        advisory(
            "GHSA-test-000b",
            "[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"lib\"},\"ranges\":[{\"type\":\"SEMVER\","
                + "\"events\":[{\"introduced\":\"1.2.4\"},{\"fixed\":\"1.3.0\"}]}]}]");

    FixAdvice fix = Fixes.of(purl("pkg:npm/lib@1.2.4"), List.of(a, b)).orElseThrow();

    assertThat(Fixes.ofExposure(purl("pkg:npm/lib@1.2.4"), a).orElseThrow().smallest())
        .isEqualTo("1.2.5");
    assertThat(fix.smallest()).isEqualTo("1.3.0");
    assertThat(fix.sameLine()).isEqualTo("1.3.0");
    assertThat(fix.change()).isEqualTo(FixAdvice.Change.MINOR);
  }

  @Test
  void shouldAdviseNothingWhenNothingAffectsTheComponentOrNoFixIsKnown() throws Exception {
    List<AffectedEntry> lastAffectedOnly =
        advisory(
            "GHSA-test-0002",
            "[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"lib\"},\"ranges\":[{\"type\":\"SEMVER\","
                + "\"events\":[{\"introduced\":\"0\"},{\"last_affected\":\"1.4.0\"}]}]}]");

    assertThat(Fixes.ofExposure(purl("pkg:npm/lib@1.0.0"), lastAffectedOnly)).isEmpty();
    assertThat(Fixes.ofExposure(purl("pkg:npm/lib@2.0.0"), lastAffectedOnly)).isEmpty();
    assertThat(Fixes.of(purl("pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1"), log4shell()))
        .isEmpty();
  }

  @Test
  void shouldBuildOnTheMatchersSmallestFixingUpgrade() throws Exception {
    for (String v : List.of("2.0", "2.3", "2.4.1", "2.10.0", "2.12.1", "2.13.0", "2.15.0")) {
      PackageIdentity c = purl("pkg:maven/org.apache.logging.log4j/log4j-core@" + v);
      assertThat(Fixes.of(c, log4shell()).map(FixAdvice::smallest))
          .as(v)
          .isEqualTo(Matcher.smallestFixingUpgrade(c, log4shell()));
    }
  }
}
