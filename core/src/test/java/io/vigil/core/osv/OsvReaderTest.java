package io.vigil.core.osv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OsvReaderTest {
  private static final String RECORD =
      "{\"id\":\"OSV-1\",\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"a\"}}]}";

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
  void shouldNameTheEntryWhenARecordHasNoId(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.json");
    Files.writeString(f, "{\"affected\":[]}");
    assertThatThrownBy(() -> OsvReader.read(f))
        .isInstanceOf(OsvFormatException.class)
        .hasMessageContaining("bad.json")
        .hasMessageContaining("$.id");
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
}
