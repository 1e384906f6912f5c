package io.vigil.core.osv;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.purl.PackageKey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one alias-group implementation (M9), used by {@code vigil scan} and the correlator: which
 * advisories are one vulnerability, its id, its CVEs and its severity.
 */
class AliasGroupsTest {
  private static final String V3_98 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";

  @Test
  void shouldJoinRecordsLinkedByAliasesOrUpstreamTransitivelyWhenGrouping() {
    AliasGroups groups =
        AliasGroups.of(
            List.of(
                member("GHSA-1", List.of("CVE-2021-1"), List.of(), "LOW"),
                member("PYSEC-1", List.of("GHSA-1"), List.of(), null),
                member("UBUNTU-CVE-2021-1", List.of(), List.of("CVE-2021-1"), null),
                member("GHSA-2", List.of(), List.of(), "LOW")));

    AliasGroups.Group g = groups.group("PYSEC-1");
    assertThat(g.ids()).containsExactly("CVE-2021-1", "GHSA-1", "PYSEC-1", "UBUNTU-CVE-2021-1");
    assertThat(g.vulnerabilityId()).isEqualTo("CVE-2021-1");
    assertThat(g.cves()).containsExactly("CVE-2021-1");
    assertThat(groups.group("UBUNTU-CVE-2021-1")).isEqualTo(g);
    assertThat(groups.groupOf("GHSA-1")).isEqualTo(groups.groupOf("UBUNTU-CVE-2021-1"));
    assertThat(groups.group("GHSA-2").ids()).containsExactly("GHSA-2");
    assertThat(groups.group("GHSA-2").vulnerabilityId())
        .as("no CVE: the smallest id")
        .isEqualTo("GHSA-2");
  }

  @Test
  void shouldNameTheSmallestCveWhenAGroupHasSeveral() {
    AliasGroups groups =
        AliasGroups.of(
            List.of(
                member("GHSA-9", List.of("CVE-2021-45046", "CVE-2021-44228"), List.of(), null)));
    assertThat(groups.group("GHSA-9").vulnerabilityId()).isEqualTo("CVE-2021-44228");
    assertThat(groups.group("GHSA-9").cves()).containsExactly("CVE-2021-44228", "CVE-2021-45046");
  }

  @Test
  void shouldTakeTheSeverityOverTheWholeGroupWhenOnlyOneRecordScores() {
    AliasGroups groups =
        AliasGroups.of(
            List.of(
                member("GHSA-1", List.of("CVE-1"), List.of(), "LOW"),
                new AliasGroups.Member(
                    "UBUNTU-CVE-1",
                    List.of(),
                    List.of("CVE-1"),
                    new SeverityScore.Inputs(
                        List.of(SeverityScore.Statement.of("CVSS_V3", V3_98)), List.of(), null)),
                member("GHSA-2", List.of(), List.of(), "LOW")));
    assertThat(groups.severity("GHSA-1").rating()).isEqualTo("CRITICAL");
    assertThat(groups.severity("GHSA-1").vector()).isEqualTo(V3_98);
    assertThat(groups.severity("GHSA-2").rating()).isEqualTo("LOW");
  }

  @Test
  void shouldGiveAnIdNoAdvisoryNamesAGroupOfItsOwn() {
    AliasGroups groups = AliasGroups.of(List.of(member("GHSA-1", List.of(), List.of(), null)));
    AliasGroups.Group g = groups.group("GHSA-unknown");
    assertThat(g.ids()).containsExactly("GHSA-unknown");
    assertThat(g.severity()).isEqualTo(SeverityScore.UNKNOWN);
  }

  @Test
  void shouldGroupTheSameWayWhateverTheOrderOfTheAdvisories() {
    List<AliasGroups.Member> members =
        new ArrayList<>(
            List.of(
                member("B", List.of("C"), List.of(), null),
                member("D", List.of("E"), List.of(), null),
                member("A", List.of("E"), List.of("C"), null)));
    AliasGroups.Group first = AliasGroups.of(members).group("D");
    java.util.Collections.reverse(members);
    assertThat(AliasGroups.of(members).group("D")).isEqualTo(first);
    assertThat(first.ids()).containsExactly("A", "B", "C", "D", "E");
  }

  @Test
  void shouldFollowALongAliasChainWithoutRecursing() {
    // each id aliases the next smaller one: one chain of 100,001 ids (a recursive find overflows)
    List<AliasGroups.Member> members = new ArrayList<>();
    for (int i = 100_000; i > 0; i--) {
      members.add(
          member("ID-" + (1_000_000 + i), List.of("ID-" + (1_000_000 + i - 1)), List.of(), null));
    }
    AliasGroups groups = AliasGroups.of(members);
    assertThat(groups.group("ID-1100000").ids()).hasSize(100_001);
    assertThat(groups.groupOf("ID-1012345")).isEqualTo("ID-1000000");
  }

  @Test
  void shouldUseThePackagesOwnStatementsWhenGroupingTheAdvisoriesOfOnePackage() throws Exception {
    OsvRecord r =
        new ObjectMapper()
            .readValue(
                "{\"id\":\"GHSA-x\",\"aliases\":[\"CVE-2\"],\"affected\":["
                    + "{\"package\":{\"ecosystem\":\"npm\",\"name\":\"a\"},\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\""
                    + V3_98
                    + "\"}]},"
                    + "{\"package\":{\"ecosystem\":\"npm\",\"name\":\"b\"}}],"
                    + "\"database_specific\":{\"severity\":\"MODERATE\"}}",
                OsvRecord.class);
    Advisory a = Advisory.of(r);
    AliasGroups.Group forA =
        AliasGroups.ofPackage(List.of(a), PackageKey.of("npm", "a")).group("GHSA-x");
    AliasGroups.Group forB =
        AliasGroups.ofPackage(List.of(a), PackageKey.of("npm", "b")).group("GHSA-x");
    assertThat(forA.severity().score()).isEqualTo(9.8);
    assertThat(forB.severity().score()).isNull();
    assertThat(forB.severity().rating()).isEqualTo("MEDIUM");
    assertThat(forA.vulnerabilityId()).isEqualTo("CVE-2");
  }

  @Test
  void shouldGroupAcrossPackagesWhenAskedAboutAVulnerabilityRatherThanAComponent()
      throws Exception {
    ObjectMapper json = new ObjectMapper();
    Advisory npm =
        Advisory.of(
            json.readValue(
                "{\"id\":\"GHSA-1\",\"aliases\":[\"CVE-1\"],\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"a\"}}]}",
                OsvRecord.class));
    Advisory pypi =
        Advisory.of(
            json.readValue(
                "{\"id\":\"PYSEC-1\",\"aliases\":[\"CVE-1\"],\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"b\"}}]}",
                OsvRecord.class));
    assertThat(AliasGroups.ofAdvisories(List.of(npm, pypi)).groupOf("PYSEC-1")).isEqualTo("CVE-1");
    assertThat(
            AliasGroups.ofPackage(List.of(npm, pypi), PackageKey.of("npm", "a"))
                .group("GHSA-1")
                .ids())
        .as("per package, the same records are grouped through the CVE too")
        .contains("PYSEC-1");
  }

  @Test
  void shouldListTheCvesAnAdvisoryNamesItself() {
    assertThat(AliasGroups.cvesOf("CVE-3", List.of("GHSA-1", "CVE-1"), List.of("CVE-2", "CVE-1")))
        .containsExactly("CVE-1", "CVE-2", "CVE-3");
  }

  private static AliasGroups.Member member(
      String id, List<String> aliases, List<String> upstream, String databaseRating) {
    return new AliasGroups.Member(
        id, aliases, upstream, new SeverityScore.Inputs(List.of(), List.of(), databaseRating));
  }
}
