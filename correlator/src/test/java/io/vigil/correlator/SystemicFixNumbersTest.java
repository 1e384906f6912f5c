package io.vigil.correlator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.fixplan.Tally;
import io.vigil.events.v1.Component;
import io.vigil.events.v1.Criticality;
import io.vigil.events.v1.ExposureAdvisory;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.events.v1.Fix;
import io.vigil.events.v1.FixChange;
import io.vigil.events.v1.KevStatus;
import io.vigil.events.v1.ProjectContext;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fix plan's numbers of one advisory on one package, over its gathered exposures. */
class SystemicFixNumbersTest {
  private static final String PURL = "pkg:maven/org.apache.logging.log4j/log4j-core@";
  private static final String KEY = PackageKeys.ofPurl(PURL + "2.14.1");

  private static ExposureEvent exposure(
      String project, String version, String fix, Criticality criticality, boolean kev) {
    ExposureEvent.Builder b =
        ExposureEvent.newBuilder()
            .setEventId("e-" + project + version)
            .setExposureId("x-" + project + version)
            .setType(ExposureType.NEW)
            .setCause(ExposureCause.NEW_ADVISORY)
            .setProjectId(project)
            .setProject(project)
            .setComponent(
                Component.newBuilder()
                    .setPurl(PURL + version)
                    .setName("log4j-core")
                    .setVersion(version)
                    .build())
            .setAdvisory(
                ExposureAdvisory.newBuilder()
                    .setId("GHSA-jfh8-c2jp-5v3q")
                    .setVulnerabilityId("CVE-2021-44228")
                    .setSeverity("CRITICAL")
                    .build())
            .setFixedVersions(fix == null ? List.of() : List.of(fix))
            .setSmallestFix(fix)
            .setFix(new Fix(fix, fix, FixChange.MINOR, false))
            .setProjectContext(
                criticality == null
                    ? null
                    : ProjectContext.newBuilder().setCriticality(criticality).build())
            .setTriggeredAt(Instant.EPOCH)
            .setEmittedAt(Instant.EPOCH);
    if (kev) {
      b.setKev(
          KevStatus.newBuilder()
              .setCveId("CVE-2021-44228")
              .setDateAdded(LocalDate.of(2021, 12, 10))
              .build());
    }
    return b.build();
  }

  @Test
  void shouldTakeTheHighestFixAndCountTheExposuresItClosesByProjectSeverityAndKev() {
    Criticality essential = Criticality.MISSION_ESSENTIAL;
    SystemicFixNumbers n =
        SystemicFixNumbers.of(
            KEY,
            List.of(
                // the 2.12 branch is fixed in 2.12.2, the 2.14 one in 2.17.1
                exposure("pay", "2.12.0", "2.12.2", essential, false),
                exposure("pay", "2.14.1", "2.17.1", essential, true), // pay ships two versions
                exposure("ledger", "2.14.1", "2.17.1", essential, false),
                exposure("shop", "2.14.0", "2.17.1", Criticality.SUPPORT, false),
                // no known version fixes this one
                exposure("blog", "1.0", null, null, false)));

    assertThat(n.purl()).isEqualTo("pkg:maven/org.apache.logging.log4j/log4j-core");
    assertThat(n.upgradeTo()).isEqualTo("2.17.1");
    assertThat(n.affectedProjects()).isEqualTo(4);
    assertThat(n.affectedMissionEssential()).isEqualTo(2);
    assertThat(n.upgradeProjects()).isEqualTo(3);
    // KEV is the vulnerability's: one exposure knowing it makes every one count
    assertThat(n.closes()).isEqualTo(new Tally(4, 4, 0, 0, 0, 0, 4));
    assertThat(n.unfixed()).isEqualTo(1);
    assertThat(n.suppressed()).isZero();
    assertThat(n.toAvro().getClosesKev()).isEqualTo(4);
  }

  @Test
  void shouldNameNoUpgradeWhenNoKnownVersionFixesAny() {
    SystemicFixNumbers n =
        SystemicFixNumbers.of(KEY, List.of(exposure("blog", "1.0", null, null, false)));
    assertThat(n.upgradeTo()).isNull();
    assertThat(n.affectedProjects()).isEqualTo(1);
    assertThat(n.closes()).isEqualTo(Tally.ZERO);
    assertThat(n.unfixed()).isEqualTo(1);
  }
}
