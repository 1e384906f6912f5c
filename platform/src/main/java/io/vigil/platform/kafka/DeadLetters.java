package io.vigil.platform.kafka;

import io.vigil.events.v1.DeadLetter;
import io.vigil.schemas.TopicCatalog;
import io.vigil.schemas.VigilService;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;

/**
 * Builds {@link DeadLetter} records: the reason, where the input came from, and its raw bytes (cut
 * to fit the broker limit), so poison input is kept, explained and replayable.
 */
public final class DeadLetters {
  /** Raw values above this are truncated in the envelope (the rest of the envelope stays small). */
  public static final int MAX_RAW_BYTES = TopicCatalog.MAX_MESSAGE_BYTES - 64 * 1024;

  private DeadLetters() {}

  /** A dead letter for a Kafka record. */
  public static DeadLetter fromRecord(
      VigilService service,
      String stage,
      String reason,
      Throwable error,
      String topic,
      int partition,
      long offset,
      byte[] key,
      byte[] value,
      Instant now) {
    return builder(service, stage, reason, error, key, value, now)
        .setSourceTopic(topic)
        .setSourcePartition(partition)
        .setSourceOffset(offset)
        .build();
  }

  /** A dead letter for input read from a file, URL or HTTP request. */
  public static DeadLetter fromInput(
      VigilService service,
      String stage,
      String reason,
      Throwable error,
      String location,
      byte[] key,
      byte[] value,
      Instant now) {
    return builder(service, stage, reason, error, key, value, now)
        .setSourceLocation(location)
        .build();
  }

  /** The builder, for callers that add Streams coordinates (processor node, task id). */
  public static DeadLetter.Builder builder(
      VigilService service,
      String stage,
      String reason,
      Throwable error,
      byte[] key,
      byte[] value,
      Instant now) {
    boolean truncate = value != null && value.length > MAX_RAW_BYTES;
    return DeadLetter.newBuilder()
        .setService(service.id())
        .setStage(stage)
        .setReason(reason)
        .setErrorClass(error == null ? null : error.getClass().getName())
        .setKey(key == null ? null : ByteBuffer.wrap(key))
        .setValue(
            value == null
                ? null
                : ByteBuffer.wrap(truncate ? Arrays.copyOf(value, MAX_RAW_BYTES) : value))
        .setValueTruncated(truncate)
        .setFailedAt(now);
  }
}
