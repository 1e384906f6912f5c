package io.vigil.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.osv.OsvReader;
import io.vigil.core.osv.OsvRecord;
import io.vigil.core.purl.PackageIdentity;
import io.vigil.core.sbom.SbomDocument;
import io.vigil.core.sbom.SbomParser;
import io.vigil.core.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code vigil scan} of real container-image SBOMs (syft's output as published by osv-scanner and
 * GUAC: Alpine 3.16 and 3.17, distroless Debian 11, postgres on Debian 9, mongo on Ubuntu 20.04)
 * against real distro OSV records: every finding is explained by its release (the release it was
 * judged in is the component's own), and a record with entries for many releases matches each
 * package only through its own release. The bundled SBOMs and records (fixtures/distro) always run;
 * the big SBOMs and the shared distro archives need {@code ../shared/data}.
 */
class ImageSbomDistroScanTest {

  private static Path fixture(String relative) throws Exception {
    return Path.of(
        ImageSbomDistroScanTest.class.getResource("/fixtures/distro/" + relative).toURI());
  }

  private static OfflineScanner bundledRecords() throws Exception {
    List<OsvRecord> records = new ArrayList<>();
    try (Stream<Path> files = Files.list(fixture("osv"))) {
      for (Path f : files.sorted().toList()) {
        records.addAll(OsvReader.read(f));
      }
    }
    return new OfflineScanner(records);
  }

  private record Scan(SbomDocument doc, List<ScanFinding> findings, OfflineScanner.Stats stats) {}

  private static Scan scan(OfflineScanner scanner, Path sbom) throws Exception {
    SbomDocument doc = SbomParser.parse(sbom);
    OfflineScanner.Stats stats = new OfflineScanner.Stats();
    List<ScanFinding> findings = scanner.scan(doc, stats);
    return new Scan(doc, findings, stats);
  }

  /** Every finding was judged in the component's own release, and says so in its reason. */
  private static void assertEveryFindingExplainedByItsOwnRelease(Scan s) {
    for (ScanFinding f : s.findings()) {
      PackageIdentity c =
          PackageIdentity.fromComponent(f.purl(), null, sourceOf(s.doc(), f.purl())).orElseThrow();
      assertThat(f.result().release()).as(f.purl() + " " + f.advisory()).isNotNull();
      assertThat(io.vigil.core.purl.Ecosystem.parseOsv(f.result().release()).release())
          .as(f.purl() + " judged in " + f.result().release())
          .isEqualTo(c.ecosystem().release());
      assertThat(f.result().reason()).startsWith(f.result().release() + ": ");
    }
  }

  private static io.vigil.core.distro.SourcePackage sourceOf(SbomDocument doc, String purl) {
    return doc.components().stream()
        .filter(c -> purl.equals(c.purl()))
        .findFirst()
        .map(io.vigil.core.sbom.SbomComponent::source)
        .orElse(null);
  }

  private static Set<String> findings(Scan s) {
    Set<String> out = new TreeSet<>();
    for (ScanFinding f : s.findings()) {
      String name = f.purl().replaceAll("^pkg:[a-z]+/(?:[a-z]+/)?([^@]+)@.*", "$1");
      out.add(name + " " + f.advisory() + " " + f.result().release() + " " + f.fixed());
    }
    return out;
  }

  @Test
  void shouldMatchMuslOnAlpine317OnlyThroughTheAlpine317EntryOfANineReleaseRecord()
      throws Exception {
    Scan s = scan(bundledRecords(), fixture("sbom/osv-scanner-alpine.cdx.xml"));
    // musl 1.2.3-r4 on 3.17.2: fixed in 1.2.3-r6 there (the 3.16 entry, fixed in 1.2.3-r4, would
    // call it fixed; the 3.18+ entries name other fixes)
    assertThat(findings(s))
        .containsExactly(
            "musl ALPINE-CVE-2025-26519 Alpine:v3.17 [1.2.3-r6]",
            "musl-utils ALPINE-CVE-2025-26519 Alpine:v3.17 [1.2.3-r6]");
    assertEveryFindingExplainedByItsOwnRelease(s);
    assertThat(
            s.findings().stream()
                .filter(f -> f.purl().contains("musl-utils"))
                .findFirst()
                .orElseThrow()
                .result()
                .reason())
        .contains("source package musl 1.2.3-r4 (binary musl-utils)");
    assertThat(s.stats().indeterminate).isZero();
  }

  @Test
  void shouldMatchMuslOnAlpine316ThroughTheAlpine316EntryInCycloneDxAndSpdxAlike()
      throws Exception {
    OfflineScanner scanner = bundledRecords();
    for (String sbom : List.of("sbom/guac-alpine-cyclonedx.json", "sbom/guac-alpine-spdx.json")) {
      Scan s = scan(scanner, fixture(sbom));
      assertThat(findings(s))
          .as(sbom)
          .containsExactly(
              "musl ALPINE-CVE-2025-26519 Alpine:v3.16 [1.2.3-r4]",
              "musl-utils ALPINE-CVE-2025-26519 Alpine:v3.16 [1.2.3-r4]");
      assertEveryFindingExplainedByItsOwnRelease(s);
      assertThat(s.stats().indeterminate).as(sbom).isZero();
    }
  }

  @Test
  void shouldFindNothingInDistrolessDebian11FromRecordsOfOtherReleases() throws Exception {
    Scan s = scan(bundledRecords(), fixture("sbom/guac-distroless-cyclonedx.json"));
    // tzdata 2021a-1+deb11u6 meets DLA-3051-1, whose only entry is for Debian:9
    assertThat(s.findings()).isEmpty();
    assertThat(s.stats().indeterminate).isZero();
  }

  @Test
  void shouldMatchPostgresStretchOnlyThroughDebian9AndBinariesThroughTheirSourcePackage()
      throws Exception {
    Path sbom = SharedData.require("sbom/cyclonedx/osv-scanner/postgres-stretch.cdx.xml");
    Scan s = scan(bundledRecords(), sbom);
    assertThat(findings(s))
        .containsExactlyInAnyOrder(
            "dpkg DLA-3022-1 Debian:9 [1.18.26]",
            "libssl1.1 DLA-3008-1 Debian:9 [1.1.0l-1~deb9u6]",
            "openssl DLA-3008-1 Debian:9 [1.1.0l-1~deb9u6]",
            "tzdata DLA-3051-1 Debian:9 [2021a-0+deb9u4]");
    assertEveryFindingExplainedByItsOwnRelease(s);
    assertThat(s.stats().indeterminate).isZero();
  }

  @Test
  void shouldNotApplyUbuntuProOnlyEntriesToTheMongoImageOnUbuntu2004() throws Exception {
    Path sbom = SharedData.require("sbom/cyclonedx/guac/big-mongo-cyclonedx.json");
    Scan s = scan(bundledRecords(), sbom);
    // UBUNTU-CVE-2025-6297 has an entry for Ubuntu:Pro:20.04:LTS only: the SBOM does not say Pro
    assertThat(s.findings()).noneMatch(f -> f.advisory().equals("UBUNTU-CVE-2025-6297"));
    assertThat(s.doc().components()).anyMatch(c -> c.purl() != null && c.purl().contains("/dpkg@"));
  }

  @Test
  void shouldExplainEveryFindingOfTheSharedDistroArchivesByTheComponentsOwnRelease()
      throws Exception {
    Path osv = SharedData.require("osv");
    List<OsvRecord> records = new ArrayList<>();
    for (String zip : List.of("Debian.zip", "Ubuntu.zip", "Alpine.zip", "Other-Linux.zip")) {
      records.addAll(OsvReader.read(osv.resolve(zip)));
    }
    OfflineScanner scanner = new OfflineScanner(records);
    int findings = 0;
    for (String sbom :
        List.of(
            "sbom/cyclonedx/osv-scanner/postgres-stretch.cdx.xml",
            "sbom/cyclonedx/osv-scanner/alpine.cdx.xml",
            "sbom/cyclonedx/guac/distroless-cyclonedx.json",
            "sbom/cyclonedx/guac/alpine-cyclonedx.json",
            "sbom/cyclonedx/guac/big-mongo-cyclonedx.json",
            "sbom/spdx/guac/alpine-spdx.json")) {
      Scan s = scan(scanner, SharedData.require(sbom));
      assertEveryFindingExplainedByItsOwnRelease(s);
      findings += s.findings().size();
      System.out.printf(
          "[distro-scan] %s: %d components, %d findings, %d indeterminate%n",
          sbom, s.stats().components, s.findings().size(), s.stats().indeterminate);
    }
    assertThat(findings).isGreaterThanOrEqualTo(10);
  }
}
