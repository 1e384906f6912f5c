package io.vigil.core.osvdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.osv.OsvReader;
import io.vigil.core.osv.OsvRecord;
import io.vigil.core.purl.PackageKey;
import io.vigil.core.sbom.SbomDocument;
import io.vigil.core.sbom.SbomParser;
import io.vigil.core.scan.OfflineScanner;
import io.vigil.core.scan.ScanFinding;
import io.vigil.core.testing.SharedData;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prepared index of {@code vigil scan}: a scan through it reads exactly what the direct read of
 * the archive gives (records, counts and notices, hence the same findings) for the shared distro
 * records and image SBOMs; a changed feed rebuilds it; a damaged or truncated index is detected,
 * said, rebuilt, and never gives a different answer.
 */
class OsvDatabaseTest {

  @TempDir Path tmp;

  private final List<String> log = new ArrayList<>();

  private OsvDatabase db() {
    return new OsvDatabase(tmp.resolve("cache"), log::add);
  }

  private static Path fixture(String relative) throws Exception {
    return Path.of(OsvDatabaseTest.class.getResource("/fixtures/" + relative).toURI());
  }

  private static final String UNUSABLE = "{\"id\":\"BROKEN-1\",\"affected\":[]}";

  /**
   * The bundled distro records and GHSAs as one archive, with what the reader reports: a record it
   * cannot use, a document that is not JSON, a record above the size limit of the test.
   */
  private Path bundledZip(String extraName, String extraJson) throws Exception {
    Path zip = tmp.resolve("bundled.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (String dir : List.of("distro/osv", "osv")) {
        try (Stream<Path> files = Files.list(fixture(dir))) {
          for (Path f : files.sorted().toList()) {
            out.putNextEntry(new ZipEntry(f.getFileName().toString()));
            out.write(Files.readAllBytes(f));
            out.closeEntry();
          }
        }
      }
      put(out, "BROKEN-1.json", UNUSABLE);
      put(out, "NOT-JSON.json", "{\"id\": ");
      put(out, "HUGE-1.json", "{\"id\":\"HUGE-1\",\"pad\":\"" + "x".repeat(300_000) + "\"}");
      if (extraName != null) {
        put(out, extraName, extraJson);
      }
    }
    return zip;
  }

  private static void put(ZipOutputStream out, String name, String json) throws Exception {
    out.putNextEntry(new ZipEntry(name));
    out.write(json.getBytes(StandardCharsets.UTF_8));
    out.closeEntry();
  }

  private static final OsvReader.Limits LIMITS = new OsvReader.Limits(200_000, 1L << 34);

  private static List<SbomDocument> bundledSboms() throws Exception {
    List<SbomDocument> docs = new ArrayList<>();
    try (Stream<Path> files = Files.list(fixture("distro/sbom"))) {
      for (Path f : files.sorted().toList()) {
        docs.add(SbomParser.parse(f));
      }
    }
    return docs;
  }

  private record Outcome(
      List<String> findings, List<String> notices, int advisories, int withdrawn) {}

  private static Outcome scan(List<OsvRecord> records, List<String> notices, SbomDocument doc) {
    OfflineScanner scanner = new OfflineScanner(records);
    List<String> findings = new ArrayList<>();
    for (ScanFinding f : scanner.scan(doc, new OfflineScanner.Stats())) {
      findings.add(f.toString());
    }
    return new Outcome(findings, notices, scanner.advisoryCount(), scanner.withdrawnCount());
  }

  private static Outcome direct(List<Path> sources, SbomDocument doc) throws Exception {
    List<String> notices = new ArrayList<>();
    List<OsvRecord> records =
        OsvReader.readAll(
            sources,
            OfflineScanner.wantedBy(OfflineScanner.wantedKeys(List.of(doc))),
            n -> notices.add(n.toString()),
            LIMITS);
    return scan(records, notices, doc);
  }

  private Outcome indexed(List<Path> sources, SbomDocument doc) throws Exception {
    List<String> notices = new ArrayList<>();
    List<OsvRecord> records =
        db().readAll(
                sources,
                OfflineScanner.wantedKeys(List.of(doc)),
                n -> notices.add(n.toString()),
                LIMITS);
    return scan(records, notices, doc);
  }

  private void assertSameAsDirect(List<Path> sources, List<SbomDocument> docs) throws Exception {
    for (SbomDocument doc : docs) {
      Outcome direct = direct(sources, doc);
      Outcome indexed = indexed(sources, doc);
      assertThat(indexed).isEqualTo(direct);
    }
  }

  @Test
  void shouldFindExactlyWhatTheDirectReadFindsForTheBundledImageSbomsAndSayTheSameNotices()
      throws Exception {
    Path zip = bundledZip(null, null);
    List<SbomDocument> docs = bundledSboms();
    assertSameAsDirect(List.of(zip), docs);
    assertThat(log).hasSize(1).first().asString().contains("first scan of this feed");
    // the findings are real, and the notices name the unusable, unreadable and oversized entries
    Outcome one = direct(List.of(zip), docs.get(0));
    assertThat(docs.stream().mapToInt(d -> direct0(zip, d)).sum()).isGreaterThan(0);
    assertThat(one.notices())
        .anyMatch(n -> n.contains("BROKEN-1.json") && n.contains("skipped"))
        .anyMatch(n -> n.contains("NOT-JSON.json") && n.contains("not JSON"))
        .anyMatch(n -> n.contains("HUGE-1.json") && n.contains("larger than"));
    // once prepared, it is used as it is
    log.clear();
    assertSameAsDirect(List.of(zip), docs);
    assertThat(log).isEmpty();
  }

  private static int direct0(Path zip, SbomDocument doc) {
    try {
      return direct(List.of(zip), doc).findings().size();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void shouldFindExactlyWhatTheDirectReadFindsForTheSharedDistroArchivesAndImageSboms()
      throws Exception {
    Path osv = SharedData.require("osv");
    List<Path> sources = new ArrayList<>();
    for (String zip : List.of("Debian.zip", "Ubuntu.zip", "Alpine.zip", "Other-Linux.zip")) {
      sources.add(osv.resolve(zip));
    }
    List<SbomDocument> docs = new ArrayList<>();
    for (String sbom :
        List.of(
            "sbom/cyclonedx/osv-scanner/postgres-stretch.cdx.xml",
            "sbom/cyclonedx/osv-scanner/alpine.cdx.xml",
            "sbom/cyclonedx/guac/distroless-cyclonedx.json",
            "sbom/cyclonedx/guac/alpine-cyclonedx.json",
            "sbom/cyclonedx/guac/big-mongo-cyclonedx.json",
            "sbom/spdx/guac/alpine-spdx.json")) {
      docs.add(SbomParser.parse(SharedData.require(sbom)));
    }
    assertSameAsDirect(sources, docs);
    int findings = 0;
    for (SbomDocument doc : docs) {
      findings += indexed(sources, doc).findings().size();
    }
    assertThat(findings).isGreaterThanOrEqualTo(10);
  }

  /** A Debian 11 record about tzdata, a package of the distroless SBOM (Debian 11). */
  private static final String EXTRA =
      """
      {"id":"DEBIAN-CVE-2099-0001","modified":"2099-01-01T00:00:00Z",
       "affected":[{"package":{"ecosystem":"Debian:11","name":"tzdata"},
         "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"9:9"}]}]}]}
      """;

  @Test
  void shouldRebuildTheIndexWhenTheFeedChanges() throws Exception {
    SbomDocument distroless =
        SbomParser.parse(fixture("distro/sbom/guac-distroless-cyclonedx.json"));
    Path zip = bundledZip(null, null);
    Outcome before = indexed(List.of(zip), distroless);
    FileTime built = Files.getLastModifiedTime(zip);
    bundledZip("DEBIAN-CVE-2099-0001.json", EXTRA);
    Files.setLastModifiedTime(zip, FileTime.fromMillis(built.toMillis() + 2000));
    log.clear();
    Outcome after = indexed(List.of(zip), distroless);
    assertThat(log).hasSize(1).first().asString().contains("rebuilt: the feed changed");
    assertThat(after).isEqualTo(direct(List.of(zip), distroless));
    assertThat(after.advisories()).isEqualTo(before.advisories() + 1);
    assertThat(after.findings()).anyMatch(f -> f.contains("DEBIAN-CVE-2099-0001"));
  }

  private Path onlyIndexFile() throws Exception {
    try (Stream<Path> s = Files.list(tmp.resolve("cache"))) {
      List<Path> files = s.toList();
      assertThat(files).hasSize(1);
      return files.get(0);
    }
  }

  @Test
  void shouldDetectADamagedRecordRebuildAndFindTheSame() throws Exception {
    List<SbomDocument> docs = bundledSboms();
    Path zip = bundledZip(null, null);
    Outcome expected = direct(List.of(zip), docs.get(0));
    indexed(List.of(zip), docs.get(0));
    Path index = onlyIndexFile();
    // damage every record's deflated JSON (the bytes between the header and the directory)
    long dirOffset;
    try (FileChannel ch =
        FileChannel.open(index, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      java.nio.ByteBuffer h = java.nio.ByteBuffer.allocate(OsvIndexFormat.HEADER_BYTES);
      ch.read(h, 0);
      dirOffset = h.getLong(12);
      for (long p = OsvIndexFormat.HEADER_BYTES + 7; p < dirOffset; p += 97) {
        ch.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) 0x5a}), p);
      }
    }
    log.clear();
    assertThat(indexed(List.of(zip), docs.get(0))).isEqualTo(expected);
    assertThat(log)
        .hasSize(1)
        .first()
        .asString()
        .contains("rebuilt: it was damaged")
        .containsAnyOf("fails its CRC-32 check", "does not inflate");
    log.clear();
    assertThat(indexed(List.of(zip), docs.get(0))).isEqualTo(expected);
    assertThat(log).isEmpty();
  }

  @Test
  void shouldDetectATruncatedOrForeignIndexRebuildAndFindTheSame() throws Exception {
    List<SbomDocument> docs = bundledSboms();
    Path zip = bundledZip(null, null);
    Outcome expected = direct(List.of(zip), docs.get(1));
    indexed(List.of(zip), docs.get(1));
    Path index = onlyIndexFile();
    try (FileChannel ch = FileChannel.open(index, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 10);
    }
    log.clear();
    assertThat(indexed(List.of(zip), docs.get(1))).isEqualTo(expected);
    assertThat(log).hasSize(1).first().asString().contains("it was damaged: truncated");

    Files.writeString(index, "not an index at all, but long enough to have a header");
    log.clear();
    assertThat(indexed(List.of(zip), docs.get(1))).isEqualTo(expected);
    assertThat(log).hasSize(1).first().asString().contains("not an index file");
  }

  @Test
  void shouldReadDirectoriesAndSingleFilesDirectlyAndFallBackWhenTheCacheCannotBeWritten()
      throws Exception {
    List<SbomDocument> docs = bundledSboms();
    Path dir = fixture("distro/osv");
    assertSameAsDirect(List.of(dir), docs);
    assertThat(log).isEmpty();
    assertThat(Files.exists(tmp.resolve("cache"))).isFalse();

    Path zip = bundledZip(null, null);
    Files.writeString(tmp.resolve("cache"), "a file where the cache directory should be");
    Outcome indexed = indexed(List.of(zip), docs.get(0));
    assertThat(indexed).isEqualTo(direct(List.of(zip), docs.get(0)));
    assertThat(log).hasSize(1).first().asString().contains("reading the archive in full");
  }

  @Test
  void shouldKeepOneIndexPerArchiveReadInSourceOrder() throws Exception {
    List<SbomDocument> docs = bundledSboms();
    Path zip = bundledZip(null, null);
    Path copy = Files.copy(zip, tmp.resolve("copy.zip"));
    assertSameAsDirect(List.of(zip, copy), docs);
    try (Stream<Path> s = Files.list(tmp.resolve("cache"))) {
      assertThat(s.filter(p -> p.toString().endsWith(".osvidx")).count()).isEqualTo(2);
    }
    assertThat(OfflineScanner.wantedKeys(docs)).contains(PackageKey.of("Alpine", "musl"));
    assertThat(Set.copyOf(log)).hasSize(2);
  }
}
