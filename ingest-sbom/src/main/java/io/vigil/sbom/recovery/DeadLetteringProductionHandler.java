package io.vigil.sbom.recovery;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ingest-sbom's production error handler (the style guide's third layer): a record the broker or
 * the producer refuses for its size ({@link RecordTooLargeException}, the whitelisted case) marks
 * its input in {@link UnproducibleInputs}, so that the processor rejects that input when Streams
 * retries it, and the partition goes on. Every production error still fails the current transaction
 * (under exactly-once nothing of it may be committed); any other error is left to Streams, as the
 * default handler does.
 */
public final class DeadLetteringProductionHandler implements ProductionExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(DeadLetteringProductionHandler.class);

  private UnproducibleInputs inputs;

  @Override
  public void configure(Map<String, ?> configs) {
    Object value = configs.get(UnproducibleInputs.CONFIG);
    if (!(value instanceof UnproducibleInputs u)) {
      throw new IllegalStateException(
          UnproducibleInputs.CONFIG + " must hold the service's UnproducibleInputs");
    }
    inputs = u;
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
    if (unproducible(exception) && context.topic() != null && context.offset() >= 0) {
      int bytes =
          (record.key() == null ? 0 : record.key().length)
              + (record.value() == null ? 0 : record.value().length);
      String reason =
          "a record of "
              + bytes
              + " bytes for "
              + record.topic()
              + " could not be produced: "
              + exception.getClass().getSimpleName()
              + ": "
              + exception.getMessage();
      UnproducibleInputs.Failure f =
          inputs.mark(
              context.topic(), context.partition(), context.offset(), record.topic(), reason);
      log.error(
          "ingest-sbom: the output of {}-{}@{} cannot be produced (refusal {}); the transaction"
              + " is aborted and the input will be rejected when it is processed again: {}",
          context.topic(),
          context.partition(),
          context.offset(),
          f.refusals(),
          reason);
    }
    return Response.fail();
  }

  static boolean unproducible(Exception e) {
    return e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException;
  }
}
