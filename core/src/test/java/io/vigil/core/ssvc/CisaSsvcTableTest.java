package io.vigil.core.ssvc;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.project.Criticality;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The code against the published tables (src/test/resources/ssvc, provenance in PROVENANCE.md):
 * every combination of the inputs, looked up in the table, never computed by the code under test.
 */
class CisaSsvcTableTest {

  @Test
  void everyCombinationOfTheFourDecisionPointsDecidesAsThePublishedCisaTable() throws IOException {
    List<String[]> rows = csv("cisa_coordinator_2_0_3.csv");
    assertThat(rows).hasSize(36);
    Map<String, String> table = new HashMap<>();
    for (String[] row : rows) {
      String key = row[1] + "|" + row[2] + "|" + row[3] + "|" + row[4];
      assertThat(table.put(key, row[5])).as("duplicate row %s", key).isNull();
    }

    int checked = 0;
    for (Exploitation e : Exploitation.values()) {
      for (Automatable a : Automatable.values()) {
        for (TechnicalImpact t : TechnicalImpact.values()) {
          for (MissionWellbeing m : MissionWellbeing.values()) {
            String key = e.label() + "|" + a.label() + "|" + t.label() + "|" + m.label();
            String published = table.get(key);
            assertThat(published).as("the table has a row for %s", key).isNotNull();
            assertThat(CisaSsvc.decide(e, a, t, m).label().toLowerCase(java.util.Locale.ROOT))
                .as("decision for %s", key)
                .isEqualTo(published);
            checked++;
          }
        }
      }
    }
    assertThat(checked).isEqualTo(table.size());
  }

  @Test
  void everyOutcomeOfTheTableIsOneOfOursByLabel() throws IOException {
    Set<String> published = new HashSet<>();
    csv("cisa_coordinator_2_0_3.csv").forEach(r -> published.add(r[5]));
    Set<String> ours = new HashSet<>();
    for (SsvcOutcome o : SsvcOutcome.values()) {
      ours.add(o.label().toLowerCase(java.util.Locale.ROOT));
      assertThat(SsvcOutcome.parse(o.label())).contains(o);
      assertThat(SsvcOutcome.parse(o.name())).contains(o);
    }
    assertThat(ours).isEqualTo(published);
  }

  @Test
  void missionAndWellbeingIsTable8OfTheGuideForEveryPrevalenceAndWellbeing() throws IOException {
    List<String[]> rows = csv("cisa_mission_wellbeing_table8.csv");
    assertThat(rows).hasSize(9);
    Map<String, String> table = new HashMap<>();
    rows.forEach(r -> table.put(r[0] + "|" + r[1], r[2]));
    Map<Criticality, String> prevalence =
        Map.of(
            Criticality.MINIMAL, "minimal",
            Criticality.SUPPORT, "support",
            Criticality.MISSION_ESSENTIAL, "essential");
    for (Criticality c : Criticality.values()) {
      for (PublicWellbeing w : PublicWellbeing.values()) {
        String key = prevalence.get(c) + "|" + w.label();
        assertThat(CisaSsvc.missionWellbeing(c, w).label()).as(key).isEqualTo(table.get(key));
      }
    }
  }

  @Test
  void technicalImpactIsCertCcsCvssV4MappingForEveryPrivilegeConfidentialityAndIntegrity()
      throws IOException {
    List<String[]> rows = csv("cvssv4_to_technical_impact_1_0_0.csv");
    assertThat(rows).hasSize(27);
    Map<String, String> letter = Map.of("none", "N", "low", "L", "high", "H");
    Set<String> seen = new HashSet<>();
    for (String[] r : rows) {
      String pr = letter.get(r[1]);
      String vc = letter.get(r[2]);
      String vi = letter.get(r[3]);
      assertThat(seen.add(pr + vc + vi)).isTrue();
      String vector =
          "CVSS:4.0/AV:L/AC:H/AT:P/PR:"
              + pr
              + "/UI:A/VC:"
              + vc
              + "/VI:"
              + vi
              + "/VA:N/SC:N/SI:N/SA:N";
      assertThat(Ssvc.technicalImpact(CvssVector.parse(vector).orElseThrow()).label())
          .as("PR:%s VC:%s VI:%s", pr, vc, vi)
          .isEqualTo(r[4]);
      String v3 = "CVSS:3.1/AV:L/AC:H/PR:" + pr + "/UI:R/S:U/C:" + vc + "/I:" + vi + "/A:N";
      assertThat(Ssvc.technicalImpact(CvssVector.parse(v3).orElseThrow()).label())
          .as("v3 PR:%s C:%s I:%s", pr, vc, vi)
          .isEqualTo(r[4]);
    }
  }

  private static List<String[]> csv(String name) throws IOException {
    try (InputStream in = CisaSsvcTableTest.class.getResourceAsStream("/ssvc/" + name)) {
      assertThat(in).as(name).isNotNull();
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      List<String[]> rows = new ArrayList<>();
      for (String line : Arrays.asList(lines).subList(1, lines.length)) {
        if (!line.isBlank()) {
          rows.add(line.strip().split(","));
        }
      }
      return rows;
    }
  }
}
