package io.vigil.correlator;

import static io.vigil.correlator.Fixtures.LOG4J;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.osv.AliasGroups;
import io.vigil.core.osv.OsvRecord;
import io.vigil.core.purl.PackageKey;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.AffectedPackage;
import io.vigil.events.v1.Severity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The correlator's advisories go through core's one alias-group and severity rule: the exposure's
 * {@code vulnerabilityId} and severity are what {@code vigil scan} reports for the same records.
 */
class AdvisoryGroupsTest {
  private static final Instant T0 = Instant.parse("2021-12-10T10:00:00Z");
  private static final String V3_59 = "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N";

  @Test
  void shouldRateAnExposureByAnUbuntuPriorityWhenNoVectorScores() {
    Advisory ubuntu =
        Advisory.newBuilder(
                Fixtures.advisory("UBUNTU-CVE-2021-1", List.of(), T0)
                    .upstream(List.of("CVE-2021-1"))
                    .range(LOG4J, "2.0", "2.15.0")
                    .build())
            .setSeverities(List.of(new Severity("Ubuntu", "negligible", null, null)))
            .build();

    Exposures.Rated rated = rate(ubuntu);

    assertThat(rated.severity()).isEqualTo("LOW");
    assertThat(rated.score()).isNull();
  }

  @Test
  void shouldRateImportantAsHighWhenADatabaseSaysSo() {
    Advisory redHatLike =
        Fixtures.advisory("RHSA-2021:1", List.of("CVE-2021-2"), T0)
            .range(LOG4J, "2.0", "2.15.0")
            .databaseSeverity("IMPORTANT")
            .build();

    assertThat(rate(redHatLike).severity()).isEqualTo("HIGH");
  }

  @Test
  void shouldGroupAndRateLikeTheScanWhenGivenTheSameRecords() throws Exception {
    // GHSA: MODERATE in words; UBUNTU: a priority and a per-package vector; PYSEC: aliases the GHSA
    String ghsaJson =
        "{\"id\":\"GHSA-aaaa\",\"aliases\":[\"CVE-2021-3\"],"
            + "\"database_specific\":{\"severity\":\"MODERATE\"},"
            + affectedJson(null)
            + "}";
    String ubuntuJson =
        "{\"id\":\"UBUNTU-CVE-2021-3\",\"upstream\":[\"CVE-2021-3\"],"
            + "\"severity\":[{\"type\":\"Ubuntu\",\"score\":\"high\"}],"
            + affectedJson(V3_59)
            + "}";
    String pysecJson =
        "{\"id\":\"PYSEC-1\",\"aliases\":[\"GHSA-aaaa\"]," + affectedJson(null) + "}";
    ObjectMapper json = new ObjectMapper();
    List<io.vigil.core.osv.Advisory> scanSide =
        List.of(ghsaJson, ubuntuJson, pysecJson).stream()
            .map(
                s -> {
                  try {
                    return io.vigil.core.osv.Advisory.of(json.readValue(s, OsvRecord.class));
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                })
            .toList();
    AliasGroups.Group scan =
        AliasGroups.ofPackage(scanSide, PackageKey.of("Maven", LOG4J)).group("PYSEC-1");

    Advisory ghsa =
        Fixtures.advisory("GHSA-aaaa", List.of("CVE-2021-3"), T0)
            .range(LOG4J, "2.0", "2.15.0")
            .databaseSeverity("MODERATE")
            .build();
    Advisory ubuntuRanged =
        Fixtures.advisory("UBUNTU-CVE-2021-3", List.of(), T0)
            .upstream(List.of("CVE-2021-3"))
            .range(LOG4J, "2.0", "2.15.0")
            .build();
    Advisory ubuntu =
        Advisory.newBuilder(ubuntuRanged)
            .setSeverities(List.of(new Severity("Ubuntu", "high", null, null)))
            .setAffected(
                List.of(
                    AffectedPackage.newBuilder(ubuntuRanged.getAffected().get(0))
                        .setSeverities(List.of(new Severity("CVSS_V3", V3_59, 5.9, "MEDIUM")))
                        .build()))
            .build();
    Advisory pysec =
        Fixtures.advisory("PYSEC-1", List.of("GHSA-aaaa"), T0)
            .range(LOG4J, "2.0", "2.15.0")
            .build();
    AliasGroups.Group pipeline = AdvisoryGroups.of(List.of(ghsa, ubuntu, pysec)).group("PYSEC-1");

    assertThat(pipeline).isEqualTo(scan);
    assertThat(pipeline.vulnerabilityId()).isEqualTo("CVE-2021-3");
    assertThat(pipeline.severity().score()).as("a score beats every word").isEqualTo(5.9);
    assertThat(rate(pysec, ghsa, ubuntu).severity()).isEqualTo("MEDIUM");
  }

  private static String affectedJson(String vector) {
    return "\"affected\":[{\"package\":{\"ecosystem\":\"Maven\",\"name\":\""
        + LOG4J
        + "\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"2.0\"},{\"fixed\":\"2.15.0\"}]}]"
        + (vector == null
            ? ""
            : ",\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"" + vector + "\"}]")
        + "}]";
  }

  private static Exposures.Rated rate(Advisory a, Advisory... others) {
    List<Advisory> all = new java.util.ArrayList<>(List.of(others));
    all.add(a);
    return Exposures.severity(AdvisoryGroups.of(all).group(a.getId()), Exposures.Enrichment.NONE);
  }
}
