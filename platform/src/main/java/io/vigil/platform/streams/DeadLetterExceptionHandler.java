package io.vigil.platform.streams;

import io.vigil.events.v1.DeadLetter;
import io.vigil.platform.kafka.DeadLetters;
import io.vigil.schemas.Topic;
import io.vigil.schemas.TopicCatalog;
import io.vigil.schemas.VigilService;
import io.vigil.schemas.serde.AvroSerde;
import io.vigil.schemas.serde.SerdeConfig;
import io.vigil.schemas.serde.SerdeFactory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams error handling, layers one and two of our style guide: a record that cannot be
 * deserialized, or whose processing throws, goes to the service's dead-letter topic as a {@link
 * DeadLetter} (reason, source coordinates, processor node, task id, raw bytes) and the topology
 * keeps running. The dead letter is written through Streams' own producer (KIP-1034), so under
 * exactly-once it commits atomically with the input offset: nothing is lost and nothing doubles.
 *
 * <p>Production errors are left to Streams' default (fail): they mean the broker is unwell, not
 * that the input is bad.
 */
public final class DeadLetterExceptionHandler
    implements DeserializationExceptionHandler, ProcessingExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(DeadLetterExceptionHandler.class);

  /** Streams config key: the service whose DLQ receives the dead letters. */
  public static final String SERVICE_CONFIG = "vigil.dlq.service";

  /** Streams config key: the topic prefix of the catalog. */
  public static final String TOPIC_PREFIX_CONFIG = "vigil.topic.prefix";

  private Topic<String, DeadLetter> topic;
  private AvroSerde<DeadLetter> serde;
  private VigilService service;

  /** Adds the handler and its settings to Streams properties. */
  public static void install(Properties streamsProps, VigilService service, String topicPrefix) {
    streamsProps.put(
        "deserialization.exception.handler", DeadLetterExceptionHandler.class.getName());
    streamsProps.put("processing.exception.handler", DeadLetterExceptionHandler.class.getName());
    streamsProps.put(SERVICE_CONFIG, service.name());
    streamsProps.put(TOPIC_PREFIX_CONFIG, topicPrefix);
  }

  @Override
  public void configure(Map<String, ?> configs) {
    service = VigilService.valueOf(String.valueOf(configs.get(SERVICE_CONFIG)));
    Object prefix = configs.get(TOPIC_PREFIX_CONFIG);
    topic =
        new TopicCatalog(prefix == null ? "" : prefix.toString(), (short) 1).deadLetters(service);
    serde = new SerdeFactory(SerdeConfig.fromProperties(configs)).value(topic);
  }

  @Override
  public DeserializationExceptionHandler.Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    return DeserializationExceptionHandler.Response.resume(
        List.of(deadLetter(context, "deserialize", exception, record.key(), record.value())));
  }

  @Override
  public ProcessingExceptionHandler.Response handleError(
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    return ProcessingExceptionHandler.Response.resume(
        List.of(
            deadLetter(
                context, "process", exception, context.sourceRawKey(), context.sourceRawValue())));
  }

  private ProducerRecord<byte[], byte[]> deadLetter(
      ErrorHandlerContext ctx, String stage, Exception e, byte[] key, byte[] value) {
    String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
    log.warn(
        "{}: {} failed for {}-{}@{} at {}: {} (sent to {})",
        service.id(),
        stage,
        ctx.topic(),
        ctx.partition(),
        ctx.offset(),
        ctx.processorNodeId(),
        reason,
        topic.name());
    DeadLetter dl =
        DeadLetters.builder(service, stage, reason, e, key, value, Instant.now())
            .setSourceTopic(ctx.topic())
            .setSourcePartition(ctx.partition())
            .setSourceOffset(ctx.offset())
            .setProcessorNode(ctx.processorNodeId())
            .setTaskId(ctx.taskId() == null ? null : ctx.taskId().toString())
            .build();
    return new ProducerRecord<>(topic.name(), key, serde.serialize(topic.name(), dl));
  }
}
