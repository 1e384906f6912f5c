package io.vigil.core.osv;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.osv.MatchResult.Status;
import io.vigil.core.purl.PackageIdentity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OSV evaluation rules M1–M8 on small hand-written records. */
class MatcherTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A record with one affected entry: ecosystem, name, and the JSON of its ranges/versions. */
  private static List<AffectedEntry> entries(
      String ecosystem, String name, String rangesAndVersions) {
    return entries(ecosystem, name, rangesAndVersions, false);
  }

  private static List<AffectedEntry> entries(
      String ecosystem, String name, String body, boolean withdrawn) {
    String json =
        "{\"id\":\"TEST-1\",\"modified\":\"2024-01-01T00:00:00Z\""
            + (withdrawn ? ",\"withdrawn\":\"2024-02-01T00:00:00Z\"" : "")
            + ",\"affected\":[{\"package\":{\"ecosystem\":\""
            + ecosystem
            + "\",\"name\":\""
            + name
            + "\"},"
            + body
            + "}]}";
    try {
      return AffectedEntry.of(JSON.readValue(json, OsvRecord.class));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String range(String type, String events) {
    return "\"ranges\":[{\"type\":\"" + type + "\",\"events\":[" + events + "]}]";
  }

  private static MatchResult eval(String purl, List<AffectedEntry> entries) {
    return Matcher.evaluate(PackageIdentity.fromPurl(purl).orElseThrow(), entries);
  }

  private static final String LOG4J = "org.apache.logging.log4j:log4j-core";

  @Test
  void shouldBeAffectedWhenVersionIsBetweenIntroducedAndFixed() {
    List<AffectedEntry> e =
        entries(
            "Maven",
            LOG4J,
            range("ECOSYSTEM", "{\"introduced\":\"2.0-beta9\"},{\"fixed\":\"2.15.0\"}"));
    MatchResult r = eval("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", e);
    assertThat(r.status()).isEqualTo(Status.AFFECTED);
    assertThat(r.fixedVersions()).containsExactly("2.15.0");
  }

  @Test
  void shouldNotBeAffectedWhenVersionIsTheFixedVersionOrBeyond() {
    List<AffectedEntry> e =
        entries(
            "Maven",
            LOG4J,
            range("ECOSYSTEM", "{\"introduced\":\"2.0-beta9\"},{\"fixed\":\"2.15.0\"}"));
    assertThat(eval("pkg:maven/org.apache.logging.log4j/log4j-core@2.15.0", e).status())
        .isEqualTo(Status.NOT_AFFECTED);
    assertThat(eval("pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1", e).status())
        .isEqualTo(Status.NOT_AFFECTED);
  }

  @Test
  void shouldNotBeAffectedWhenVersionIsBelowIntroduced() {
    List<AffectedEntry> e =
        entries(
            "Maven",
            LOG4J,
            range("ECOSYSTEM", "{\"introduced\":\"2.0-beta9\"},{\"fixed\":\"2.15.0\"}"));
    assertThat(eval("pkg:maven/org.apache.logging.log4j/log4j-core@1.2.17", e).status())
        .isEqualTo(Status.NOT_AFFECTED);
    assertThat(eval("pkg:maven/org.apache.logging.log4j/log4j-core@2.0-beta8", e).status())
        .isEqualTo(Status.NOT_AFFECTED);
  }

  @Test
  void shouldTreatIntroducedZeroAsBeforeEveryVersion() {
    List<AffectedEntry> e =
        entries("npm", "lodash", range("SEMVER", "{\"introduced\":\"0\"},{\"fixed\":\"4.17.21\"}"));
    assertThat(eval("pkg:npm/lodash@0.0.1-alpha", e).status()).isEqualTo(Status.AFFECTED);
    assertThat(eval("pkg:npm/lodash@4.17.20", e).status()).isEqualTo(Status.AFFECTED);
    assertThat(eval("pkg:npm/lodash@4.17.21", e).status()).isEqualTo(Status.NOT_AFFECTED);
  }

  @Test
  void shouldIncludeLastAffectedAndExcludeWhatFollowsIt() {
    List<AffectedEntry> e =
        entries(
            "PyPI",
            "django",
            range("ECOSYSTEM", "{\"introduced\":\"1.0\"},{\"last_affected\":\"2.2.3\"}"));
    assertThat(eval("pkg:pypi/django@2.2.3", e).status()).isEqualTo(Status.AFFECTED);
    assertThat(eval("pkg:pypi/django@2.2.3.post1", e).status()).isEqualTo(Status.NOT_AFFECTED);
    assertThat(eval("pkg:pypi/django@2.2.4", e).status()).isEqualTo(Status.NOT_AFFECTED);
  }

  @Test
  void shouldLetFixedWinOverLastAffectedWhenBothNameTheSameVersion() {
    List<AffectedEntry> e =
        entries(
            "PyPI",
            "django",
            range(
                "ECOSYSTEM",
                "{\"introduced\":\"1.0\"},{\"last_affected\":\"2.0\"},{\"fixed\":\"2.0\"}"));
    assertThat(eval("pkg:pypi/django@2.0", e).status()).isEqualTo(Status.NOT_AFFECTED);
    assertThat(eval("pkg:pypi/django@1.9", e).status()).isEqualTo(Status.AFFECTED);
  }

  @Test
  void shouldSortEventsBeforeEvaluatingWhenTheyAreUnsorted() {
    // PYSEC-2023-192: introduced 2.0.0, fixed 2.0.6, introduced 0, fixed 1.26.17
    List<AffectedEntry> e =
        entries(
            "PyPI",
            "urllib3",
            range(
                "ECOSYSTEM",
                "{\"introduced\":\"2.0.0\"},{\"fixed\":\"2.0.6\"},{\"introduced\":\"0\"},{\"fixed\":\"1.26.17\"}"));
    assertThat(eval("pkg:pypi/urllib3@1.26.16", e).status()).isEqualTo(Status.AFFECTED);
    assertThat(eval("pkg:pypi/urllib3@1.26.17", e).status()).isEqualTo(Status.NOT_AFFECTED);
    assertThat(eval("pkg:pypi/urllib3@1.26.18", e).status()).isEqualTo(Status.NOT_AFFECTED);
    assertThat(eval("pkg:pypi/urllib3@2.0.5", e).status()).isEqualTo(Status.AFFECTED);
    assertThat(eval("pkg:pypi/urllib3@2.0.6", e).status()).isEqualTo(Status.NOT_AFFECTED);
  }

  @Test
  void shouldBeAffectedWhenAnyOfSeveralRangesContainsTheVersion() {
    String body =
        "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"1.0\"},{\"fixed\":\"1.5\"}]},"
            + "{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"2.0\"},{\"fixed\":\"2.3\"}]}]";
    List<AffectedEntry> e = entries("RubyGems", "rails", body);
    assertThat(eval("pkg:gem/rails@1.2", e).status()).isEqualTo(Status.AFFECTED);
    assertThat(eval("pkg:gem/rails@1.7", e).status()).isEqualTo(Status.NOT_AFFECTED);
    MatchResult r = eval("pkg:gem/rails@2.1", e);
    assertThat(r.status()).isEqualTo(Status.AFFECTED);
    assertThat(r.fixedVersions()).containsExactly("2.3");
  }

  @Test
  void shouldEvaluateEveryAffectedEntryOfTheSamePackage() throws Exception {
    String json =
        "{\"id\":\"GHSA-x\",\"affected\":["
            + "{\"package\":{\"ecosystem\":\"Maven\",\"name\":\""
            + LOG4J
            + "\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"2.13.0\"},{\"fixed\":\"2.15.0\"}]}]},"
            + "{\"package\":{\"ecosystem\":\"Maven\",\"name\":\""
            + LOG4J
            + "\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"2.0-beta9\"},{\"fixed\":\"2.12.2\"}]}]}]}";
    List<AffectedEntry> e = AffectedEntry.of(JSON.readValue(json, OsvRecord.class));
    assertThat(eval("pkg:maven/org.apache.logging.log4j/log4j-core@2.11.0", e).fixedVersions())
        .containsExactly("2.12.2");
    assertThat(eval("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", e).fixedVersions())
        .containsExactly("2.15.0");
    assertThat(eval("pkg:maven/org.apache.logging.log4j/log4j-core@2.12.2", e).status())
        .isEqualTo(Status.NOT_AFFECTED);
  }

  @Test
  void shouldRequireVersionBelowALimitWhenTheRangeHasOne() {
    List<AffectedEntry> e =
        entries("npm", "pkg", range("SEMVER", "{\"introduced\":\"1.0.0\"},{\"limit\":\"1.5.0\"}"));
    assertThat(eval("pkg:npm/pkg@1.2.0", e).status()).isEqualTo(Status.AFFECTED);
    assertThat(eval("pkg:npm/pkg@1.5.0", e).status()).isEqualTo(Status.NOT_AFFECTED);
  }

  @Test
  void shouldMatchTheVersionsListByEcosystemEqualityWhenBothParse() {
    List<AffectedEntry> e = entries("Maven", "g:a", "\"versions\":[\"1.0\",\"2.0.1\"]");
    assertThat(eval("pkg:maven/g/a@1.0.0", e).status()).isEqualTo(Status.AFFECTED);
    assertThat(eval("pkg:maven/g/a@2.0.1", e).status()).isEqualTo(Status.AFFECTED);
    assertThat(eval("pkg:maven/g/a@2.0.2", e).status()).isEqualTo(Status.NOT_AFFECTED);
  }

  @Test
  void shouldAffectNothingWhenTheAdvisoryIsWithdrawn() {
    List<AffectedEntry> e = entries("npm", "pkg", range("SEMVER", "{\"introduced\":\"0\"}"), true);
    MatchResult r = eval("pkg:npm/pkg@1.0.0", e);
    assertThat(r.status()).isEqualTo(Status.NOT_AFFECTED);
    assertThat(r.reason()).contains("withdrawn");
  }

  @Test
  void shouldBeIndeterminateWhenTheComponentVersionIsInvalidAndNotListed() {
    List<AffectedEntry> e =
        entries("npm", "pkg", range("SEMVER", "{\"introduced\":\"0\"},{\"fixed\":\"2.0.0\"}"));
    MatchResult r = eval("pkg:npm/pkg@latest", e);
    assertThat(r.status()).isEqualTo(Status.INDETERMINATE);
    assertThat(r.reason()).contains("not a valid semver version");
  }

  @Test
  void shouldMatchAnInvalidComponentVersionOnlyByExactStringInTheVersionsList() {
    List<AffectedEntry> e = entries("npm", "pkg", "\"versions\":[\"weird-build\"]");
    assertThat(eval("pkg:npm/pkg@weird-build", e).status()).isEqualTo(Status.AFFECTED);
    assertThat(eval("pkg:npm/pkg@other-build", e).status()).isEqualTo(Status.INDETERMINATE);
  }

  @Test
  void shouldBeIndeterminateWhenAnEventVersionIsInvalid() {
    List<AffectedEntry> e =
        entries(
            "npm", "pkg", range("SEMVER", "{\"introduced\":\"0\"},{\"fixed\":\"not-a-version\"}"));
    MatchResult r = eval("pkg:npm/pkg@1.0.0", e);
    assertThat(r.status()).isEqualTo(Status.INDETERMINATE);
    assertThat(r.reason()).contains("not-a-version");
  }

  @Test
  void shouldBeIndeterminateWhenTheComponentHasNoVersion() {
    List<AffectedEntry> e = entries("npm", "pkg", range("SEMVER", "{\"introduced\":\"0\"}"));
    assertThat(eval("pkg:npm/pkg", e).status()).isEqualTo(Status.INDETERMINATE);
  }

  @Test
  void shouldUseTheEcosystemOrderForSemverRangesOfNonSemverEcosystems() {
    List<AffectedEntry> e =
        entries(
            "PyPI", "pkg", range("SEMVER", "{\"introduced\":\"1.0\"},{\"fixed\":\"1.0.post1\"}"));
    assertThat(eval("pkg:pypi/pkg@1.0", e).status()).isEqualTo(Status.AFFECTED);
    assertThat(eval("pkg:pypi/pkg@1.0.post1", e).status()).isEqualTo(Status.NOT_AFFECTED);
  }

  @Test
  void shouldJudgeADistroEntryOnlyWithinItsOwnReleaseAndLeaveAnUnknownReleaseIndeterminate() {
    List<AffectedEntry> e =
        entries(
            "Debian:12",
            "openssl",
            range("ECOSYSTEM", "{\"introduced\":\"0\"},{\"fixed\":\"3.0.11-1~deb12u1\"}"));
    assertThat(eval("pkg:deb/debian/openssl@3.0.9-1?distro=debian-12", e).status())
        .isEqualTo(Status.AFFECTED);
    assertThat(eval("pkg:deb/debian/openssl@3.0.9-1?distro=bookworm", e).status())
        .isEqualTo(Status.AFFECTED);
    assertThat(eval("pkg:deb/debian/openssl@3.0.9-1?distro=debian-11", e).status())
        .isEqualTo(Status.NOT_AFFECTED);
    MatchResult noRelease = eval("pkg:deb/debian/openssl@3.0.9-1", e);
    assertThat(noRelease.status()).isEqualTo(Status.INDETERMINATE);
    assertThat(noRelease.reason()).contains("no distro qualifier").contains("Debian:12");
  }

  @Test
  void shouldMatchDistroAdvisoriesBySourcePackageWhenThePurlNamesIt() {
    List<AffectedEntry> e =
        entries(
            "Debian:12",
            "openssl",
            range("ECOSYSTEM", "{\"introduced\":\"0\"},{\"fixed\":\"3.0.11-1~deb12u1\"}"));
    assertThat(eval("pkg:deb/debian/libssl3@3.0.9-1?upstream=openssl&distro=debian-12", e).status())
        .isEqualTo(Status.AFFECTED);
  }

  @Test
  void shouldIgnoreGitRangesWhenTheComponentHasNoCommit() {
    String body =
        "\"ranges\":[{\"type\":\"GIT\",\"repo\":\"https://github.com/x/y\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"abc\"}]}]";
    MatchResult r = eval("pkg:npm/y@1.0.0", entries("npm", "y", body));
    assertThat(r.status()).isEqualTo(Status.NOT_AFFECTED);
    assertThat(r.reason()).contains("GIT");
  }

  @Test
  void shouldNotMatchAnotherPackage() {
    List<AffectedEntry> e = entries("npm", "a", range("SEMVER", "{\"introduced\":\"0\"}"));
    assertThat(eval("pkg:npm/b@1.0.0", e).status()).isEqualTo(Status.NOT_AFFECTED);
  }

  @Test
  void shouldNormaliseNamesWhenMatchingPypiAndNuget() {
    assertThat(
            eval(
                    "pkg:pypi/Django_Allauth@0.1",
                    entries("PyPI", "django-allauth", range("ECOSYSTEM", "{\"introduced\":\"0\"}")))
                .status())
        .isEqualTo(Status.AFFECTED);
    assertThat(
            eval(
                    "pkg:nuget/Newtonsoft.Json@12.0.1",
                    entries(
                        "NuGet",
                        "newtonsoft.json",
                        range("ECOSYSTEM", "{\"introduced\":\"0\"},{\"fixed\":\"13.0.1\"}")))
                .status())
        .isEqualTo(Status.AFFECTED);
  }

  @Test
  void shouldFindTheSmallestUpgradeThatEndsEveryFinding() {
    List<AffectedEntry> a =
        entries(
            "Maven", LOG4J, range("ECOSYSTEM", "{\"introduced\":\"2.0\"},{\"fixed\":\"2.15.0\"}"));
    List<AffectedEntry> b =
        entries(
            "Maven", LOG4J, range("ECOSYSTEM", "{\"introduced\":\"2.0\"},{\"fixed\":\"2.16.0\"}"));
    List<AffectedEntry> c =
        entries(
            "Maven",
            LOG4J,
            range("ECOSYSTEM", "{\"introduced\":\"2.16.0\"},{\"fixed\":\"2.17.1\"}"));
    PackageIdentity log4j =
        PackageIdentity.fromPurl("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1")
            .orElseThrow();
    // 2.15.0 still has b, 2.16.0 falls into c: the smallest clean candidate is 2.17.1
    assertThat(Matcher.smallestFixingUpgrade(log4j, List.of(a, b, c))).contains("2.17.1");
    assertThat(Matcher.smallestFixingUpgrade(log4j, List.of(a, b))).contains("2.16.0");
  }

  @Test
  void shouldGiveNoUpgradeWhenNothingIsFixed() {
    List<AffectedEntry> a = entries("npm", "pkg", range("SEMVER", "{\"introduced\":\"0\"}"));
    PackageIdentity p = PackageIdentity.fromPurl("pkg:npm/pkg@1.0.0").orElseThrow();
    assertThat(Matcher.smallestFixingUpgrade(p, List.of(a))).isEmpty();
  }

  @Test
  void shouldMatchAGitRangeOnlyOnAnExactAffectedCommit() {
    String introduced = "9d1b0de2bd6d1c5d36cc9bbeaa50bf1bd0a4b8f2";
    String lastAffected = "a41f9a6a4c7d8e1b2c3d4e5f60718293a4b5c6d7";
    String fixed = "f00dfeedf00dfeedf00dfeedf00dfeedf00dfeed";
    List<AffectedEntry> e =
        entries(
            "Go",
            "github.com/example/lib",
            "\"ranges\":[{\"type\":\"GIT\",\"repo\":\"https://github.com/example/lib\","
                + "\"events\":[{\"introduced\":\""
                + introduced
                + "\"},{\"last_affected\":\""
                + lastAffected
                + "\"}]},{\"type\":\"GIT\",\"repo\":\"https://github.com/example/lib\","
                + "\"events\":[{\"introduced\":\"0\"},{\"fixed\":\""
                + fixed
                + "\"}]}]");

    assertThat(eval("pkg:golang/github.com/example/lib@" + lastAffected, e).status())
        .isEqualTo(Status.AFFECTED);
    assertThat(eval("pkg:golang/github.com/example/lib@" + introduced, e).status())
        .isEqualTo(Status.AFFECTED);
    assertThat(eval("pkg:golang/github.com/example/lib@" + fixed, e).status())
        .as("a fixed commit is never affected, and commits are not ordered")
        .isNotEqualTo(Status.AFFECTED);
    assertThat(eval("pkg:golang/github.com/example/lib@v1.2.3", e).status())
        .isNotEqualTo(Status.AFFECTED);
  }
}
