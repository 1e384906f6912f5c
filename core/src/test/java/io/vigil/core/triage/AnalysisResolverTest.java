package io.vigil.core.triage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.osv.Advisory;
import io.vigil.core.osv.AliasGroups;
import io.vigil.core.osv.OsvReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AnalysisResolverTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String LOG4J = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";
  private static final PurlPattern LOG4J_ANY =
      PurlPattern.parse("pkg:maven/org.apache.logging.log4j/log4j-core");

  private final ExposureRef shopLog4Shell =
      ExposureRef.of("shop", "1.0", LOG4J, "GHSA-jfh8-c2jp-5v3q", List.of("CVE-2021-44228"));

  @Test
  void shouldPreferAComponentDecisionOverAProjectOneOverAPortfolioOne() {
    var portfolio =
        decision(
            AnalysisScope.portfolio(LOG4J_ANY), AnalysisState.NOT_AFFECTED, T0.plusSeconds(30));
    var project =
        decision(
            AnalysisScope.project("shop", null), AnalysisState.EXPLOITABLE, T0.plusSeconds(20));
    var component =
        decision(
            AnalysisScope.component("shop", null, PurlPattern.parse(LOG4J)),
            AnalysisState.FALSE_POSITIVE,
            T0);

    Resolution all =
        AnalysisResolver.resolve(
            shopLog4Shell, List.of(portfolio, project, component), T0.plusSeconds(60), null);
    Resolution withoutComponent =
        AnalysisResolver.resolve(
            shopLog4Shell, List.of(portfolio, project), T0.plusSeconds(60), null);
    Resolution portfolioOnly =
        AnalysisResolver.resolve(shopLog4Shell, List.of(portfolio), T0.plusSeconds(60), null);

    assertThat(all.decision()).isEqualTo(component);
    assertThat(all.suppressed()).isTrue();
    assertThat(withoutComponent.decision()).isEqualTo(project);
    assertThat(withoutComponent.suppressed()).isFalse();
    assertThat(portfolioOnly.decision()).isEqualTo(portfolio);
  }

  @Test
  void shouldPreferTheMostRecentDecisionOfTheSameScopeKind() {
    var byCve =
        decision(
            AnalysisScope.project("shop", null), "CVE-2021-44228", AnalysisState.IN_TRIAGE, T0);
    var byGhsaLater =
        decision(
            AnalysisScope.project("shop", "1.0"),
            "GHSA-jfh8-c2jp-5v3q",
            AnalysisState.NOT_AFFECTED,
            T0.plusSeconds(1));

    Resolution r =
        AnalysisResolver.resolve(
            shopLog4Shell, List.of(byGhsaLater, byCve), T0.plusSeconds(5), null);
    Resolution reversed =
        AnalysisResolver.resolve(
            shopLog4Shell, List.of(byCve, byGhsaLater), T0.plusSeconds(5), null);

    assertThat(r.decision()).isEqualTo(byGhsaLater);
    assertThat(reversed.decision()).isEqualTo(byGhsaLater);
  }

  @Test
  void shouldStopApplyingAtValidUntilAndFallBackToTheNextDecision() {
    var temporary =
        decision(AnalysisScope.component("shop", null, LOG4J_ANY), AnalysisState.NOT_AFFECTED, T0)
            .toBuilder()
            .validUntil(T0.plus(Duration.ofDays(30)))
            .build();
    var projectWide = decision(AnalysisScope.project("shop", null), AnalysisState.EXPLOITABLE, T0);

    Resolution before =
        AnalysisResolver.resolve(
            shopLog4Shell, List.of(temporary, projectWide), T0.plus(Duration.ofDays(29)), null);
    Resolution atExpiry =
        AnalysisResolver.resolve(
            shopLog4Shell, List.of(temporary, projectWide), T0.plus(Duration.ofDays(30)), null);
    Resolution alone =
        AnalysisResolver.resolve(
            shopLog4Shell, List.of(temporary), T0.plus(Duration.ofDays(31)), null);

    assertThat(before.suppressed()).isTrue();
    assertThat(before.reevaluateAt()).contains(T0.plus(Duration.ofDays(30)));
    assertThat(atExpiry.decision()).isEqualTo(projectWide);
    assertThat(atExpiry.reevaluateAt()).isEmpty();
    assertThat(alone).isEqualTo(Resolution.NONE);
    assertThat(alone.suppressed()).isFalse();
  }

  @Test
  void shouldApplyAGhsaDecisionToTheCveKeyedAdvisoryThroughTheAliasGroup() throws Exception {
    // the CVE-keyed record (as NVD/osv publish it) does not list the GHSA; the GHSA record does
    Advisory ghsa = advisory("GHSA-jfh8-c2jp-5v3q", "CVE-2021-44228");
    Advisory cveRecord = advisory("CVE-2021-44228");
    AliasGroups groups = groups(ghsa, cveRecord);
    ExposureRef cveKeyed = ExposureRef.of("shop", "1.0", LOG4J, "CVE-2021-44228", Set.of());
    var ghsaDecision =
        decision(
            AnalysisScope.component("shop", null, LOG4J_ANY),
            "GHSA-jfh8-c2jp-5v3q",
            AnalysisState.NOT_AFFECTED,
            T0);

    assertThat(AnalysisResolver.resolve(cveKeyed, List.of(ghsaDecision), T0, null))
        .as("without the alias groups the CVE record does not know the GHSA")
        .isEqualTo(Resolution.NONE);
    assertThat(AnalysisResolver.resolve(cveKeyed, List.of(ghsaDecision), T0, groups).decision())
        .isEqualTo(ghsaDecision);
    assertThat(
            AnalysisResolver.resolve(
                    ExposureRef.of("shop", "1.0", LOG4J, "CVE-2021-45046", Set.of()),
                    List.of(ghsaDecision),
                    T0,
                    groups)
                .decision())
        .as("another vulnerability")
        .isNull();
  }

  @Test
  void shouldMatchTheExposuresOwnAliasesCaseInsensitively() {
    var decision =
        decision(
            AnalysisScope.project("shop", null), "cve-2021-44228", AnalysisState.NOT_AFFECTED, T0);

    assertThat(AnalysisResolver.resolve(shopLog4Shell, List.of(decision), T0, null).suppressed())
        .isTrue();
  }

  @Test
  void shouldLimitAVersionedProjectScopeToThatVersion() {
    var v2 = decision(AnalysisScope.project("shop", "2.0"), AnalysisState.NOT_AFFECTED, T0);
    var otherProject =
        decision(AnalysisScope.project("shop-admin", null), AnalysisState.NOT_AFFECTED, T0);

    assertThat(AnalysisResolver.resolve(shopLog4Shell, List.of(v2, otherProject), T0, null))
        .isEqualTo(Resolution.NONE);
  }

  @Test
  void shouldApplyAPortfolioDecisionToAnyProjectIncludingOnesThatAppearLater() {
    var portfolio = decision(AnalysisScope.portfolio(LOG4J_ANY), AnalysisState.FALSE_POSITIVE, T0);
    var newcomer =
        ExposureRef.of(
            "new-service",
            null,
            LOG4J + "?type=jar",
            "CVE-2021-44228",
            List.of("GHSA-jfh8-c2jp-5v3q"));
    var otherPackage =
        ExposureRef.of(
            "new-service",
            null,
            "pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1",
            "CVE-2021-44228",
            List.of());

    assertThat(AnalysisResolver.resolve(newcomer, List.of(portfolio), T0, null).suppressed())
        .isTrue();
    assertThat(AnalysisResolver.resolve(otherPackage, List.of(portfolio), T0, null))
        .isEqualTo(Resolution.NONE);
  }

  @Test
  void shouldMatchABomRefScopeOnTheComponentsReference() {
    var byRef =
        decision(
            AnalysisScope.component("shop", null, new BomRefMatcher("log4j-core-ref")),
            AnalysisState.NOT_AFFECTED,
            T0);
    var withRef = new ExposureRef("shop", null, null, "log4j-core-ref", "CVE-2021-44228", Set.of());
    var otherRef = new ExposureRef("shop", null, LOG4J, "other", "CVE-2021-44228", Set.of());

    assertThat(AnalysisResolver.resolve(withRef, List.of(byRef), T0, null).suppressed()).isTrue();
    assertThat(AnalysisResolver.resolve(otherRef, List.of(byRef), T0, null))
        .isEqualTo(Resolution.NONE);
  }

  @Test
  void shouldSuppressOnlyNotAffectedAndFalsePositive() {
    for (AnalysisState state : AnalysisState.values()) {
      var d = decision(AnalysisScope.project("shop", null), state, T0);

      assertThat(AnalysisResolver.resolve(shopLog4Shell, List.of(d), T0, null).suppressed())
          .as(state.name())
          .isEqualTo(state == AnalysisState.NOT_AFFECTED || state == AnalysisState.FALSE_POSITIVE);
    }
  }

  private static Analysis decision(AnalysisScope scope, AnalysisState state, Instant at) {
    return decision(scope, "CVE-2021-44228", state, at);
  }

  private static Analysis decision(
      AnalysisScope scope, String vulnerability, AnalysisState state, Instant at) {
    return Analysis.builder(scope, vulnerability, state).author("alice").decidedAt(at).build();
  }

  /** The alias groups of these advisories (core's one grouping rule). */
  private static AliasGroups groups(Advisory... advisories) {
    return AliasGroups.ofAdvisories(List.of(advisories));
  }

  private static Advisory advisory(String id, String... aliases) throws Exception {
    var json = new ObjectMapper().createObjectNode();
    json.put("schema_version", "1.6.0");
    json.put("id", id);
    json.put("modified", "2021-12-10T00:00:00Z");
    var a = json.putArray("aliases");
    for (String alias : aliases) {
      a.add(alias);
    }
    json.putArray("affected");
    return Advisory.of(OsvReader.toRecord(json, id));
  }
}
