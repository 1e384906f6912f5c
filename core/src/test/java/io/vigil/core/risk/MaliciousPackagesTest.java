package io.vigil.core.risk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.core.testing.SharedData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

class MaliciousPackagesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldRecogniseRealMaliciousPackageRecordsByIdAndByTheirDatabaseMarkers()
      throws IOException {
    for (String id : List.of("MAL-2023-1426", "MAL-2022-1471", "MAL-2025-46966")) {
      JsonNode record = fixture(id);

      assertThat(MaliciousPackages.isMalicious(record)).as(id).isTrue();
      assertThat(MaliciousPackages.isMaliciousId(record.get("id").asText())).as(id).isTrue();
      assertThat(MaliciousPackages.isMalicious(id, List.of())).as(id).isTrue();

      // the same record under another id and without MAL aliases: its origins still tell
      ObjectNode renamed = record.deepCopy();
      renamed.put("id", "GHSA-0000-0000-0000");
      renamed.remove("aliases");
      assertThat(MaliciousPackages.isMalicious(renamed)).as(id + " renamed").isTrue();
    }
  }

  @Test
  void shouldRecogniseARecordThatAliasesAMaliciousOneOrPointsIntoTheDatabase() throws IOException {
    ObjectNode ghsa = (ObjectNode) fixture("MAL-2022-1471");
    ghsa.put("id", "GHSA-wvrr-2x4r-394v");
    ghsa.remove("database_specific");
    ghsa.putArray("aliases").add("MAL-2022-1471");
    ObjectNode sourceOnly = ghsa.deepCopy();
    sourceOnly.remove("aliases");

    assertThat(MaliciousPackages.isMalicious(ghsa)).isTrue();
    assertThat(MaliciousPackages.isMalicious("GHSA-wvrr-2x4r-394v", List.of("MAL-2022-1471")))
        .isTrue();
    assertThat(MaliciousPackages.isMalicious(sourceOnly))
        .as("affected[].database_specific.source names the database")
        .isTrue();
  }

  @Test
  void shouldNotCallOrdinaryAdvisoriesMalicious() throws IOException {
    for (String id :
        List.of(
            "GHSA-jfh8-c2jp-5v3q",
            "GHSA-7rjr-3q55-vv33",
            "GHSA-p6xc-xr62-6r2g",
            "GHSA-8489-44mv-ggj8")) {
      JsonNode record = fixture(id);
      assertThat(MaliciousPackages.isMalicious(record)).as(id).isFalse();
      List<String> aliases = new ArrayList<>();
      record.path("aliases").forEach(a -> aliases.add(a.asText()));
      assertThat(MaliciousPackages.isMalicious(id, aliases)).as(id).isFalse();
    }
    assertThat(MaliciousPackages.isMalicious((JsonNode) null)).isFalse();
    assertThat(MaliciousPackages.isMalicious(null, null)).isFalse();
    assertThat(MaliciousPackages.isMaliciousId("MALWARE-1")).isFalse();
  }

  @Test
  void shouldFlagExactlyTheMalRecordsOfTheSharedOsvDataAndTheRecordsThatAliasOne()
      throws IOException {
    Path dir = SharedData.require("osv");
    Set<String> flagged = new TreeSet<>();
    Set<String> malIds = new TreeSet<>();
    Set<String> aliasingMalware = new TreeSet<>();
    int records = 0;
    try (DirectoryStream<Path> zips = Files.newDirectoryStream(dir, "*.zip")) {
      for (Path zip : zips) {
        try (ZipFile z = new ZipFile(zip.toFile())) {
          Enumeration<? extends ZipEntry> entries = z.entries();
          while (entries.hasMoreElements()) {
            ZipEntry e = entries.nextElement();
            if (!e.getName().endsWith(".json")) {
              continue;
            }
            JsonNode record;
            try (InputStream in = z.getInputStream(e)) {
              record = JSON.readTree(in);
            }
            records++;
            String id = record.path("id").asText();
            if (id.startsWith("MAL-")) {
              malIds.add(id);
            }
            if (record.path("aliases").toString().contains("\"MAL-")) {
              String summary = record.path("summary").asText();
              assertThat(summary).as(id).containsAnyOf("malware", "malicious");
              aliasingMalware.add(id);
            }
            if (MaliciousPackages.isMalicious(record)) {
              flagged.add(id);
            }
          }
        }
      }
    }
    // 11 MAL records in the shared data (MANIFEST: ossf/malicious-packages, 1 RubyGems + 10 npm),
    // and four advisories of other databases about malware that alias a MAL record
    assertThat(records).isGreaterThan(10_000);
    assertThat(malIds).hasSize(11);
    assertThat(aliasingMalware)
        .containsExactly(
            "GHSA-4x49-vf9v-38px", // debug@4.4.2 contains malware after npm account takeover
            "GHSA-5fvm-p68v-5wmh", // color-name@2.0.1 contains malware after npm account takeover
            "RUSTSEC-2022-0042", // malicious crate rustdecimal
            "RUSTSEC-2025-0154"); // replit_ruspty removed from crates.io for malicious code
    Set<String> expected = new TreeSet<>(malIds);
    expected.addAll(aliasingMalware);
    assertThat(flagged).isEqualTo(expected);
  }

  private static JsonNode fixture(String id) throws IOException {
    try (InputStream in =
        MaliciousPackagesTest.class.getResourceAsStream("/fixtures/osv/" + id + ".json")) {
      assertThat(in).as(id).isNotNull();
      return JSON.readTree(in);
    }
  }
}
