package io.vigil.advisories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.advisories.kev.KevCatalog;
import io.vigil.advisories.kev.KevDiff;
import io.vigil.events.v1.EnrichmentChange;
import io.vigil.events.v1.KevEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class KevTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  private static Map<String, KevEntry> published(List<KevEntry> entries) {
    Map<String, KevEntry> m = new HashMap<>();
    entries.forEach(e -> m.put(e.getCveId(), e));
    return m;
  }

  @Test
  void shouldReadEveryEntryOfTheSharedCatalogWithDatesAndRansomwareUse() throws Exception {
    byte[] json =
        Files.readAllBytes(
            Fixtures.sharedData().resolve("kev/known_exploited_vulnerabilities.json"));

    KevCatalog.Parsed p = KevCatalog.parse(json, NOW);

    assertThat(p.catalogVersion()).isEqualTo("2025.08.25");
    assertThat(p.entries()).hasSize(1404);
    assertThat(p.problems()).isEmpty();
    assertThat(p.entries().get(0).getCveId()).isEqualTo("CVE-2025-48384");
    assertThat(p.entries().get(0).getDateAdded()).isEqualTo(LocalDate.parse("2025-08-25"));
    assertThat(p.entries().get(0).getDueDate()).isEqualTo(LocalDate.parse("2025-09-15"));
    assertThat(p.entries().get(0).getKnownRansomwareCampaignUse()).isEqualTo("Unknown");
  }

  @Test
  void shouldMarkEveryEntryAddedWhenNothingWasPublishedBefore() throws Exception {
    KevCatalog.Parsed p = KevCatalog.parse(Fixtures.bytes("kev/kev-first20.json"), NOW);

    List<KevEntry> diff = KevDiff.diff(Map.of(), p.entries(), p.catalogVersion(), NOW);

    assertThat(diff)
        .hasSize(20)
        .allSatisfy(e -> assertThat(e.getChange()).isEqualTo(EnrichmentChange.ADDED));
  }

  @Test
  void shouldEmitOnlyAddedUpdatedAndRemovedWhenTheCatalogChanges() throws Exception {
    KevCatalog.Parsed v1 = KevCatalog.parse(Fixtures.bytes("kev/kev-first20.json"), NOW);
    Map<String, KevEntry> previous = published(KevDiff.diff(Map.of(), v1.entries(), "v1", NOW));
    String json = new String(Fixtures.bytes("kev/kev-first20.json"), StandardCharsets.UTF_8);
    String first = v1.entries().get(0).getCveId();
    String second = v1.entries().get(1).getCveId();
    // v2: the first entry's ransomware use changes, the second leaves, a new one arrives
    var root =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    var vulns = (com.fasterxml.jackson.databind.node.ArrayNode) root.get("vulnerabilities");
    ((com.fasterxml.jackson.databind.node.ObjectNode) vulns.get(0))
        .put("knownRansomwareCampaignUse", "Known");
    vulns.remove(1);
    var added = vulns.addObject();
    added.put("cveID", "CVE-2099-0001");
    added.put("dateAdded", "2099-01-01");
    root.put("count", vulns.size());
    root.put("catalogVersion", "v2");
    KevCatalog.Parsed v2 = KevCatalog.parse(root.toString().getBytes(StandardCharsets.UTF_8), NOW);

    List<KevEntry> diff = KevDiff.diff(previous, v2.entries(), v2.catalogVersion(), NOW);

    Map<String, EnrichmentChange> changes =
        diff.stream().collect(Collectors.toMap(KevEntry::getCveId, KevEntry::getChange));
    assertThat(changes)
        .containsOnly(
            Map.entry(first, EnrichmentChange.UPDATED),
            Map.entry(second, EnrichmentChange.REMOVED),
            Map.entry("CVE-2099-0001", EnrichmentChange.ADDED));
  }

  @Test
  void shouldEmitNothingWhenOnlyTheCatalogVersionChanges() throws Exception {
    KevCatalog.Parsed v1 = KevCatalog.parse(Fixtures.bytes("kev/kev-first20.json"), NOW);
    Map<String, KevEntry> previous = published(KevDiff.diff(Map.of(), v1.entries(), "v1", NOW));

    assertThat(KevDiff.diff(previous, v1.entries(), "v9", NOW.plusSeconds(60))).isEmpty();
  }

  @Test
  void shouldAddAgainWhenARemovedCveReturns() throws Exception {
    KevCatalog.Parsed v1 = KevCatalog.parse(Fixtures.bytes("kev/kev-first20.json"), NOW);
    Map<String, KevEntry> previous = published(KevDiff.diff(Map.of(), v1.entries(), "v1", NOW));
    KevEntry first = v1.entries().get(0);
    previous.put(
        first.getCveId(), KevEntry.newBuilder(first).setChange(EnrichmentChange.REMOVED).build());

    assertThat(KevDiff.diff(previous, v1.entries(), "v2", NOW))
        .singleElement()
        .satisfies(e -> assertThat(e.getChange()).isEqualTo(EnrichmentChange.ADDED));
  }

  @Test
  void shouldRefuseATruncatedCatalogInsteadOfRemovingEverything() {
    String json = "{\"catalogVersion\":\"x\",\"count\":1404,\"vulnerabilities\":[]}";

    assertThatThrownBy(() -> KevCatalog.parse(json.getBytes(StandardCharsets.UTF_8), NOW))
        .isInstanceOf(KevCatalog.InvalidCatalogException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void shouldReportAnEntryWithoutCveIdAndKeepTheRest() throws Exception {
    String json =
        "{\"catalogVersion\":\"x\",\"count\":2,\"vulnerabilities\":["
            + "{\"cveID\":\"CVE-2024-1\",\"dateAdded\":\"2024-01-02\"},"
            + "{\"dateAdded\":\"2024-01-02\"}]}";

    KevCatalog.Parsed p = KevCatalog.parse(json.getBytes(StandardCharsets.UTF_8), NOW);

    assertThat(p.entries()).extracting(KevEntry::getCveId).containsExactly("CVE-2024-1");
    assertThat(p.problems())
        .singleElement()
        .satisfies(x -> assertThat(x.reason()).contains("$.vulnerabilities[1].cveID"));
  }
}
