package io.vigil.advisories;

import io.vigil.advisories.http.FeedHttp;
import io.vigil.advisories.limits.FeedLimitException;
import io.vigil.advisories.state.IngestStateStore;
import io.vigil.events.v1.DeadLetter;
import io.vigil.platform.kafka.DeadLetters;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.schemas.Topic;
import io.vigil.schemas.TopicCatalog;
import io.vigil.schemas.VigilService;
import io.vigil.schemas.serde.SerdeFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * What every feed needs: the writer and state, the catalog and serdes, HTTP, metrics, the clock and
 * where progress goes. One per service.
 */
public record FeedContext(
    KafkaSettings kafka,
    IngestAdvisoriesConfig config,
    TopicCatalog catalog,
    SerdeFactory serdes,
    FeedWriter writer,
    IngestStateStore state,
    FeedHttp http,
    IngestMetrics metrics,
    Clock clock,
    PrintStream progressOut) {

  /** Dead-letters one input (with a state entry, so the same bad content is not resent). */
  public void deadLetter(
      String source,
      String stateId,
      String key,
      String location,
      String stage,
      String reason,
      byte[] raw) {
    String hash = OsvNormalizer.sha256(raw == null ? new byte[0] : raw);
    IngestStateStore.Entry prev = state.get(source, stateId);
    if (prev != null && prev.rejected() && prev.hash() == IngestStateStore.prefix(hash)) {
      metrics.unchanged(source, 1);
      return;
    }
    Instant now = clock.instant();
    Topic<String, DeadLetter> dlq = catalog.deadLetters(VigilService.INGEST_ADVISORIES);
    DeadLetter dl =
        DeadLetters.fromInput(
            VigilService.INGEST_ADVISORIES,
            stage,
            reason,
            null,
            location,
            key.getBytes(StandardCharsets.UTF_8),
            raw,
            now);
    writer.send(dlq.name(), key, serdes.value(dlq).serialize(dlq.name(), dl));
    writer.state(
        IngestStateStore.key(source, stateId), state.put(source, stateId, hash, null, true, now));
    metrics.deadLettered(source, 1);
  }

  /** True for {@code http://} and {@code https://} locations. */
  public static boolean isUrl(String where) {
    return where.startsWith("http://") || where.startsWith("https://");
  }

  /** The bytes at a URL (retried) or a local path, at most {@code maxResponseBytes}. */
  public byte[] bytes(String where) throws IOException {
    if (isUrl(where)) {
      return http.getBytes(URI.create(where), Map.of());
    }
    Path p = Path.of(where);
    if (!Files.isRegularFile(p)) {
      throw new IOException(where + " does not exist or is not a file");
    }
    if (Files.size(p) > config.maxResponseBytes()) {
      throw new FeedLimitException(
          where,
          String.format(
              java.util.Locale.ROOT,
              "a file of %,d bytes, more than %,d: refused (ingestAdvisories.maxResponseBytes)",
              Files.size(p),
              config.maxResponseBytes()));
    }
    return Files.readAllBytes(p);
  }

  /** A stream over a URL (downloaded to a temporary file first, deleted on close) or a path. */
  public InputStream open(String where) throws IOException {
    if (!isUrl(where)) {
      Path p = Path.of(where);
      if (!Files.isRegularFile(p)) {
        throw new IOException(where + " does not exist or is not a file");
      }
      return Files.newInputStream(p);
    }
    Path tmp = http.download(URI.create(where), false).orElseThrow();
    InputStream in = Files.newInputStream(tmp);
    return new java.io.FilterInputStream(in) {
      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
    };
  }
}
