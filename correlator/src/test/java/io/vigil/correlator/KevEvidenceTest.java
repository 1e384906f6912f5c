package io.vigil.correlator;

import static io.vigil.correlator.RemediationClocksTest.day;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.remediation.SlaPolicy;
import io.vigil.correlator.evidence.KevEvidence;
import io.vigil.correlator.evidence.KevEvidenceRender;
import io.vigil.events.v1.AnalysisScope;
import io.vigil.events.v1.AnalysisScopeKind;
import io.vigil.events.v1.AnalysisSource;
import io.vigil.events.v1.AnalysisState;
import io.vigil.events.v1.ExposureAnalysis;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.events.v1.VexJustification;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evidence for a KEV vulnerability from a month of exposure events (the history: found,
 * decided, fixed) and from the correlator's current state merged over partitions, in JSON, Markdown
 * and CSV.
 */
class KevEvidenceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SlaPolicy NO_SSVC = new SlaPolicy(7, 30, 90, 180, 180, 0, 0, true);
  @TempDir Path state;

  /** The month's events, plus a third project that decided on day 5 it is not affected. */
  private List<ExposureEvent> history(List<ExposureEvent> month) {
    List<ExposureEvent> events = new ArrayList<>(month);
    ExposureEvent billingNew =
        month.stream()
            .filter(e -> e.getProject().equals("billing") && e.getType() == ExposureType.NEW)
            .findFirst()
            .orElseThrow();
    ExposureEvent docsNew =
        ExposureEvent.newBuilder(billingNew)
            .setProjectId("docs")
            .setProject("docs")
            .setExposureId("docs-exposure")
            .build();
    ExposureAnalysis notAffected =
        ExposureAnalysis.newBuilder()
            .setKey("k1")
            .setVulnerabilityId("CVE-2021-44228")
            .setScope(
                AnalysisScope.newBuilder()
                    .setKind(AnalysisScopeKind.PROJECT)
                    .setProject("docs")
                    .build())
            .setState(AnalysisState.NOT_AFFECTED)
            .setJustification(VexJustification.VULNERABLE_CODE_NOT_IN_EXECUTE_PATH)
            .setResponses(List.of())
            .setDetail("JNDI lookups disabled")
            .setAuthor("security-team")
            .setSource(AnalysisSource.MANUAL)
            .setDecidedAt(day(5))
            .build();
    events.add(docsNew);
    events.add(
        ExposureEvent.newBuilder(docsNew)
            .setType(ExposureType.SUPPRESSED)
            .setAnalysis(notAffected)
            .setTriggeredAt(day(5))
            .build());
    return events;
  }

  @Test
  void shouldSayForEachProductWhenItWasFoundDecidedAndFixedAgainstTheKevDueDate() throws Exception {
    List<ExposureEvent> month;
    List<ExposureEvent> open;
    try (CorrelatorDriver d =
        new CorrelatorDriver(state, CorrelatorConfig.defaults(), Correlation.Probe.NONE)) {
      month = RemediationClocksTest.month(d);
      open = RemediationClocksTest.stored(d);
    }
    KevEvidence fold = new KevEvidence("cve-2021-44228", NO_SSVC, day(30));
    history(month).forEach(fold::add);

    JsonNode answer = fold.answer();

    assertThat(answer.path("vulnerability").asText()).isEqualTo("CVE-2021-44228");
    assertThat(answer.path("kev").path("dueDate").asText()).isEqualTo("2021-12-24");
    JsonNode summary = answer.path("summary");
    assertThat(summary.path("products").asInt()).isEqualTo(3);
    assertThat(summary.path("open").asInt()).isEqualTo(1);
    assertThat(summary.path("suppressed").asInt()).isEqualTo(1);
    assertThat(summary.path("fixed").asInt()).isEqualTo(1);
    assertThat(summary.path("late").asInt())
        .as("shop fixed on day 20, billing still open")
        .isEqualTo(2);
    List<JsonNode> rows = new ArrayList<>();
    answer.path("affected").forEach(rows::add);
    assertThat(rows)
        .extracting(r -> r.path("project").asText())
        .containsExactly("billing", "docs", "shop");
    JsonNode billing = rows.get(0);
    JsonNode docs = rows.get(1);
    JsonNode shop = rows.get(2);
    assertThat(billing.path("status").asText()).isEqualTo("OPEN");
    assertThat(billing.path("withinDeadline").asBoolean()).isFalse();
    assertThat(billing.path("dueAt").asText()).isEqualTo("2021-12-25T00:00:00Z");
    assertThat(docs.path("status").asText()).isEqualTo("SUPPRESSED");
    assertThat(docs.path("decision").path("state").asText()).isEqualTo("NOT_AFFECTED");
    assertThat(docs.path("decision").path("decidedAt").asText()).isEqualTo(day(5).toString());
    assertThat(docs.path("withinDeadline").asBoolean()).as("decided on day 5").isTrue();
    assertThat(shop.path("status").asText()).isEqualTo("FIXED");
    assertThat(shop.path("fixedAt").asText()).isEqualTo(day(20).toString());
    assertThat(shop.path("withinDeadline").asBoolean()).isFalse();
    assertThat(shop.path("firstSeenAt").asText())
        .isEqualTo(month.get(0).getFirstSeenAt().toString());
    assertThat(shop.path("version").asText()).isEqualTo("2.14.1");

    String csv = KevEvidenceRender.csv(answer);
    assertThat(csv.split("\r\n")).hasSize(4);
    assertThat(csv).startsWith(String.join(",", KevEvidenceRender.COLUMNS) + "\r\n");
    assertThat(csv)
        .contains(
            "CVE-2021-44228,shop,,team-shop,pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1,2.14.1,"
                + "UNKNOWN,,2021-12-10T12:00:00Z,FIXED,,,,2021-12-30T00:00:00Z,2.15.0,"
                + "2021-12-25T00:00:00Z,false,2021-12-30T00:00:00Z\r\n");
    assertThat(KevEvidenceRender.markdown(answer))
        .startsWith(
            "# Evidence for CVE-2021-44228\n\nIn CISA KEV since 2021-12-10, due 2021-12-24;"
                + " known ransomware use: Known.\n")
        .contains(
            "3 products affected (3 components): 1 open, 1 decided not affected, 1 fixed;"
                + " 2 past the due date.")
        .contains("| docs |");

    // the current state (open exposures only), folded per partition and merged from JSON
    KevEvidence merged = new KevEvidence("CVE-2021-44228", NO_SSVC, day(30));
    for (ExposureEvent e : open) {
      KevEvidence part = new KevEvidence("CVE-2021-44228", NO_SSVC, day(30));
      part.add(e);
      merged.merge(JSON.readTree(part.partial().toString()));
    }
    JsonNode now = merged.answer();
    assertThat(now.path("summary").path("open").asInt()).isEqualTo(1);
    assertThat(now.path("affected").get(0)).isEqualTo(billing);
    assertThat(new KevEvidence("CVE-2020-0001", NO_SSVC, day(30)).answer().path("affected"))
        .isEmpty();
  }

  @Test
  void shouldKeepTheFixedProductsInTheExportFromTheResolvedExposuresStore() {
    List<ExposureEvent> month;
    List<ExposureEvent> resolved = new ArrayList<>();
    List<ExposureEvent> current;
    try (CorrelatorDriver d =
        new CorrelatorDriver(state, CorrelatorConfig.defaults(), Correlation.Probe.NONE)) {
      month = RemediationClocksTest.month(d);
      KeyValueStore<String, ExposureEvent> store =
          d.store(CorrelatorTopology.RESOLVED_EXPOSURES_STORE);
      try (KeyValueIterator<String, ExposureEvent> it = store.all()) {
        it.forEachRemaining(kv -> resolved.add(kv.value));
      }
      current = RemediationClocksTest.stored(d);
    }
    assertThat(resolved)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getProject()).isEqualTo("shop");
              assertThat(e.getType()).isEqualTo(ExposureType.RESOLVED);
              assertThat(e.getEventId()).isEqualTo(month.get(month.size() - 1).getEventId());
            });

    // what KevEvidenceRoutes folds per partition: the resolved exposures, then the current state
    KevEvidence fold = new KevEvidence("CVE-2021-44228", NO_SSVC, day(30));
    resolved.forEach(fold::add);
    current.forEach(fold::add);
    JsonNode answer = fold.answer();

    assertThat(answer.path("summary").path("open").asInt()).isEqualTo(1);
    assertThat(answer.path("summary").path("fixed").asInt()).isEqualTo(1);
    List<JsonNode> rows = new ArrayList<>();
    answer.path("affected").forEach(rows::add);
    assertThat(rows)
        .extracting(
            r ->
                r.path("project").asText()
                    + " "
                    + r.path("status").asText()
                    + " "
                    + r.path("resolvedAt").asText(null)
                    + " "
                    + r.path("firstSeenAt").asText())
        .containsExactly(
            "billing OPEN null " + month.get(1).getFirstSeenAt(),
            "shop FIXED " + day(20) + " " + month.get(0).getFirstSeenAt());
    assertThat(rows.get(1).path("fixedAt").asText()).isEqualTo(day(20).toString());
    assertThat(rows.get(1).path("withinDeadline").asBoolean()).as("fixed after 12-24").isFalse();

    assertThat(KevEvidenceRender.markdown(answer))
        .contains("| Resolved |")
        .contains("| FIXED |  | " + day(20) + " | 2021-12-25T00:00:00Z | **no** |")
        .contains("2 products affected (2 components): 1 open, 0 decided not affected, 1 fixed");
    assertThat(KevEvidenceRender.csv(answer).split("\r\n"))
        .hasSize(3)
        .anySatisfy(
            line ->
                assertThat(line).startsWith("CVE-2021-44228,shop,").endsWith(",false," + day(20)));
  }
}
