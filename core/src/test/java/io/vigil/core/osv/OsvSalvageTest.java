package io.vigil.core.osv;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class OsvSalvageTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String s) throws Exception {
    return JSON.readTree(s.replace('\'', '"'));
  }

  private static final String HEAD = "'id': 'PYSEC-1', 'modified': '2021-11-16T03:58:44.571857Z', ";

  @Test
  void shouldUseTheSameRecordWhenNothingIsUnusable() throws Exception {
    JsonNode r =
        json(
            "{"
                + HEAD
                + "'affected': [{'package': {'ecosystem': 'PyPI', 'name': 'a'},"
                + " 'ranges': [{'type': 'ECOSYSTEM', 'events': [{'introduced': '0'}, {'fixed': '1.0'}]}]}]}");

    OsvSalvage.Result s = OsvSalvage.salvage(r);

    assertThat(s.usable()).isTrue();
    assertThat(s.dropped()).isEmpty();
    assertThat(s.record()).isSameAs(r);
  }

  @Test
  void shouldKeepAGitRangeWithAnAbbreviatedCommitAndAPatchSuffixWhenOsvScannerReadsThem()
      throws Exception {
    // PYSEC-2021-425 (fixed: cb35df940a) and PYSEC-2017-27 (fixed: <commit>.patch) fail the OSV
    // schema's full-hash pattern; osv.dev serves them and osv-scanner matches their ECOSYSTEM range
    JsonNode r =
        json(
            "{"
                + HEAD
                + "'affected': [{'package': {'ecosystem': 'PyPI', 'name': 'matrix-synapse'},"
                + " 'ranges': [{'type': 'GIT', 'repo': 'https://github.com/matrix-org/synapse',"
                + "   'events': [{'introduced': '0'}, {'fixed': 'cb35df940a'}, {'fixed': 'b27f38a6.patch'}]},"
                + "  {'type': 'ECOSYSTEM', 'events': [{'introduced': '0'}, {'fixed': '1.41.1'}]}]}]}");

    OsvSalvage.Result s = OsvSalvage.salvage(r);

    assertThat(s.dropped()).isEmpty();
    assertThat(s.record()).isSameAs(r);
  }

  @Test
  void shouldDropASeverityWithoutTypeWithItsJsonPath() throws Exception {
    // UBUNTU-CVE-2025-6297: severity [{CVSS_V3 ...}, {"score": "low"}]
    JsonNode r =
        json(
            "{"
                + HEAD
                + "'severity': [{'type': 'CVSS_V3', 'score': 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:L/A:N'},"
                + " {'score': 'low'}]}");

    OsvSalvage.Result s = OsvSalvage.salvage(r);

    assertThat(s.dropped()).containsExactly(new OsvSalvage.Dropped("/severity/1", "has no type"));
    assertThat(s.record().path("severity")).hasSize(1);
    assertThat(r.path("severity")).as("the input is never changed").hasSize(2);
  }

  @Test
  void shouldDropOnlyTheBrokenRangeAndKeepTheEcosystemRange() throws Exception {
    JsonNode r =
        json(
            "{"
                + HEAD
                + "'affected': [{'package': {'ecosystem': 'PyPI', 'name': 'a'},"
                + " 'ranges': [{'events': [{'introduced': '0'}, {'fixed': '2'}]},"
                + "  {'type': 'ECOSYSTEM', 'events': [{'introduced': '0'}, {'fixed': '1.0', 'introduced': '0.5'}]},"
                + "  {'type': 'ECOSYSTEM', 'events': [{'introduced': '0'}, {'fixed': '3.0'}]}]}]}");

    OsvSalvage.Result s = OsvSalvage.salvage(r);

    assertThat(s.dropped())
        .extracting(OsvSalvage.Dropped::path)
        .containsExactly("/affected/0/ranges/0", "/affected/0/ranges/1");
    assertThat(s.dropped().get(1).reason()).contains("more than one");
    assertThat(s.record().at("/affected/0/ranges")).hasSize(1);
    assertThat(s.record().at("/affected/0/ranges/0/events/1/fixed").asText()).isEqualTo("3.0");
  }

  @Test
  void shouldPruneEveryDroppedPartWhenDropsShiftArrayIndexes() throws Exception {
    JsonNode r =
        json(
            "{"
                + HEAD
                + "'aliases': ['CVE-1', 5, 'CVE-2', null],"
                + "'affected': ['not an entry',"
                + " {'package': {'ecosystem': 'npm', 'name': 'b'},"
                + "  'ranges': [{'type': 'FOO', 'events': [{'introduced': '0'}]},"
                + "   {'type': 'SEMVER', 'events': [{'introduced': '0'}, {'fixed': '1.0.0'}]}],"
                + "  'versions': ['0.1.0', 7]}]}");

    OsvSalvage.Result s = OsvSalvage.salvage(r);

    assertThat(s.dropped())
        .extracting(OsvSalvage.Dropped::path)
        .containsExactly(
            "/aliases/1",
            "/aliases/3",
            "/affected/0",
            "/affected/1/versions/1",
            "/affected/1/ranges/0");
    assertThat(s.record().path("aliases").toString()).isEqualTo("[\"CVE-1\",\"CVE-2\"]");
    assertThat(s.record().path("affected")).hasSize(1);
    assertThat(s.record().at("/affected/0/package/name").asText()).isEqualTo("b");
    assertThat(s.record().at("/affected/0/ranges")).hasSize(1);
    assertThat(s.record().at("/affected/0/ranges/0/type").asText()).isEqualTo("SEMVER");
    assertThat(s.record().at("/affected/0/versions").toString()).isEqualTo("[\"0.1.0\"]");
  }

  @Test
  void shouldRefuseARecordWhoseAffectedEntriesAreAllUnusable() throws Exception {
    // GHSA-fv66-9v8q-g76r (a trimmed test copy) has a range without type, its only entry
    JsonNode r =
        json(
            "{"
                + HEAD
                + "'affected': [{'package': {'ecosystem': 'npm', 'name': 'x'},"
                + " 'ranges': [{'events': [{'introduced': '19.0.0'}, {'fixed': '19.0.1'}]}]}]}");

    OsvSalvage.Result s = OsvSalvage.salvage(r);

    assertThat(s.usable()).isFalse();
    assertThat(s.unusable())
        .startsWith("no usable affected[] entry")
        .contains("/affected/0/ranges/0: has no type")
        .contains("/affected/0: no usable range and no version left");
  }

  @Test
  void shouldPublishAWithdrawalEvenWhenItsEntriesAreUnusable() throws Exception {
    JsonNode r =
        json(
            "{"
                + HEAD
                + "'withdrawn': '2022-01-01T00:00:00Z', 'affected': [{'package': 'npm/x'}]}");

    OsvSalvage.Result s = OsvSalvage.salvage(r);

    assertThat(s.usable()).isTrue();
    assertThat(s.record().path("affected")).isEmpty();
  }

  @Test
  void shouldRefuseARecordWithoutIdOrModifiedOrWithAnUnreadableWithdrawal() throws Exception {
    assertThat(OsvSalvage.salvage(json("{'modified': '2021-01-01T00:00:00Z'}")).unusable())
        .isEqualTo("/id is missing");
    assertThat(OsvSalvage.salvage(json("{'id': 'GHSA-j5w5-568x-rq53'}")).unusable())
        .isEqualTo("/modified is missing");
    assertThat(
            OsvSalvage.salvage(json("{'id': 'X-1', 'modified': 'at 2023-01-01T00:00:00Z'}"))
                .unusable())
        .startsWith("/modified is not an RFC 3339 time");
    assertThat(OsvSalvage.salvage(json("{" + HEAD + "'withdrawn': 'soon'}")).unusable())
        .startsWith("/withdrawn is not an RFC 3339 time");
    assertThat(OsvSalvage.salvage(json("{" + HEAD + "'affected': {}}")).unusable())
        .isEqualTo("/affected is not an array");
    assertThat(OsvSalvage.salvage(json("[]")).unusable()).isEqualTo("not a JSON object");
  }

  @Test
  void shouldDropAnEventValueThatIsNotAStringBesideTheEventsOneKind() throws Exception {
    JsonNode r =
        json(
            "{"
                + HEAD
                + "'affected': [{'package': {'ecosystem': 'npm', 'name': 'x'},"
                + " 'ranges': [{'type': 'SEMVER', 'events': [{'introduced': '0', 'fixed': 2}]}]}]}");

    OsvSalvage.Result s = OsvSalvage.salvage(r);

    assertThat(s.dropped())
        .containsExactly(
            new OsvSalvage.Dropped("/affected/0/ranges/0/events/0/fixed", "is not a string"));
    assertThat(s.record().at("/affected/0/ranges/0/events/0").toString())
        .isEqualTo("{\"introduced\":\"0\"}");
  }

  @Test
  void shouldKeepAnEntryWithoutPackageWhenItHasOnlyGitRanges() throws Exception {
    // OSS-Fuzz records: affected[] entries with a GIT range and no package
    JsonNode r =
        json(
            "{"
                + HEAD
                + "'affected': [{'ranges': [{'type': 'GIT', 'repo': 'https://e.org/r',"
                + " 'events': [{'introduced': '"
                + "a".repeat(40)
                + "'}]}]}]}");

    assertThat(OsvSalvage.salvage(r).record()).isSameAs(r);
  }

  @Test
  void shouldDropAnUnreadablePublishedTimeAndWrongTypedTextFields() throws Exception {
    JsonNode r =
        json(
            "{"
                + HEAD
                + "'published': 'yesterday', 'summary': {}, 'details': 'd',"
                + " 'database_specific': 'x', 'references': [{'type': 'WEB'}, {'url': 'https://e.org'}]}");

    OsvSalvage.Result s = OsvSalvage.salvage(r);

    assertThat(s.dropped())
        .extracting(OsvSalvage.Dropped::path)
        .containsExactly("/published", "/summary", "/database_specific", "/references/0");
    assertThat(s.record().path("references")).hasSize(1);
    assertThat(s.record().has("details")).isTrue();
  }
}
