package io.vigil.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.osv.OsvReader;
import io.vigil.core.osv.OsvRecord;
import io.vigil.core.sbom.SbomParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Records naming no package (the summaries a scan reads for records about packages its SBOMs do not
 * ship, GIT-only records) are counted but never prepared: they cannot be a finding, and alias
 * groups form within a package (M9), so they change no finding's group or severity.
 */
class OfflineScannerSeverityGroupsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static OsvRecord record(String json) throws Exception {
    return OsvReader.toRecord(JSON.readTree(json), "test");
  }

  @Test
  void shouldCountRecordsWithoutPackagesAndLeaveTheFindingsGroupToItsPackage() throws Exception {
    OsvRecord debian =
        record(
            "{\"id\":\"DEBIAN-CVE-2024-0001\",\"modified\":\"2024-01-01T00:00:00Z\",\"upstream\":[\"CVE-2024-0001\"],\"affected\":[{"
                + "\"package\":{\"ecosystem\":\"Debian:12\",\"name\":\"openssl\"},\"ranges\":[{"
                + "\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"3.0.11-1\"}]}]}]}");
    // a summary (its package is not in the SBOM) of a record about the same CVE
    OsvRecord summary =
        record(
            "{\"id\":\"GHSA-xxxx-0001\",\"modified\":\"2024-01-01T00:00:00Z\",\"aliases\":[\"CVE-2024-0001\"],\"severity\":[{\"type\":"
                + "\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}],"
                + "\"affected\":[{\"severity\":[]}]}");
    OsvRecord withdrawn =
        record(
            "{\"id\":\"GHSA-yyyy-0002\",\"modified\":\"2024-01-01T00:00:00Z\",\"aliases\":[\"CVE-2024-0002\"],\"withdrawn\":"
                + "\"2024-02-01T00:00:00Z\"}");
    var doc =
        SbomParser.parse(
            ("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[{\"type\":"
                    + "\"library\",\"name\":\"libssl3\",\"purl\":"
                    + "\"pkg:deb/debian/libssl3@3.0.9-1?upstream=openssl&distro=debian-12\"}]}")
                .getBytes(StandardCharsets.UTF_8));

    OfflineScanner withOthers = new OfflineScanner(List.of(summary, debian, withdrawn));
    OfflineScanner alone = new OfflineScanner(List.of(debian));

    assertThat(withOthers.scan(doc, new OfflineScanner.Stats()))
        .isEqualTo(alone.scan(doc, new OfflineScanner.Stats()))
        .singleElement()
        .satisfies(f -> assertThat(f.vulnerabilityId()).isEqualTo("CVE-2024-0001"));
    assertThat(withOthers.advisoryCount()).isEqualTo(3);
    assertThat(withOthers.withdrawnCount()).isEqualTo(1);
  }
}
