package io.vigil.advisories;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.events.v1.Feed;
import io.vigil.platform.kafka.KafkaSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The small entry point the demo and the end-to-end tests use: publishes OSV-form records through
 * the same machinery as the service ({@link IngestAdvisoriesService}): validated, normalized,
 * transactional, only what changed; invalid records to the DLQ with the reason and raw bytes.
 */
public final class AdvisoryPublisher implements AutoCloseable {
  private final IngestAdvisoriesService service;

  public AdvisoryPublisher(KafkaSettings kafka) {
    this(kafka, IngestAdvisoriesConfig.defaults());
  }

  public AdvisoryPublisher(KafkaSettings kafka, IngestAdvisoriesConfig cfg) {
    try {
      this.service =
          new IngestAdvisoriesService(
              kafka, cfg, new SimpleMeterRegistry(), null, Clock.systemUTC());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting", e);
    }
  }

  /** Counts of one run: records published, and records sent to the DLQ. */
  public record Result(int published, int rejected) {}

  /** Reads and publishes every record under the paths; returns once the broker acknowledged all. */
  public Result publish(List<Path> paths, Feed feed) throws IOException {
    List<OsvSource.RawRecord> records = new ArrayList<>();
    for (Path p : paths) {
      records.addAll(OsvSource.read(p));
    }
    return publishRecords(records, feed);
  }

  /** Publishes raw records; returns once the transaction committed. */
  public Result publishRecords(List<OsvSource.RawRecord> records, Feed feed) throws IOException {
    Progress p = service.publishRecords(records, feed);
    return new Result((int) p.published(), (int) p.rejected());
  }

  @Override
  public void close() {
    service.close();
  }
}
