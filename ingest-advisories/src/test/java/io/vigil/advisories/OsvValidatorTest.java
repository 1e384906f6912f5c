package io.vigil.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class OsvValidatorTest {
  private final OsvValidator validator = new OsvValidator();

  private JsonNode tree(String resource) throws Exception {
    return OsvNormalizer.parse(Fixtures.bytes(resource));
  }

  @Test
  void shouldAcceptRawAndServedGhsaGoAndSuseRecordsWhenTheyFollowTheSchema() throws Exception {
    for (String r :
        List.of(
            "osv/GHSA-jfh8-c2jp-5v3q.json",
            "osv/GHSA-29mw-wpgm-hmr9.json",
            "osv/GHSA-j3f7-7rmc-6wqj.json",
            "osv/GO-2020-0005.json",
            "osv/GO-2022-0617.json",
            "osv/SUSE-SU-2023_3313-1.json")) {
      assertThat(validator.violations(tree(r))).as(r).isNull();
    }
  }

  @Test
  void shouldRejectThePysecRecordWithTheJsonPathOfTheBadEvent() throws Exception {
    String reason = validator.violations(tree("osv/PYSEC-2021-371.json"));

    assertThat(reason).startsWith("fails the OSV schema").contains("/affected/0/ranges/0/events");
  }

  @Test
  void shouldFindExactlyTheKnownInvalidRecordsInTheSharedOsvData() throws Exception {
    Path osv = Fixtures.sharedData().resolve("osv");
    TreeMap<String, String> invalid = new TreeMap<>();
    int[] total = {0};
    List<Path> zips;
    try (Stream<Path> s = Files.list(osv)) {
      zips = s.filter(p -> p.toString().endsWith(".zip")).sorted().toList();
    }
    for (Path zip : zips) {
      OsvSource.forEach(
          zip,
          n -> true,
          r -> {
            total[0]++;
            try {
              String v = validator.violations(OsvNormalizer.parse(r.bytes()));
              if (v != null) {
                invalid.put(OsvNormalizer.parse(r.bytes()).path("id").asText(), v);
              }
            } catch (OsvNormalizer.InvalidRecordException e) {
              invalid.put(r.location(), e.getMessage());
            }
          });
    }
    List<String> ids = new ArrayList<>(invalid.keySet());

    assertThat(total[0]).isEqualTo(11773);
    assertThat(ids).hasSize(8);
    assertThat(ids.stream().filter(i -> i.startsWith("PYSEC-")).count()).isEqualTo(5);
    assertThat(ids).contains("PYSEC-2019-155", "PYSEC-2021-371", "UBUNTU-CVE-2025-6297");
  }
}
