package io.vigil.core.osv;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * CVSS base scores against published examples, and one record's severity; the group rule is pinned
 * in {@link SeverityRuleTest}.
 */
class SeverityTest {

  @ParameterizedTest(name = "{1} = {2}")
  @CsvSource({
    // CVSS v3.1 specification examples and well-known CVEs
    "CVSS_V3, CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H, 10.0",
    "CVSS_V3, CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H, 9.8",
    "CVSS_V3, CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N, 5.9",
    "CVSS_V3, CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N, 6.1",
    "CVSS_V3, CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H, 9.8",
    "CVSS_V3, CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:N, 0.0",
    // CVSS v2 (NVD)
    "CVSS_V2, AV:N/AC:L/Au:N/C:P/I:P/A:P, 7.5",
    "CVSS_V2, AV:N/AC:M/Au:N/C:C/I:C/A:C, 9.3",
    // CVSS v4.0 (FIRST calculator)
    "CVSS_V4, CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N, 9.3",
    "CVSS_V4, CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H, 10.0",
    "CVSS_V4, CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N, 8.7",
    "CVSS_V4, CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N, 8.7",
    "CVSS_V4, CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N, 6.9",
    "CVSS_V4, CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N, 0.0",
  })
  void shouldComputeTheBaseScoreWhenGivenAVector(String type, String vector, double expected) {
    assertThat(Cvss.baseScore(type, vector)).hasValue(expected);
  }

  @Test
  void shouldGiveNoScoreWhenTheVectorIsMalformed() {
    assertThat(Cvss.baseScore("CVSS_V3", "CVSS:3.1/AV:X")).isEmpty();
    assertThat(Cvss.baseScore("CVSS_V4", "nonsense")).isEmpty();
  }

  private static OsvRecord record(String json) throws Exception {
    return new ObjectMapper().readValue(json, OsvRecord.class);
  }

  @Test
  void shouldTakeTheHighestTopLevelVectorWhenSeveralAreGiven() throws Exception {
    SeverityScore s =
        SeverityScore.of(
            record(
                "{\"id\":\"X\",\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N\"},"
                    + "{\"type\":\"CVSS_V4\",\"score\":\"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N\"}]}"));
    assertThat(s.score()).isEqualTo(9.3);
    assertThat(s.rating()).isEqualTo("CRITICAL");
    assertThat(s.source()).isEqualTo("CVSS_V4");
  }

  @Test
  void shouldFallBackToDatabaseSpecificSeverityWhenThereIsNoVector() throws Exception {
    SeverityScore s =
        SeverityScore.of(
            record("{\"id\":\"X\",\"database_specific\":{\"severity\":\"MODERATE\"}}"));
    assertThat(s.score()).isNull();
    assertThat(s.rating()).isEqualTo("MEDIUM");
  }
}
