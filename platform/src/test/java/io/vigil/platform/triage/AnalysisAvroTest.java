package io.vigil.platform.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.triage.Analysis;
import io.vigil.core.triage.AnalysisChange;
import io.vigil.core.triage.AnalysisScope;
import io.vigil.core.triage.AnalysisState;
import io.vigil.core.triage.BomRefMatcher;
import io.vigil.core.triage.CycloneDxJustification;
import io.vigil.core.triage.PurlPattern;
import io.vigil.core.triage.Response;
import io.vigil.core.vex.InvalidVexException;
import io.vigil.core.vex.VexImport;
import io.vigil.core.vex.VexParser;
import io.vigil.schemas.TopicCatalog;
import io.vigil.schemas.serde.SerdeFactory;
import io.vigil.testkit.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AnalysisAvroTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private static final TopicCatalog CATALOG = TopicCatalog.local();
  private static final SerdeFactory SERDES = SerdeFactory.registryFree();

  @Test
  void shouldCarryEveryFieldOfADecisionAcrossTheWire() {
    Analysis decision =
        Analysis.builder(
                AnalysisScope.component(
                    "shop", "1.4.0", PurlPattern.parse("pkg:maven/org.example/lib@1.0")),
                "GHSA-jfh8-c2jp-5v3q",
                AnalysisState.NOT_AFFECTED)
            .cycloneDxJustification(CycloneDxJustification.REQUIRES_CONFIGURATION)
            .responses(List.of(Response.WILL_NOT_FIX, Response.UPDATE))
            .detail("JNDI lookups are disabled")
            .actionStatement("keep log4j2.formatMsgNoLookups")
            .comment("checked by the platform team")
            .author("oncall")
            .sourceRef("ticket SEC-12")
            .decidedAt(NOW)
            .validUntil(NOW.plusSeconds(86_400))
            .build();

    Analysis back = wire(decision);

    assertThat(back).isEqualTo(decision);
    assertThat(AnalysisAvro.toAvro(decision).getKey()).isEqualTo(decision.key());
  }

  @Test
  void shouldCarryAPortfolioDecisionAndABomRefScopeAndAChangeWithItsPrevious() {
    Analysis portfolio =
        Analysis.builder(
                AnalysisScope.portfolio(
                    PurlPattern.parse("pkg:maven/org.apache.logging.log4j/log4j-core")),
                "CVE-2021-44228",
                AnalysisState.FALSE_POSITIVE)
            .author("security-team")
            .decidedAt(NOW)
            .build();
    Analysis byRef =
        Analysis.builder(
                AnalysisScope.component("shop", null, new BomRefMatcher("lib-1")),
                "CVE-2021-44228",
                AnalysisState.EXPLOITABLE)
            .author("oncall")
            .decidedAt(NOW)
            .build();
    Analysis replaced = byRef.toBuilder().state(AnalysisState.IN_TRIAGE).build();
    AnalysisChange change = AnalysisChange.set(replaced, byRef);
    var serde = SERDES.value(CATALOG.analysisHistory());

    var bytes = serde.serialize("t", AnalysisAvro.toAvro(change, "change-1"));
    var read = serde.deserialize("t", bytes);

    assertThat(wire(portfolio)).isEqualTo(portfolio);
    assertThat(read.getChangeId()).isEqualTo("change-1");
    assertThat(read.getKey()).isEqualTo(byRef.key());
    assertThat(AnalysisAvro.fromAvro(read)).isEqualTo(change);
  }

  @Test
  void shouldCarryEveryDecisionImportedFromTheSharedVexDocumentsAcrossTheWire() throws Exception {
    Path root = SharedData.require("vex", "AnalysisAvroTest");
    List<Path> files = new ArrayList<>();
    for (String dir : List.of("openvex", "csaf", "cyclonedx")) {
      try (Stream<Path> s = Files.list(root.resolve(dir))) {
        s.filter(Files::isRegularFile).sorted().forEach(files::add);
      }
    }
    int documents = 0;
    int decisions = 0;
    for (Path file : files) {
      try {
        var doc = VexParser.parse(Files.readAllBytes(file));
        for (VexImport.Target target :
            List.of(VexImport.Target.project("shop", "1.0"), VexImport.Target.portfolio())) {
          for (Analysis a : VexImport.analyses(doc, target, "importer", NOW).analyses()) {
            // the wire keeps milliseconds (timestamp-millis): OpenVEX timestamps have nanoseconds
            assertThat(wire(a))
                .as(file.getFileName() + " " + a.key())
                .isEqualTo(AnalysisAvro.onTheWire(a));
            assertThat(wire(a).decidedAt()).isEqualTo(a.decidedAt().truncatedTo(ChronoUnit.MILLIS));
            decisions++;
          }
        }
        documents++;
      } catch (InvalidVexException e) {
        // core's VexSharedCorpusTest says which documents are invalid and why
      }
    }

    assertThat(documents).isGreaterThan(50);
    assertThat(decisions).isGreaterThan(200);
  }

  @Test
  void shouldRefuseARecordWhoseKeyIsNotItsDecisionsKey() {
    Analysis decision =
        Analysis.builder(
                AnalysisScope.project("shop", null), "CVE-2021-44228", AnalysisState.NOT_AFFECTED)
            .author("oncall")
            .decidedAt(NOW)
            .build();
    var record = AnalysisAvro.toAvro(decision);

    assertThat(AnalysisAvro.fromAvro(decision.key(), record)).isEqualTo(decision);
    assertThatThrownBy(() -> AnalysisAvro.fromAvro("another-key", record))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'another-key'")
        .hasMessageContaining(decision.key());
  }

  @Test
  void shouldPutADecisionOnAnExposureAndSayWhetherItSuppresses() {
    Analysis notAffected =
        Analysis.builder(
                AnalysisScope.portfolio(
                    PurlPattern.parse("pkg:maven/org.apache.logging.log4j/log4j-core")),
                "CVE-2021-44228",
                AnalysisState.NOT_AFFECTED)
            .cycloneDxJustification(CycloneDxJustification.CODE_NOT_REACHABLE)
            .responses(List.of(Response.WILL_NOT_FIX))
            .author("security-team")
            .decidedAt(NOW)
            .build();
    Analysis inTriage = notAffected.toBuilder().state(AnalysisState.IN_TRIAGE).build();

    var onExposure = AnalysisAvro.onExposure(notAffected);

    assertThat(onExposure.getKey()).isEqualTo(notAffected.key());
    assertThat(onExposure.getScope().getComponent())
        .isEqualTo("pkg:maven/org.apache.logging.log4j/log4j-core");
    assertThat(onExposure.getState().name()).isEqualTo("NOT_AFFECTED");
    assertThat(onExposure.getResponses()).extracting(Enum::name).containsExactly("WILL_NOT_FIX");
    assertThat(onExposure.getDecidedAt()).isEqualTo(NOW);
    assertThat(AnalysisAvro.suppresses(onExposure)).isTrue();
    assertThat(AnalysisAvro.suppresses(AnalysisAvro.onExposure(inTriage))).isFalse();
    assertThat(AnalysisAvro.suppresses(null)).isFalse();
  }

  private static Analysis wire(Analysis a) {
    var serde = SERDES.value(CATALOG.analyses());
    return AnalysisAvro.fromAvro(
        serde.deserialize("t", serde.serialize("t", AnalysisAvro.toAvro(a))));
  }
}
