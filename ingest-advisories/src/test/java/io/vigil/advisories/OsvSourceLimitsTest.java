package io.vigil.advisories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.advisories.limits.FeedLimitException;
import io.vigil.advisories.limits.ZipDirectory;
import io.vigil.core.osv.OsvReader;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zip bombs and oversized records meet the read limits ({@code maxEntryBytes}, {@code
 * maxFeedBytes}) before they meet memory. The same bombs at the shipped heap, end to end: {@link
 * ReadLimitsIT}.
 */
class OsvSourceLimitsTest {
  private static final byte[] RECORD = Fixtures.bytes("osv/GHSA-jfh8-c2jp-5v3q.json");
  @TempDir Path tmp;

  private static List<OsvSource.RawRecord> read(Path p, OsvReader.Limits limits) throws Exception {
    List<OsvSource.RawRecord> out = new ArrayList<>();
    OsvSource.forEach(p, p.toString(), n -> true, limits, out::add);
    return out;
  }

  @Test
  void shouldRefuseAZipOfOverlappingEntriesBeforeInflatingAnyOfThem() throws Exception {
    Path bomb = ZipBombs.overlapping(tmp.resolve("overlap.zip"), 250, 20 << 20);

    assertThat(Files.size(bomb)).as("39 KB declaring 4.9 GiB").isLessThan(40_000);
    assertThatThrownBy(() -> read(bomb, OsvReader.Limits.DEFAULT))
        .isInstanceOf(FeedLimitException.class)
        .hasMessageContaining("overlap.zip")
        .hasMessageContaining("a zip bomb: 250 of its 250 entries overlap others")
        .hasMessageContaining("5,242,880,000 bytes inflated");
    assertThat(OsvSource.count(bomb, n -> true)).isZero();
  }

  @Test
  void shouldDeadLetterAnEntryInflatingBeyondTheRecordLimitAndReadTheNextOne() throws Exception {
    Path zip = ZipBombs.oneHugeEntry(tmp.resolve("huge.zip"), 64, "GHSA-jfh8.json", RECORD);

    List<OsvSource.RawRecord> records = read(zip, OsvReader.Limits.DEFAULT);

    assertThat(records).hasSize(2);
    assertThat(records.get(0).location()).endsWith("huge.zip!GHSA-huge-0000-0000.json");
    assertThat(records.get(0).unreadable())
        .isEqualTo(
            "the record inflates to more than 4,000,000 bytes: not read"
                + " (ingestAdvisories.maxEntryBytes)");
    assertThat(records.get(0).bytes()).hasSize(OsvSource.PREFIX_BYTES);
    assertThat(records.get(1).unreadable()).isNull();
    assertThat(records.get(1).bytes()).isEqualTo(RECORD);
  }

  @Test
  void shouldReadAZip64EntrysDeclaredSizeAndRefuseItAboveTheBudget() throws Exception {
    Path zip = ZipBombs.oneHugeEntry(tmp.resolve("huge.zip"), 5 * 1024, "GHSA-jfh8.json", RECORD);

    assertThat(Files.size(zip)).as("5 GiB in about 5 MB").isLessThan(6_000_000);
    assertThat(ZipDirectory.check(zip, "huge.zip", Long.MAX_VALUE))
        .isEqualTo((5L << 30) + RECORD.length);
    assertThatThrownBy(() -> ZipDirectory.check(zip, "huge.zip", 4_000_000_000L))
        .isInstanceOf(FeedLimitException.class)
        .hasMessageContaining("declare more than 4,000,000,000 bytes")
        .hasMessageContaining("ingestAdvisories.maxFeedBytes");
  }

  @Test
  void shouldRefuseAZipWhoseEntriesDeclareMoreThanTheBudgetBeforeReadingAny() throws Exception {
    Path zip = tmp.resolve("all.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (int i = 0; i < 10; i++) {
        out.putNextEntry(new ZipEntry("R-" + i + ".json"));
        out.write(new byte[1000]);
        out.closeEntry();
      }
    }
    List<OsvSource.RawRecord> got = new ArrayList<>();

    assertThatThrownBy(
            () ->
                OsvSource.forEach(
                    zip, "all.zip", n -> true, new OsvReader.Limits(1_000, 9_500), got::add))
        .isInstanceOf(FeedLimitException.class)
        .hasMessageContaining("all.zip: its 10 entries declare more than 9,500 bytes inflated");
    assertThat(got).isEmpty();
    OsvSource.forEach(zip, "all.zip", n -> true, new OsvReader.Limits(1_000, 10_000), got::add);
    assertThat(got).hasSize(10);
  }

  @Test
  void shouldCountWhatIsInflatedWhenTheCentralDirectoryUnderstatesIt() throws Exception {
    // a directory of records: nothing is declared, every byte read counts
    Path dir = Files.createDirectories(tmp.resolve("records"));
    for (int i = 0; i < 10; i++) {
      Files.write(dir.resolve("R-" + i + ".json"), new byte[1000]);
    }
    List<OsvSource.RawRecord> got = new ArrayList<>();

    assertThatThrownBy(
            () ->
                OsvSource.forEach(
                    dir, dir.toString(), n -> true, new OsvReader.Limits(1_000, 5_500), got::add))
        .isInstanceOf(FeedLimitException.class)
        .hasMessageContaining("more than 5,500 bytes inflated: the rest is not read")
        .hasMessageContaining("ingestAdvisories.maxFeedBytes");
    assertThat(got).as("the records before the budget ran out").hasSize(5);
  }

  @Test
  void shouldDeadLetterARecordFileLargerThanTheRecordLimit() throws Exception {
    Path f = tmp.resolve("BIG-1.json");
    Files.write(f, new byte[5_000]);

    List<OsvSource.RawRecord> records = read(f, new OsvReader.Limits(1_000, 1_000_000));

    assertThat(records)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.unreadable()).contains("more than 1,000 bytes");
              assertThat(r.bytes()).hasSize(OsvSource.PREFIX_BYTES);
            });
  }

  @Test
  void shouldReadAnEntryWithinTheLimitWhateverSizeItDeclares() throws Exception {
    byte[] ten = new byte[10];

    assertThat(OsvSource.readEntry(new ByteArrayInputStream(ten), 10, 100)).hasSize(10);
    assertThat(OsvSource.readEntry(new ByteArrayInputStream(ten), 4, 100)).hasSize(10);
    assertThat(OsvSource.readEntry(new ByteArrayInputStream(ten), 20, 100)).hasSize(10);
    assertThat(OsvSource.readEntry(new ByteArrayInputStream(ten), -1, 100)).hasSize(10);
    assertThat(OsvSource.readEntry(new ByteArrayInputStream(ten), 4, 9)).isNull();
    assertThat(OsvSource.readEntry(new ByteArrayInputStream(ten), 10, 9)).isNull();
    assertThat(OsvSource.readEntry(new ByteArrayInputStream(ten), Long.MAX_VALUE, 9)).isNull();
  }
}
