package io.vigil.console.portfolio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SbomFreshnessTest {
  @Test
  void shouldListTheStalestProjectsFirstAndKeepThePortfolioTotals() throws Exception {
    var coverage =
        new ObjectMapper()
            .readTree(
                "{\"staleAfter\":\"PT720H\",\"projectCount\":4,\"staleCount\":3,\"meanScore\":71.5,"
                    + "\"projects\":["
                    + "{\"project\":\"a\",\"version\":\"1\",\"ageDays\":40.0,\"stale\":true},"
                    + "{\"project\":\"b\",\"ageDays\":3.0,\"stale\":false},"
                    + "{\"project\":\"c\",\"version\":null,\"ageDays\":90.5,\"stale\":true},"
                    + "{\"project\":\"d\",\"ageDays\":31.0,\"stale\":true}]}");

    SbomFreshness f = SbomFreshness.of(coverage, 2);

    assertThat(f.projects()).isEqualTo(4);
    assertThat(f.stale()).isEqualTo(3);
    assertThat(f.meanScore()).isEqualTo(71.5);
    assertThat(f.stalest()).extracting(SbomFreshness.Stale::project).containsExactly("c", "a");
    assertThat(f.stalest().get(0).version()).isNull();
  }

  @Test
  void shouldSayNoScoreWhenNoSbomWasScored() throws Exception {
    var coverage =
        new ObjectMapper()
            .readTree("{\"projectCount\":0,\"staleCount\":0,\"meanScore\":null,\"projects\":[]}");

    SbomFreshness f = SbomFreshness.of(coverage, 10);

    assertThat(f.meanScore()).isNull();
    assertThat(f.stalest()).isEmpty();
  }
}
