package io.vigil.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.advisories.nvd.NvdParser;
import io.vigil.advisories.nvd.RecordTrimmer;
import io.vigil.events.v1.CpeMatch;
import io.vigil.events.v1.CvssMetric;
import io.vigil.events.v1.NvdCve;
import io.vigil.schemas.TopicCatalog;
import io.vigil.schemas.serde.SerdeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class NvdParserTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldMapMetricsCweDescriptionAndFlattenedCpeConfigurations() throws Exception {
    JsonNode cve =
        JSON.readTree(Fixtures.bytes("nvd/CVE-2023-4863.json"))
            .path("vulnerabilities")
            .get(0)
            .path("cve");

    NvdCve n = NvdParser.parse(cve, NOW);

    assertThat(n.getCveId()).isEqualTo("CVE-2023-4863");
    assertThat(n.getMetrics())
        .anySatisfy(
            m -> {
              assertThat(m.getVersion()).isEqualTo("3.1");
              assertThat(m.getVector()).isEqualTo("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H");
              assertThat(m.getBaseScore()).isEqualTo(8.8);
              assertThat(m.getBaseSeverity()).isEqualTo("HIGH");
              assertThat(m.getPrimary()).isTrue();
            });
    assertThat(n.getCwes()).containsExactly("CWE-787");
    assertThat(n.getDescription()).isNotBlank();
    assertThat(n.getLastModified()).isNotNull();
    CpeMatch first = n.getCpeMatches().get(0);
    assertThat(first.getCriteria()).isEqualTo("cpe:2.3:a:google:chrome:*:*:*:*:*:*:*:*");
    assertThat(first.getVersionEndExcluding()).isEqualTo("116.0.5845.187");
    assertThat(first.getConfiguration()).isZero();
    assertThat(first.getNodeOperator()).isEqualTo("OR");
    assertThat(n.getCpeMatches()).extracting(CpeMatch::getConfiguration).contains(1, 2);
  }

  @Test
  void shouldParseEverySharedNvdSampleWithAtLeastOneMetricOrStatus() throws Exception {
    Path nvd = Fixtures.sharedData().resolve("nvd");
    List<NvdCve> all = new ArrayList<>();
    try (Stream<Path> s = Files.walk(nvd)) {
      for (Path f : s.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        JsonNode root = JSON.readTree(f.toFile());
        if (root.has("vulnerabilities")) {
          for (JsonNode v : root.path("vulnerabilities")) {
            all.add(NvdParser.parse(v.path("cve"), NOW));
          }
        } else {
          all.add(NvdParser.parse(root.path("cve"), NOW));
        }
      }
    }

    assertThat(all).hasSizeGreaterThanOrEqualTo(25);
    assertThat(all).allSatisfy(c -> assertThat(c.getCveId()).startsWith("CVE-"));
    assertThat(all.stream().flatMap(c -> c.getMetrics().stream()).map(CvssMetric::getVersion))
        .contains("2.0", "3.1");
  }

  @Test
  void shouldTrimCpeMatchesFromTheEndWhenTheRecordIsAboveTheLimit() throws Exception {
    JsonNode cve =
        JSON.readTree(Fixtures.bytes("nvd/CVE-2023-4863.json"))
            .path("vulnerabilities")
            .get(0)
            .path("cve");
    NvdCve n = NvdParser.parse(cve, NOW);
    List<CpeMatch> many = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      many.add(CpeMatch.newBuilder(n.getCpeMatches().get(0)).setConfiguration(i).build());
    }
    NvdCve huge = NvdCve.newBuilder(n).setCpeMatches(many).build();
    var catalog = TopicCatalog.local();
    var serde = SerdeFactory.registryFree().value(catalog.nvd());

    NvdCve fitted = RecordTrimmer.fit(huge, 200_000, c -> serde.serialize("t", c).length);

    assertThat(serde.serialize("t", huge).length).isGreaterThan(200_000);
    assertThat(serde.serialize("t", fitted).length).isLessThanOrEqualTo(200_000);
    assertThat(fitted.getCpeMatchesOmitted()).isPositive();
    assertThat(fitted.getCpeMatches().size() + fitted.getCpeMatchesOmitted()).isEqualTo(20_000);
    assertThat(fitted.getCpeMatches()).isEqualTo(many.subList(0, fitted.getCpeMatches().size()));
    assertThat(fitted.getMetrics()).isEqualTo(n.getMetrics());
  }
}
