package io.vigil.advisories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.advisories.epss.EpssCsv;
import io.vigil.events.v1.EpssScore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class EpssCsvTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  private record Collected(
      List<EpssCsv.Header> headers, List<EpssScore> scores, List<String> bad) {}

  private static Collected parse(byte[] bytes) throws Exception {
    Collected c = new Collected(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    EpssCsv.parse(
        new ByteArrayInputStream(bytes),
        null,
        NOW,
        new EpssCsv.Sink() {
          @Override
          public void header(EpssCsv.Header h) {
            c.headers().add(h);
          }

          @Override
          public void score(EpssScore s) {
            c.scores().add(s);
          }

          @Override
          public void bad(long line, String reason, String raw) {
            c.bad().add(reason);
          }
        });
    return c;
  }

  @Test
  void shouldReadTheModelVersionScoreDateAndEveryRowOfThePlainFile() throws Exception {
    Collected c = parse(Fixtures.bytes("epss/epss_scores-2026-09-29.head150.csv"));

    assertThat(c.headers())
        .containsExactly(new EpssCsv.Header("v2026.06.15", LocalDate.parse("2026-09-29")));
    assertThat(c.scores()).hasSize(148);
    assertThat(c.scores().get(0).getCveId()).isEqualTo("CVE-1999-0001");
    assertThat(c.scores().get(0).getEpss()).isEqualTo(0.03351);
    assertThat(c.scores().get(0).getPercentile()).isEqualTo(0.88255);
    assertThat(c.scores().get(0).getScoreDate()).isEqualTo(LocalDate.parse("2026-09-29"));
    assertThat(c.bad()).isEmpty();
  }

  @Test
  void shouldReadTheSameScoresWhenTheFileIsGzipped() throws Exception {
    byte[] plain = Fixtures.bytes("epss/epss_scores-2026-09-29.head150.csv");
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(plain);
    }

    assertThat(parse(gz.toByteArray()).scores()).isEqualTo(parse(plain).scores());
  }

  @Test
  void shouldReportBadRowsWithTheirLineAndKeepTheRest() throws Exception {
    String csv =
        "#model_version:v1,score_date:2024-01-02T00:00:00+0000\ncve,epss,percentile\n"
            + "CVE-2024-1,0.5,0.9\nCVE-2024-2,abc,0.1\nnot-a-cve,0.1,0.1\nCVE-2024-3,0.1,0.2\n";

    Collected c = parse(csv.getBytes(StandardCharsets.UTF_8));

    assertThat(c.scores())
        .extracting(EpssScore::getCveId)
        .containsExactly("CVE-2024-1", "CVE-2024-3");
    assertThat(c.bad()).hasSize(2).anySatisfy(r -> assertThat(r).startsWith("line 4:"));
  }

  @Test
  void shouldFailClearlyWhenTheFileHasNoHeader() {
    assertThatThrownBy(() -> parse("hello\n".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(EpssCsv.InvalidEpssException.class);
  }
}
