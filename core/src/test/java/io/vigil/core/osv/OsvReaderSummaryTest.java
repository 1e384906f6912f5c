package io.vigil.core.osv;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.sbom.SbomDocument;
import io.vigil.core.sbom.SbomParser;
import io.vigil.core.scan.OfflineScanner;
import io.vigil.core.scan.ScanFinding;
import io.vigil.core.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading an archive for a scan reads in full only the records naming a wanted package; the others
 * become summaries that keep their identity and severities — so a scan finds the same, with the
 * same severities, either way.
 */
class OsvReaderSummaryTest {

  @TempDir Path tmp;

  /** The bundled distro records and GHSAs as one archive (the filter applies to archives). */
  private Path bundledZip() throws Exception {
    Path zip = tmp.resolve("bundled.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (String dir : List.of("/fixtures/distro/osv", "/fixtures/osv")) {
        try (Stream<Path> files = Files.list(Path.of(getClass().getResource(dir).toURI()))) {
          for (Path f : files.sorted().toList()) {
            out.putNextEntry(new ZipEntry(f.getFileName().toString()));
            out.write(Files.readAllBytes(f));
            out.closeEntry();
          }
        }
      }
    }
    return zip;
  }

  private static void assertSummariesKeepWhatGroupingAndSeverityRead(
      List<OsvRecord> full, List<OsvRecord> filtered, Predicate<OsvRecord.Package> wanted) {
    assertThat(filtered).hasSameSizeAs(full);
    for (int i = 0; i < full.size(); i++) {
      OsvRecord f = full.get(i);
      OsvRecord s = filtered.get(i);
      boolean named = f.affected().stream().anyMatch(a -> a.pkg() != null && wanted.test(a.pkg()));
      if (named) {
        assertThat(s).as(f.id() + " names a wanted package: read in full").isEqualTo(f);
        continue;
      }
      assertThat(s.id()).isEqualTo(f.id());
      assertThat(s.isWithdrawn()).as(f.id()).isEqualTo(f.isWithdrawn());
      assertThat(s.aliases()).as(f.id()).isEqualTo(f.aliases());
      assertThat(s.upstream()).as(f.id()).isEqualTo(f.upstream());
      assertThat(s.severity()).as(f.id()).isEqualTo(f.severity());
      assertThat(SeverityScore.of(s)).as(f.id()).isEqualTo(SeverityScore.of(f));
      assertThat(s.affected()).as(f.id()).allMatch(a -> a.pkg() == null && a.ranges().isEmpty());
    }
  }

  @Test
  void shouldReadOnlyTheRecordsNamingAWantedPackageInFullWhenReadingTheBundledRecords()
      throws Exception {
    Path zip = bundledZip();
    Predicate<OsvRecord.Package> wanted = p -> p.name().equals("musl") || p.name().equals("dpkg");
    List<OsvRecord> full = OsvReader.readAll(List.of(zip));
    List<OsvRecord> filtered = OsvReader.readAll(List.of(zip), wanted);
    assertSummariesKeepWhatGroupingAndSeverityRead(full, filtered, wanted);
    int summaries = 0;
    for (int i = 0; i < full.size(); i++) {
      summaries += filtered.get(i).equals(full.get(i)) ? 0 : 1;
    }
    // ALPINE-CVE-2025-26519 (musl), DLA-3022-1 and UBUNTU-CVE-2025-6297 (dpkg) are read in full
    assertThat(summaries).as("records read as summaries").isEqualTo(full.size() - 3);
  }

  @Test
  void shouldSkipAndTrimTheSameRecordsWithTheSameReasonsWithAndWithoutSummaries() throws Exception {
    Path zip = tmp.resolve("unusable.zip");
    String range = "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"}]}]";
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (String[] e :
          new String[][] {
            // usable, about a package no SBOM ships: a summary
            {
              "A.json",
              "{\"id\":\"A\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{"
                  + "\"package\":{\"ecosystem\":\"npm\",\"name\":\"left-pad\"},"
                  + range
                  + "}]}"
            },
            // no modified time: OsvSalvage skips it
            {
              "B.json",
              "{\"id\":\"B\",\"affected\":[{\"package\":{\"ecosystem\":\"npm\","
                  + "\"name\":\"left-pad\"},"
                  + range
                  + "}]}"
            },
            // a package without a name: the entry is dropped, and with it the record
            {
              "C.json",
              "{\"id\":\"C\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{"
                  + "\"package\":{\"ecosystem\":\"npm\"},"
                  + range
                  + "}]}"
            },
            // a withdrawn time that is not a time
            {
              "D.json",
              "{\"id\":\"D\",\"modified\":\"2024-01-01T00:00:00Z\",\"withdrawn\":"
                  + "\"yesterday\",\"affected\":[]}"
            },
          }) {
        out.putNextEntry(new ZipEntry(e[0]));
        out.write(e[1].getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    List<OsvReader.Notice> fullNotices = new ArrayList<>();
    List<OsvReader.Notice> filteredNotices = new ArrayList<>();
    List<OsvRecord> full =
        OsvReader.readAll(List.of(zip), fullNotices::add, OsvReader.Limits.DEFAULT);
    List<OsvRecord> filtered =
        OsvReader.readAll(
            List.of(zip),
            p -> p.name().equals("musl"),
            filteredNotices::add,
            OsvReader.Limits.DEFAULT);

    assertThat(full).extracting(OsvRecord::id).containsExactly("A");
    assertThat(filtered).extracting(OsvRecord::id).containsExactly("A");
    assertThat(filtered.get(0)).as("read as a summary").isNotEqualTo(full.get(0));
    assertThat(filteredNotices).isEqualTo(fullNotices).hasSize(3);
  }

  @Test
  void shouldScanEveryImageSbomAlikeWithAndWithoutSummariesOfTheSharedArchives() throws Exception {
    Path osv = SharedData.require("osv");
    List<Path> zips;
    try (Stream<Path> s = Files.list(osv)) {
      zips = s.filter(p -> p.toString().endsWith(".zip")).sorted().toList();
    }
    List<SbomDocument> docs = new ArrayList<>();
    for (String sbom :
        List.of(
            "sbom/cyclonedx/osv-scanner/postgres-stretch.cdx.xml",
            "sbom/cyclonedx/guac/big-mongo-cyclonedx.json",
            "sbom/cyclonedx/guac/quarkus-deps-cyclonedx.json",
            "sbom/spdx/guac/alpine-spdx.json")) {
      docs.add(SbomParser.parse(SharedData.require(sbom)));
    }
    docs.add(
        SbomParser.parse(Path.of(getClass().getResource("/sbom/log4shell-app.cdx.json").toURI())));
    Predicate<OsvRecord.Package> wanted = OfflineScanner.wantedBy(docs);
    List<OsvRecord> full = OsvReader.readAll(zips);
    List<OsvRecord> filtered = OsvReader.readAll(zips, wanted);
    assertSummariesKeepWhatGroupingAndSeverityRead(full, filtered, wanted);

    OfflineScanner everything = new OfflineScanner(full);
    OfflineScanner summarised = new OfflineScanner(filtered);
    int findings = 0;
    for (SbomDocument doc : docs) {
      List<ScanFinding> a = everything.scan(doc, new OfflineScanner.Stats());
      List<ScanFinding> b = summarised.scan(doc, new OfflineScanner.Stats());
      assertThat(b).isEqualTo(a);
      findings += a.size();
    }
    assertThat(findings).isPositive();
  }
}
