package io.vigil.core.osv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The one severity rule (M9) every module uses: the rating words of every feed, and the order of
 * the fallbacks over an alias group. The correlator, {@code vigil scan}, ingest-advisories and
 * alerting all call these functions, so these cases are what they agree on.
 */
class SeverityRuleTest {
  private static final String V3_98 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
  private static final String V3_59 = "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N";
  private static final String V3_53 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N";

  @ParameterizedTest(name = "''{0}'' is {1}")
  @CsvSource(
      nullValues = "null",
      value = {
        "CRITICAL, CRITICAL",
        "critical, CRITICAL",
        "' High ', HIGH",
        "IMPORTANT, HIGH", // Red Hat, SUSE
        "Important, HIGH",
        "MODERATE, MEDIUM", // GHSA, Red Hat
        "MEDIUM, MEDIUM",
        "medium, MEDIUM", // Ubuntu priority
        "LOW, LOW",
        "NEGLIGIBLE, LOW", // Ubuntu priority
        "negligible, LOW",
        "NONE, NONE",
        "UNKNOWN, null",
        "untriaged, null",
        "'', null",
        "null, null"
      })
  void shouldNormaliseEveryFeedsRatingWordTheSameWay(String word, String rating) {
    assertThat(SeverityScore.normaliseRating(word)).isEqualTo(rating);
    assertThat(SeverityScore.rank(word))
        .isEqualTo(rating == null ? -1 : SeverityScore.RATINGS.indexOf(rating));
  }

  @Test
  void shouldRankTheRatingsFromNoneToCritical() {
    assertThat(SeverityScore.RATINGS).containsExactly("NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL");
    assertThat(SeverityScore.rank("NEGLIGIBLE")).isLessThan(SeverityScore.rank("MODERATE"));
    assertThat(SeverityScore.rank("MODERATE")).isLessThan(SeverityScore.rank("IMPORTANT"));
    assertThat(SeverityScore.rank("IMPORTANT")).isLessThan(SeverityScore.rank("CRITICAL"));
  }

  @Test
  void shouldScoreAVectorAndRateAnUbuntuPriorityWhenReadingAStatement() {
    SeverityScore.Statement cvss = SeverityScore.Statement.of("CVSS_V3", V3_98);
    assertThat(cvss.baseScore()).isEqualTo(9.8);
    assertThat(cvss.rating()).isEqualTo("CRITICAL");
    SeverityScore.Statement ubuntu = SeverityScore.Statement.of("Ubuntu", "negligible");
    assertThat(ubuntu.baseScore()).isNull();
    assertThat(ubuntu.rating()).isEqualTo("LOW");
    assertThat(SeverityScore.Statement.of("CVSS_V3", "not a vector").rating()).isNull();
    assertThat(SeverityScore.Statement.of("SOMETHING_ELSE", "HIGH").rating())
        .as("only an Ubuntu statement is a word")
        .isNull();
  }

  @Test
  void shouldPreferAnyTopLevelScoreOverAHigherDatabaseRatingWhenTheGroupHasBoth() {
    SeverityScore s =
        SeverityScore.ofGroup(
            List.of(
                inputs(List.of(cvss(V3_53)), List.of(), null),
                inputs(List.of(), List.of(), "CRITICAL")));
    assertThat(s.score()).isEqualTo(5.3);
    assertThat(s.rating()).isEqualTo("MEDIUM");
    assertThat(s.vector()).isEqualTo(V3_53);
    assertThat(s.source()).isEqualTo("CVSS_V3");
  }

  @Test
  void shouldPreferAnyTopLevelScoreOverAHigherPerPackageScoreWhenTheGroupHasBoth() {
    SeverityScore s =
        SeverityScore.ofGroup(
            List.of(
                inputs(List.of(cvss(V3_53)), List.of(), null),
                inputs(List.of(), List.of(cvss(V3_98)), null)));
    assertThat(s.score()).isEqualTo(5.3);
  }

  @Test
  void shouldTakeThePerPackageScoreWhenNoRecordOfTheGroupHasATopLevelOne() {
    SeverityScore s =
        SeverityScore.ofGroup(
            List.of(
                inputs(List.of(ubuntu("high")), List.of(cvss(V3_59)), "CRITICAL"),
                inputs(List.of(), List.of(), null)));
    assertThat(s.score()).isEqualTo(5.9);
    assertThat(s.rating()).isEqualTo("MEDIUM");
  }

  @Test
  void shouldTakeTheHighestWordOverDatabaseRatingsAndUbuntuPrioritiesWhenNothingScores() {
    SeverityScore s =
        SeverityScore.ofGroup(
            List.of(
                inputs(List.of(), List.of(), "MODERATE"),
                inputs(List.of(ubuntu("negligible")), List.of(), null)));
    assertThat(s.score()).isNull();
    assertThat(s.vector()).isNull();
    assertThat(s.rating()).isEqualTo("MEDIUM");
    assertThat(s.source()).isEqualTo(SeverityScore.DATABASE_SPECIFIC);

    SeverityScore ubuntuHigher =
        SeverityScore.ofGroup(
            List.of(
                inputs(List.of(), List.of(), "LOW"),
                inputs(List.of(), List.of(ubuntu("high")), null)));
    assertThat(ubuntuHigher.rating()).isEqualTo("HIGH");
    assertThat(ubuntuHigher.source()).isEqualTo("Ubuntu");

    assertThat(SeverityScore.ofGroup(List.of(inputs(List.of(), List.of(), "IMPORTANT"))).rating())
        .isEqualTo("HIGH");
  }

  @Test
  void shouldBeUnknownWhenNothingInTheGroupStatesASeverity() {
    assertThat(SeverityScore.ofGroup(List.of(SeverityScore.Inputs.NONE)))
        .isEqualTo(SeverityScore.UNKNOWN);
    assertThat(SeverityScore.ofGroup(List.of(inputs(List.of(), List.of(), "UNKNOWN"))))
        .isEqualTo(SeverityScore.UNKNOWN);
  }

  @Test
  void shouldGiveTheSameAnswerWhateverTheOrderOfTheRecordsWhenScoresTie() {
    // two different vectors with the same base score (9.8): the smaller vector string wins
    String other = "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
    assertThat(SeverityScore.Statement.of("CVSS_V3", other).baseScore()).isEqualTo(9.8);
    List<SeverityScore.Inputs> group =
        new ArrayList<>(
            List.of(
                inputs(List.of(cvss(V3_98)), List.of(), "HIGH"),
                inputs(List.of(cvss(other)), List.of(), null),
                inputs(List.of(ubuntu("medium")), List.of(), "MODERATE")));
    SeverityScore first = SeverityScore.ofGroup(group);
    assertThat(first.vector()).isEqualTo(other);
    for (int i = 0; i < 6; i++) {
      Collections.rotate(group, 1);
      if (i == 3) {
        Collections.reverse(group);
      }
      assertThat(SeverityScore.ofGroup(group)).isEqualTo(first);
    }
  }

  @Test
  void shouldRateOneRecordByItsOwnStatementsWhenReadFromOsv() throws Exception {
    OsvRecord r =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readValue(
                "{\"id\":\"UBUNTU-CVE-1\",\"severity\":[{\"type\":\"Ubuntu\",\"score\":\"negligible\"}],"
                    + "\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"a\"},"
                    + "\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\""
                    + V3_59
                    + "\"}]}]}",
                OsvRecord.class);
    assertThat(SeverityScore.of(r).score()).as("a score beats a word").isEqualTo(5.9);
  }

  private static SeverityScore.Inputs inputs(
      List<SeverityScore.Statement> top, List<SeverityScore.Statement> perPackage, String word) {
    return new SeverityScore.Inputs(top, perPackage, word);
  }

  private static SeverityScore.Statement cvss(String vector) {
    return SeverityScore.Statement.of("CVSS_V3", vector);
  }

  private static SeverityScore.Statement ubuntu(String priority) {
    return SeverityScore.Statement.of("Ubuntu", priority);
  }
}
