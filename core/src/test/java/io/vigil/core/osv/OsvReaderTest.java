package io.vigil.core.osv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OsvReaderTest {
  private static final String RECORD =
      "{\"id\":\"OSV-1\",\"modified\":\"2024-01-01T00:00:00Z\","
          + "\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"a\"}}]}";

  @Test
  void shouldReadEveryRecordOfAnAllZipStyleArchive(@TempDir Path dir) throws Exception {
    Path zip = dir.resolve("all.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (String id : List.of("OSV-1", "OSV-2")) {
        out.putNextEntry(new ZipEntry(id + ".json"));
        out.write(RECORD.replace("OSV-1", id).getBytes());
        out.closeEntry();
      }
    }
    assertThat(OsvReader.read(zip)).extracting(OsvRecord::id).containsExactly("OSV-1", "OSV-2");
  }

  @Test
  void shouldReadAJsonArrayOfRecords(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("vulns.json");
    Files.writeString(f, "[" + RECORD + "," + RECORD.replace("OSV-1", "OSV-9") + "]");
    assertThat(OsvReader.read(f)).extracting(OsvRecord::id).containsExactly("OSV-1", "OSV-9");
  }

  @Test
  void shouldSkipAndReportARecordThatCannotBeUsedAndReadTheOthers(@TempDir Path dir)
      throws Exception {
    Path f = dir.resolve("vulns.json");
    Files.writeString(
        f,
        "[{\"affected\":[]},"
            + RECORD
            + ",{\"id\":\"GHSA-j5w5-568x-rq53\"},"
            + RECORD
                .replace("OSV-1", "OSV-2")
                .replace(
                    "\"name\":\"a\"}}", "\"name\":\"a\"}," + "\"severity\":[{\"score\":\"low\"}]}")
            + "]");
    List<OsvReader.Notice> notices = new ArrayList<>();
    List<OsvRecord> records = new ArrayList<>();

    OsvReader.read(f, records::add, notices::add, OsvReader.Limits.DEFAULT);

    assertThat(records).extracting(OsvRecord::id).containsExactly("OSV-1", "OSV-2");
    assertThat(records.get(1).affected().get(0).severity()).isEmpty();
    assertThat(notices)
        .extracting(OsvReader.Notice::toString)
        .containsExactly(
            f + "[0]: skipped: /id is missing",
            f + "[2] (GHSA-j5w5-568x-rq53): skipped: /modified is missing",
            f + "[3] (OSV-2): dropped /affected/0/severity/0: has no type");
  }

  @Test
  void shouldSkipAnEntryLargerThanTheRecordLimitWithoutReadingItWhole(@TempDir Path dir)
      throws Exception {
    Path zip = dir.resolve("all.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("BIG.json"));
      out.write(new byte[2_000]);
      out.closeEntry();
      out.putNextEntry(new ZipEntry("OSV-1.json"));
      out.write(RECORD.getBytes());
      out.closeEntry();
    }
    List<OsvReader.Notice> notices = new ArrayList<>();
    List<OsvRecord> records = new ArrayList<>();

    OsvReader.read(zip, records::add, notices::add, new OsvReader.Limits(1_000, 1_000_000));

    assertThat(records).extracting(OsvRecord::id).containsExactly("OSV-1");
    assertThat(notices)
        .singleElement()
        .hasToString(zip + "!BIG.json: skipped: larger than 1,000 bytes (the limit of one record)");
  }

  @Test
  void shouldRefuseASourceThatInflatesBeyondTheReadBudget(@TempDir Path dir) throws Exception {
    Path zip = dir.resolve("all.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (int i = 0; i < 10; i++) {
        out.putNextEntry(new ZipEntry("OSV-" + i + ".json"));
        out.write(RECORD.replace("OSV-1", "OSV-" + i).getBytes());
        out.closeEntry();
      }
    }

    assertThatThrownBy(
            () ->
                OsvReader.read(
                    zip, r -> {}, n -> {}, new OsvReader.Limits(1_000, RECORD.length() * 3L)))
        .isInstanceOf(OsvFormatException.class)
        .hasMessageContaining("all.zip")
        .hasMessageContaining("budget");
  }

  @Test
  void shouldReadAtMostTheLimitWhateverTheStreamHolds() throws Exception {
    byte[] five = {1, 2, 3, 4, 5};

    assertThat(OsvReader.readAtMost(new java.io.ByteArrayInputStream(five), 5)).isEqualTo(five);
    assertThat(OsvReader.readAtMost(new java.io.ByteArrayInputStream(five), 4)).isNull();
    assertThat(OsvReader.readAtMost(new java.io.ByteArrayInputStream(new byte[200_000]), 150_000))
        .isNull();
    assertThat(OsvReader.readAtMost(new java.io.ByteArrayInputStream(new byte[200_000]), 300_000))
        .hasSize(200_000);
  }

  @Test
  void shouldSayTheArchiveIsNotAZipWhenItIsNot(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("fake.zip");
    Files.writeString(f, "not a zip at all");
    assertThatThrownBy(() -> OsvReader.read(f))
        .isInstanceOf(OsvFormatException.class)
        .hasMessageContaining("fake.zip");
  }

  @Test
  void shouldKeepSourceOrderWhenReadingSeveralSourcesInParallel(@TempDir Path dir)
      throws Exception {
    Path a = dir.resolve("a.json");
    Path b = dir.resolve("b.json");
    Files.writeString(a, RECORD);
    Files.writeString(b, RECORD.replace("OSV-1", "OSV-2"));
    assertThat(OsvReader.readAll(List.of(b, a)))
        .extracting(OsvRecord::id)
        .containsExactly("OSV-2", "OSV-1");
  }

  @Test
  void shouldBindEveryUsableSharedRecordExactlyAsJacksonBindsIt() throws Exception {
    // the reader builds OsvRecord from the salvaged tree by hand (twice as fast as binding it
    // again): the same records as Jackson's binding of that tree
    com.fasterxml.jackson.databind.ObjectMapper jackson =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .configure(
                com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                false);
    Path osv = io.vigil.core.testing.SharedData.require("osv");
    int compared = 0;
    try (var zips = Files.list(osv)) {
      for (Path zip : zips.filter(p -> p.toString().endsWith(".zip")).sorted().toList()) {
        try (var z = new java.util.zip.ZipFile(zip.toFile())) {
          for (var e : java.util.Collections.list(z.entries())) {
            var tree = jackson.readTree(z.getInputStream(e).readAllBytes());
            OsvSalvage.Result s = OsvSalvage.salvage(tree);
            if (!s.usable()) {
              continue;
            }
            OsvRecord mine = OsvBinder.bind(s.record());
            OsvRecord theirs = jackson.treeToValue(s.record(), OsvRecord.class);
            assertThat(withWord(mine)).as(e.getName()).isEqualTo(withWord(theirs));
            compared++;
          }
        }
      }
    }
    assertThat(compared).isGreaterThan(11_000);
  }

  /** The record with database_specific reduced to what matching reads (its severity word). */
  private static OsvRecord withWord(OsvRecord r) {
    return new OsvRecord(
        r.id(),
        r.modified(),
        r.published(),
        r.withdrawn(),
        r.aliases(),
        r.upstream(),
        r.related(),
        r.summary(),
        r.severity(),
        r.affected(),
        r.databaseSpecific() == null
            ? null
            : new OsvRecord.DatabaseSpecific(r.databaseSpecific().severityWord()));
  }
}
