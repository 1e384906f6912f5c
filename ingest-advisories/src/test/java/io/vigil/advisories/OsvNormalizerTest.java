package io.vigil.advisories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.AffectedPackage;
import io.vigil.events.v1.Feed;
import io.vigil.events.v1.RangeType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.junit.jupiter.api.Test;

class OsvNormalizerTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  private static Advisory normalize(String resource) throws Exception {
    return OsvNormalizer.normalize(Fixtures.bytes(resource), Feed.OSV, resource, NOW);
  }

  @Test
  void shouldKeepTheGoPlaceholderModifiedAsEpochWhenTheRecordCarriesYearOne() throws Exception {
    // given a golang/vulndb record with "modified": "0001-01-01T00:00:00Z"
    assertThat(new String(Fixtures.bytes("osv/GO-2020-0005.json"), StandardCharsets.UTF_8))
        .contains("\"modified\": \"0001-01-01T00:00:00Z\"");

    Advisory a = normalize("osv/GO-2020-0005.json");

    assertThat(a.getId()).isEqualTo("GO-2020-0005");
    assertThat(a.getModified()).isEqualTo(Instant.EPOCH);
    assertThat(a.getAffected()).isNotEmpty();
    assertThat(a.getAffected().get(0).getPackageKey()).startsWith("Go/");
  }

  @Test
  void shouldKeepAColonInTheIdWhenTheFileNameHasAnUnderscore() throws Exception {
    Advisory a = normalize("osv/SUSE-SU-2023_3313-1.json");

    assertThat(a.getId()).isEqualTo("SUSE-SU-2023:3313-1");
    assertThat(a.getUpstream()).containsExactly("CVE-2023-21400");
    assertThat(a.getRelated()).containsExactly("CVE-2023-4004");
  }

  @Test
  void shouldSetWithdrawnWhenTheRecordIsWithdrawn() throws Exception {
    Advisory a = normalize("osv/GO-2022-0617.json");

    assertThat(a.getWithdrawn()).isNotNull();
  }

  @Test
  void shouldReadTheRawGhsaFormWithDatabaseSeverityAndVectors() throws Exception {
    Advisory a = normalize("osv/GHSA-jfh8-c2jp-5v3q.json");

    assertThat(a.getAliases()).contains("CVE-2021-44228");
    assertThat(a.getDatabaseSeverity()).isEqualTo("CRITICAL");
    assertThat(a.getSeverities())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getType()).isEqualTo("CVSS_V3");
              assertThat(s.getScore()).startsWith("CVSS:3.1/");
              assertThat(s.getBaseScore()).as("CVSS 3.1 base score from core").isEqualTo(10.0);
              assertThat(s.getRating()).isEqualTo("CRITICAL");
            });
    AffectedPackage log4j = a.getAffected().get(0);
    assertThat(log4j.getPackageKey()).isEqualTo("Maven/org.apache.logging.log4j:log4j-core");
    assertThat(log4j.getVersions()).as("raw GHSA form enumerates no versions").isEmpty();
    assertThat(log4j.getRanges().get(0).getType()).isEqualTo(RangeType.ECOSYSTEM);
    assertThat(a.getSource().getContentHash()).hasSize(64);
  }

  @Test
  void shouldReadTheOsvDevServedGhsaFormWithItsEnumeratedVersions() throws Exception {
    Advisory a = normalize("osv/GHSA-29mw-wpgm-hmr9.json");

    assertThat(a.getId()).isEqualTo("GHSA-29mw-wpgm-hmr9");
    assertThat(a.getAffected()).isNotEmpty();
    assertThat(a.getAffected()).anySatisfy(p -> assertThat(p.getVersions()).isNotEmpty());
    assertThat(a.getAffected())
        .extracting(AffectedPackage::getPackageKey)
        .contains("npm/lodash", "RubyGems/lodash-rails");
  }

  @Test
  void shouldTakeTheVectorFromAffectedDatabaseSpecificWhenAnOlderOsvDevExportHasNoTopLevelOne()
      throws Exception {
    // GHSA-j3f7 has a top-level severity; strip it to get the older export shape
    var tree = (ObjectNode) OsvNormalizer.parse(Fixtures.bytes("osv/GHSA-j3f7-7rmc-6wqj.json"));
    tree.remove("severity");

    Advisory a = OsvNormalizer.normalize(tree, Feed.OSV, "x", "00", NOW);

    assertThat(a.getSeverities())
        .singleElement()
        .satisfies(
            s ->
                assertThat(s.getScore()).isEqualTo("CVSS:3.1/AV:A/AC:H/PR:H/UI:R/S:U/C:H/I:H/A:H"));
  }

  @Test
  void shouldRejectARecordWithoutAnIdWithTheJsonPath() {
    assertThatThrownBy(
            () ->
                OsvNormalizer.normalize(
                    "{\"modified\":\"2024-01-01T00:00:00Z\"}".getBytes(StandardCharsets.UTF_8),
                    Feed.OSV,
                    "x",
                    NOW))
        .isInstanceOf(OsvNormalizer.InvalidRecordException.class)
        .hasMessageContaining("$.id");
  }

  @Test
  void shouldOmitDerivedVersionsOnlyWhereRangesDecide() throws Exception {
    Advisory served = normalize("osv/GHSA-29mw-wpgm-hmr9.json");

    Advisory trimmed = AdvisoryIngestor.omitDerivedVersions(served);

    for (int i = 0; i < served.getAffected().size(); i++) {
      AffectedPackage before = served.getAffected().get(i);
      AffectedPackage after = trimmed.getAffected().get(i);
      assertThat(after.getVersions()).isEmpty();
      assertThat(after.getVersionsOmitted()).isEqualTo(before.getVersions().size());
      assertThat(after.getRanges()).isEqualTo(before.getRanges());
    }
  }

  @Test
  void shouldParseTimesExactlyAsInstantParseWhenGivenOsvAndOddForms() {
    List<String> times =
        List.of(
            "2024-01-02T03:04:05Z",
            "0001-01-01T00:00:00Z",
            "2024-02-29T23:59:59Z",
            "2023-02-29T00:00:00Z",
            "2024-01-02T03:04:05.1Z",
            "2024-01-02T03:04:05.123456Z",
            "2024-01-02T03:04:05.123456789Z",
            "2024-01-02T03:04:05.1234567891Z",
            "2024-01-02T03:04:05.Z",
            "2024-01-02T03:04:60Z",
            "2024-01-02T24:00:00Z",
            "2024-13-02T03:04:05Z",
            "2024-00-10T03:04:05Z",
            "2024-04-31T03:04:05Z",
            "2024-01-02T03:04:05+01:00",
            "2024-01-02t03:04:05z",
            "2024-01-02 03:04:05Z",
            "+12024-01-02T03:04:05Z",
            "2024-1-02T03:04:05Z",
            "2024-01-02T03:04:05",
            "yesterday");
    for (String t : times) {
      Object expected;
      try {
        expected = Instant.parse(t);
      } catch (DateTimeParseException e) {
        expected = "error";
      }
      Object actual;
      try {
        actual = OsvNormalizer.parseInstant(t);
      } catch (DateTimeParseException e) {
        actual = "error";
      }

      assertThat(actual).as(t).isEqualTo(expected);
    }
  }
}
