package io.vigil.alerting.systemic;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.alerting.render.Notice;
import io.vigil.alerting.render.NoticeMessages;
import io.vigil.events.v1.SystemicEvent;
import io.vigil.events.v1.SystemicFixPlan;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SystemicNoticesTest {
  private static final Instant T0 = Instant.parse("2021-12-10T10:00:00Z");

  private static SystemicEvent log4shell(boolean malicious) {
    return SystemicEvent.newBuilder()
        .setEventId("SYSTEMIC:CVE-2021-44228:Maven/org.apache.logging.log4j:log4j-core")
        .setVulnerabilityId("CVE-2021-44228")
        .setAdvisoryId("GHSA-jfh8-c2jp-5v3q")
        .setSummary("Remote code injection in Log4j")
        .setSeverity("CRITICAL")
        .setMalicious(malicious)
        .setPackageKey("Maven/org.apache.logging.log4j:log4j-core")
        .setProjects(31)
        .setDirectProjects(12)
        .setTransitiveProjects(17)
        .setUnknownReachProjects(2)
        .setProjectsByVersion(
            Map.of("2.14.1", 12, "2.13.3", 9, "2.17.1", 4, "2.14.0", 3, "2.12.1", 2, "", 1))
        .setDistinctVersions(6)
        .setMissionEssentialProjects(7)
        .setPortfolioProjects(59)
        .setPortfolioMissionEssential(14)
        .setShareOfProjects(31 / 59.0)
        .setShareOfMissionEssential(0.5)
        .setPolicy("projects > 10%, or mission-essential > 10%; at least 3 projects")
        .setTriggeredAt(T0)
        .setEmittedAt(T0)
        .build();
  }

  @Test
  void shouldSayHowFarThePackageReachesAcrossThePortfolio() {
    Notice n = SystemicNotices.notice(log4shell(false), T0);

    assertThat(n.kind()).isEqualTo("SYSTEMIC");
    assertThat(n.deliveryId())
        .isEqualTo("SYSTEMIC:CVE-2021-44228:Maven/org.apache.logging.log4j:log4j-core");
    assertThat(n.title())
        .isEqualTo(
            "SYSTEMIC: CVE-2021-44228 hits Maven/org.apache.logging.log4j:log4j-core, shipped by"
                + " 31 of 59 projects (53%)");
    assertThat(n.lines())
        .containsExactly(
            "Remote code injection in Log4j [CRITICAL]",
            "12 direct, 17 only transitive, 2 unknown",
            "mission-essential: 7 of 14 (50%)",
            "6 versions: 2.14.1 (12), 2.13.3 (9), 2.17.1 (4), 2.14.0 (3), 2.12.1 (2) and 1 more",
            "policy: projects > 10%, or mission-essential > 10%; at least 3 projects");
    assertThat(NoticeMessages.webhook(n, T0).path("facts").path("projectsByVersion").size())
        .isEqualTo(6);
  }

  @Test
  void shouldSayTheUpgradeAndWhatItClosesWhenTheEventCarriesTheFixPlan() {
    SystemicEvent e =
        SystemicEvent.newBuilder(log4shell(false))
            .setFixPlan(
                SystemicFixPlan.newBuilder()
                    .setPurl("pkg:maven/org.apache.logging.log4j/log4j-core")
                    .setUpgradeTo("2.17.1")
                    .setAffectedProjects(27)
                    .setAffectedMissionEssential(5)
                    .setUpgradeProjects(26)
                    .setCloses(31)
                    .setClosesCritical(29)
                    .setClosesHigh(2)
                    .setClosesKev(31)
                    .setUnfixed(2)
                    .build())
            .build();

    Notice n = SystemicNotices.notice(e, T0);

    assertThat(n.lines())
        .containsSequence(
            "Remote code injection in Log4j [CRITICAL]",
            "fix: upgrade log4j-core to ≥ 2.17.1 in 26 projects, closing 31 exposures (29"
                + " critical, 2 high; 31 in KEV)",
            "affected: 27 projects (5 mission-essential); 2 exposures without a known fix",
            "12 direct, 17 only transitive, 2 unknown");
    assertThat(
            NoticeMessages.webhook(n, T0).path("facts").path("fixPlan").path("upgradeTo").asText())
        .isEqualTo("2.17.1");
    // no known fix
    SystemicEvent unfixed =
        SystemicEvent.newBuilder(log4shell(false))
            .setFixPlan(SystemicFixPlan.newBuilder().setAffectedProjects(1).setUnfixed(1).build())
            .build();
    assertThat(SystemicNotices.notice(unfixed, T0).lines())
        .contains(
            "fix: no known version fixes it",
            "affected: 1 project (0 mission-essential); 1 exposure without a known fix");
  }

  @Test
  void shouldPutTheMaliciousPackageAdviceFirst() {
    assertThat(SystemicNotices.notice(log4shell(true), T0).lines().get(0))
        .startsWith("Malicious package: Remove the package");
  }
}
