package io.vigil.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.events.v1.Compression;
import io.vigil.events.v1.SbomSubmission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubmissionsTest {
  private static final Submissions.Envelope ENVELOPE =
      new Submissions.Envelope(
          "t1",
          "shop",
          "1.0",
          null,
          false,
          false,
          "kafka",
          null,
          Instant.parse("2024-01-01T00:00:00Z"));

  @Test
  void shouldSendASmallDocumentAsOneUncompressedChunkWhenItFits() throws Exception {
    byte[] doc = Sboms.cyclonedx(List.of("pkg:npm/a@1"));

    List<SbomSubmission> chunks = Submissions.encode(ENVELOPE, doc, 64 * 1024);

    assertThat(chunks)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getCompression()).isEqualTo(Compression.NONE);
              assertThat(c.getChunkCount()).isOne();
              assertThat(c.getDocumentLength()).isEqualTo(doc.length);
            });
    assertThat(Submissions.decode(chunks, doc.length)).isEqualTo(doc);
  }

  @Test
  void shouldCompressAndSplitALargeDocumentWhateverTheChunkOrderWhenReassembled() throws Exception {
    byte[] doc = Sboms.large(20_000);
    int chunkBytes = 16 * 1024;

    List<SbomSubmission> chunks = new ArrayList<>(Submissions.encode(ENVELOPE, doc, chunkBytes));

    assertThat(chunks.size()).isGreaterThan(1);
    assertThat(chunks)
        .allSatisfy(
            c -> {
              assertThat(c.getCompression()).isEqualTo(Compression.GZIP);
              assertThat(c.getContent().remaining()).isLessThanOrEqualTo(chunkBytes);
              assertThat(c.getChunkCount()).isEqualTo(chunks.size());
            });
    Collections.reverse(chunks);
    assertThat(Submissions.decode(chunks, doc.length)).isEqualTo(doc);
  }

  @Test
  void shouldStopInflatingAtTheLimitWhenGivenAGzipBomb() {
    byte[] bomb = Submissions.gzip(new byte[20 * 1024 * 1024]);

    assertThatThrownBy(() -> Submissions.maybeGunzip(bomb, 1024 * 1024))
        .isInstanceOf(Submissions.DocumentTooLargeException.class)
        .hasMessageContaining("1048576");
    assertThat(bomb.length).isLessThan(100 * 1024);
  }
}
