package io.vigil.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.osv.Advisory;
import io.vigil.core.osv.AffectedEntry;
import io.vigil.core.osv.Matcher;
import io.vigil.core.osv.OsvReader;
import io.vigil.core.osv.OsvRecord;
import io.vigil.core.purl.PackageIdentity;
import io.vigil.core.sbom.SbomParser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-checked case on the bundled Log4Shell-family GHSA records (runs without ../shared). */
class Log4ShellScanTest {

  private static Path resource(String name) throws Exception {
    return Path.of(Log4ShellScanTest.class.getResource(name).toURI());
  }

  @Test
  void shouldFindTheWholeLog4ShellFamilyWhenScanningLog4jCore2141() throws Exception {
    List<OsvRecord> records = OsvReader.read(resource("/fixtures/osv"));
    OfflineScanner scanner = new OfflineScanner(records);
    List<ScanFinding> findings =
        scanner.scan(
            SbomParser.parse(resource("/sbom/log4shell-app.cdx.json")), new OfflineScanner.Stats());
    assertThat(findings)
        .extracting(ScanFinding::advisory)
        .containsExactly(
            "GHSA-7rjr-3q55-vv33",
            "GHSA-8489-44mv-ggj8",
            "GHSA-jfh8-c2jp-5v3q",
            "GHSA-p6xc-xr62-6r2g");
    assertThat(findings)
        .extracting(f -> f.aliases().get(0))
        .containsExactly("CVE-2021-45046", "CVE-2021-44832", "CVE-2021-44228", "CVE-2021-45105");
    assertThat(findings)
        .extracting(ScanFinding::fixed)
        .containsExactly(
            List.of("2.16.0"), List.of("2.17.1"), List.of("2.15.0"), List.of("2.17.0"));
  }

  @Test
  void shouldRecommend2171AsTheSmallestUpgradeEndingEveryLog4ShellFinding() throws Exception {
    List<List<AffectedEntry>> advisories =
        OsvReader.read(resource("/fixtures/osv")).stream().map(r -> AffectedEntry.of(r)).toList();
    PackageIdentity log4j =
        PackageIdentity.fromPurl("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1")
            .orElseThrow();
    assertThat(Matcher.smallestFixingUpgrade(log4j, advisories)).contains("2.17.1");
    PackageIdentity java7Branch =
        PackageIdentity.fromPurl("pkg:maven/org.apache.logging.log4j/log4j-core@2.12.1")
            .orElseThrow();
    assertThat(Matcher.smallestFixingUpgrade(java7Branch, advisories)).contains("2.12.4");
  }

  @Test
  void shouldNotReportLog4jApiWhichTheAdvisoriesDoNotName() throws Exception {
    OfflineScanner scanner = new OfflineScanner(OsvReader.read(resource("/fixtures/osv")));
    assertThat(
            Advisory.of(OsvReader.read(resource("/fixtures/osv/GHSA-jfh8-c2jp-5v3q.json")).get(0))
                .packages())
        .extracting(Object::toString)
        .containsExactly("Maven/org.apache.logging.log4j:log4j-core");
    OfflineScanner.Stats stats = new OfflineScanner.Stats();
    assertThat(scanner.scan(SbomParser.parse(resource("/sbom/log4shell-app.cdx.json")), stats))
        .noneMatch(f -> f.purl().contains("log4j-api"));
    assertThat(stats.withoutPurl).isEqualTo(1);
  }
}
