package io.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.osv.AffectedEntry;
import io.vigil.core.osv.Matcher;
import io.vigil.core.osv.OsvRecord;
import io.vigil.core.purl.PackageIdentity;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.AffectedRange;
import io.vigil.events.v1.RangeEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Log4Shell curve's tiers: advisory k affects exactly the first tiers[k] projects. */
class Log4ShellTiersTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void tierAdvisoryAffectsExactlyTheProjectsOfItsTierAndTheTiersBelow() throws Exception {
    int[] tiers = {10, 50, 100};
    for (int k = 0; k < tiers.length; k++) {
      List<AffectedEntry> entries = entries(BenchSupport.log4shellTier("T-" + k, "CVE-1", k));
      int affected = 0;
      int highestAffected = -1;
      for (int project = 0; project < 150; project++) {
        String purl = BenchSupport.component(project, 0, tiers).getComponent().getPurl();
        if (Matcher.evaluate(PackageIdentity.fromPurl(purl).orElseThrow(), entries).isAffected()) {
          affected++;
          highestAffected = project;
        }
      }
      assertThat(affected).as("tier %d", k).isEqualTo(tiers[k]);
      assertThat(highestAffected).isEqualTo(tiers[k] - 1);
    }
  }

  @Test
  void oneTierKeepsTheEarlierShapeOfTheBenchmark() {
    assertThat(BenchSupport.component(999, 0, 1000).getComponent().getPurl())
        .isEqualTo(BenchSupport.LOG4J_PURL + "2.14.1");
    assertThat(BenchSupport.component(1000, 0, 1000).getComponent().getPurl())
        .isEqualTo(BenchSupport.LOG4J_PURL + "2.17.1");
  }

  @Test
  void resultSetIsAcceptedOnlyWhenEveryAffectedProjectHasExactlyOneNewEvent() {
    List<String> exact = new ArrayList<>(List.of("project-2", "project-0", "project-1"));
    assertThat(Log4ShellBench.resultSetProblem(exact, 0, 3)).isNull();

    List<String> duplicate = new ArrayList<>(exact);
    duplicate.add("project-1");
    assertThat(Log4ShellBench.resultSetProblem(duplicate, 0, 3)).contains("4 NEW events");

    List<String> stranger = List.of("project-0", "project-1", "project-3");
    assertThat(Log4ShellBench.resultSetProblem(stranger, 0, 3))
        .contains("1 not affected [project-3]");

    assertThat(Log4ShellBench.resultSetProblem(List.of("project-0", "project-1"), 0, 3))
        .contains("2 distinct projects (expected 3)");
    assertThat(Log4ShellBench.resultSetProblem(exact, 1, 3)).contains("1 events of another type");
  }

  /** The advisory's entry in core's form (as the correlator's Matching converts it). */
  private static List<AffectedEntry> entries(Advisory a) throws Exception {
    StringBuilder events = new StringBuilder();
    AffectedRange range = a.getAffected().get(0).getRanges().get(0);
    for (RangeEvent e : range.getEvents()) {
      if (events.length() > 0) {
        events.append(',');
      }
      String kind = e.getKind().name().equals("INTRODUCED") ? "introduced" : "fixed";
      events.append("{\"").append(kind).append("\":\"").append(e.getVersion()).append("\"}");
    }
    String json =
        "{\"id\":\""
            + a.getId()
            + "\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{\"package\":"
            + "{\"ecosystem\":\"Maven\",\"name\":\""
            + a.getAffected().get(0).getName()
            + "\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":["
            + events
            + "]}]}]}";
    return AffectedEntry.of(JSON.readValue(json, OsvRecord.class));
  }

  @Test
  void shouldAcceptAPortfolioFixPlanOnlyWhenLog4jCoreComesFirstWithEveryProjectAndExposure()
      throws Exception {
    var ok =
        JSON.readTree(
            "{\"package\":\"Maven:org.apache.logging.log4j:log4j-core\",\"projects\":1000,"
                + "\"resolves\":{\"total\":4000}}");

    assertThat(Log4ShellFollowUps.fixPlanProblem(ok, 1000, 4000)).isNull();
    assertThat(Log4ShellFollowUps.fixPlanProblem(ok, 999, 4000)).contains("999 projects");
    assertThat(Log4ShellFollowUps.fixPlanProblem(ok, 1000, 3000)).contains("3000 exposures");
    assertThat(
            Log4ShellFollowUps.fixPlanProblem(JSON.readTree("{\"package\":\"npm:lodash\"}"), 1, 1))
        .contains("not log4j-core");
  }
}
