package io.vigil.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.Feed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * {@code Advisory.malicious} on the real records of the shared data set: the
 * ossf/malicious-packages records (OSV {@code MAL-} ids, re-served by osv.dev) among the npm and
 * RubyGems GHSA records.
 */
class MaliciousAdvisoryTest {
  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every record of a shared OSV zip, by file name. */
  private static Map<String, byte[]> records(String zip) throws Exception {
    Path p = Fixtures.sharedData().resolve("osv").resolve(zip);
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (ZipFile z = new ZipFile(p.toFile())) {
      for (ZipEntry e : z.stream().toList()) {
        if (!e.isDirectory() && e.getName().endsWith(".json")) {
          try (var in = z.getInputStream(e)) {
            out.put(e.getName().substring(e.getName().lastIndexOf('/') + 1), in.readAllBytes());
          }
        }
      }
    }
    return out;
  }

  private static Advisory normalize(byte[] raw, String name) throws Exception {
    return OsvNormalizer.normalize(raw, Feed.OSV, name, NOW);
  }

  @Test
  void shouldFlagExactlyTheMaliciousPackageRecordsAndTheAdvisoriesThatAliasThem() throws Exception {
    // given the shared npm and RubyGems records; counted independently of the rule: files named
    // MAL-*, and the other records whose raw text lists a "MAL-" alias
    Map<String, byte[]> all = new LinkedHashMap<>(records("npm.zip"));
    all.putAll(records("RubyGems.zip"));
    TreeSet<String> expected = new TreeSet<>();
    for (var e : all.entrySet()) {
      String text = new String(e.getValue(), StandardCharsets.UTF_8);
      if (e.getKey().startsWith("MAL-") || text.contains("\"MAL-")) {
        expected.add(e.getKey());
      }
    }
    assertThat(expected.stream().filter(n -> n.startsWith("MAL-"))).hasSize(11);
    assertThat(expected).hasSize(13); // two GHSA malware advisories alias a MAL record

    // when every record is normalized
    TreeSet<String> flagged = new TreeSet<>();
    for (var e : all.entrySet()) {
      if (normalize(e.getValue(), e.getKey()).getMalicious()) {
        flagged.add(e.getKey());
      }
    }

    // then
    assertThat(flagged).isEqualTo(expected);
  }

  @Test
  void shouldFlagAMaliciousPackagesRecordByItsDatabaseSpecificWhenItsIdIsNotMal() throws Exception {
    // given real ossf/malicious-packages records re-published under another id, without the MAL
    // aliases (a mirror's own numbering): one with affected[].database_specific.source, one
    // (RubyGems) with only the top-level malicious-packages-origins
    byte[] npm = records("npm.zip").get("MAL-2023-462.json");
    byte[] gem = records("RubyGems.zip").get("MAL-2023-1426.json");
    for (byte[] raw : new byte[][] {npm, gem}) {
      ObjectNode r = (ObjectNode) JSON.readTree(raw);
      assertThat(r.path("database_specific").has("malicious-packages-origins")).isTrue();
      r.put("id", "MIRROR-2023-0001");
      r.putArray("aliases");

      // when
      Advisory a = normalize(JSON.writeValueAsBytes(r), "mirror.json");

      // then
      assertThat(a.getId()).isEqualTo("MIRROR-2023-0001");
      assertThat(a.getMalicious()).isTrue();
    }

    // and the npm record flagged by its affected source alone (origins removed too)
    ObjectNode sourceOnly = (ObjectNode) JSON.readTree(npm);
    sourceOnly.put("id", "MIRROR-2023-0002");
    sourceOnly.putArray("aliases");
    ((ObjectNode) sourceOnly.path("database_specific")).remove("malicious-packages-origins");
    JsonNode source = sourceOnly.path("affected").path(0).path("database_specific").path("source");
    assertThat(source.asText()).contains("github.com/ossf/malicious-packages");
    assertThat(normalize(JSON.writeValueAsBytes(sourceOnly), "mirror.json").getMalicious())
        .isTrue();
  }

  @Test
  void shouldNotFlagAMalwareAdvisoryWithoutAMaliciousPackagesMarker() throws Exception {
    // given a real GHSA malware advisory (CWE-506) with its MAL alias taken away: CWE-506 alone
    // also names backdoored releases fixed later, so it is not enough
    ObjectNode r = (ObjectNode) JSON.readTree(records("npm.zip").get("GHSA-4x49-vf9v-38px.json"));
    assertThat(r.path("database_specific").path("cwe_ids").toString()).contains("CWE-506");
    r.putArray("aliases").add("CVE-2025-59144");

    // when
    Advisory a = normalize(JSON.writeValueAsBytes(r), "ghsa.json");

    // then
    assertThat(a.getMalicious()).isFalse();
  }
}
