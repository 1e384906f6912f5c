package io.vigil.schemas.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The one Avro serde: writes in the configured {@link WireFormat}, reads either format (detected
 * from the first byte). Thread-safe; encoders and decoders are built once per schema.
 */
public final class AvroSerde<T extends SpecificRecord>
    implements Serde<T>, Serializer<T>, Deserializer<T> {

  private static final byte CONFLUENT_MAGIC = 0x0;
  private static final byte SINGLE_OBJECT_MAGIC = (byte) 0xC3;
  private static final String JAVA_STRING_PROP = "avro.java.string";

  private final Class<T> type;
  private final Schema schema;
  private final Schema registrySchema;
  private final String subject;
  private final SerdeConfig config;
  private final SchemaRegistryClient registry;
  private final BinaryMessageEncoder<T> singleObjectEncoder;
  private final BinaryMessageDecoder<T> singleObjectDecoder;
  private final SpecificDatumWriter<T> writer;
  private final Map<Integer, SpecificDatumReader<T>> readersById = new ConcurrentHashMap<>();
  private final ThreadLocal<ByteArrayOutputStream> buffers =
      ThreadLocal.withInitial(() -> new ByteArrayOutputStream(512));
  private final ThreadLocal<BinaryEncoder> encoders = new ThreadLocal<>();
  private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();
  private volatile int confluentId = -1;

  AvroSerde(
      Class<T> type,
      String subject,
      SerdeConfig config,
      SchemaRegistryClient registry,
      List<Schema> historicalWriters) {
    AvroTrust.ensure();
    this.type = type;
    this.schema = SpecificData.get().getSchema(type);
    this.registrySchema = registry == null ? null : portable(schema);
    this.subject = subject;
    this.config = config;
    this.registry = registry;
    SpecificData model = SpecificData.getForClass(type);
    this.singleObjectEncoder = new BinaryMessageEncoder<>(model, schema);
    this.singleObjectDecoder = new BinaryMessageDecoder<>(model, schema);
    for (Schema old : historicalWriters) {
      singleObjectDecoder.addSchema(old);
    }
    this.writer = new SpecificDatumWriter<>(schema, model);
  }

  /** The reader (and, for this version, writer) schema. */
  public Schema schema() {
    return schema;
  }

  public Class<T> type() {
    return type;
  }

  /**
   * The schema as registered: without the Java-only {@code avro.java.string} properties that {@code
   * stringType=String} writes into generated classes. Registries compare schemas with their
   * properties, so with them a Java writer would get its own id and version apart from the same
   * schema registered from the {@code .avsc} sources (by CI, or by a producer in another language),
   * and a lookup with {@code auto.register.schemas=false} would not find that one. Reading is
   * unaffected: the reader schema (the generated class's) decides the Java string type.
   */
  public static Schema portable(Schema schema) {
    if (!schema.toString().contains(JAVA_STRING_PROP)) {
      return schema;
    }
    try {
      ObjectMapper json = new ObjectMapper();
      JsonNode tree = json.readTree(schema.toString());
      stripJavaProps(tree);
      return new Schema.Parser().parse(tree.toString());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot re-read the schema of " + schema.getFullName(), e);
    }
  }

  private static void stripJavaProps(JsonNode node) {
    if (node instanceof ObjectNode o) {
      o.remove(JAVA_STRING_PROP);
      o.properties()
          .forEach(
              e -> {
                if (!e.getKey().equals("default")) {
                  stripJavaProps(e.getValue());
                }
              });
    } else if (node.isArray()) {
      node.forEach(AvroSerde::stripJavaProps);
    }
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    try {
      return config.format() == WireFormat.CONFLUENT
          ? confluent(data)
          : singleObjectEncoder.encode(data).array();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "cannot serialize " + type.getSimpleName() + " for " + topic + ": " + e.getMessage(), e);
    }
  }

  private byte[] confluent(T data) throws IOException {
    int id = confluentId;
    if (id < 0) {
      id =
          config.autoRegister()
              ? registry.register(subject, registrySchema)
              : registry
                  .lookup(subject, registrySchema)
                  .orElseThrow(
                      () ->
                          new SerializationException(
                              "schema of "
                                  + type.getSimpleName()
                                  + " is not registered under subject "
                                  + subject
                                  + " and auto.register.schemas=false"));
      confluentId = id;
    }
    ByteArrayOutputStream out = buffers.get();
    out.reset();
    out.write(CONFLUENT_MAGIC);
    out.write(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(out, encoders.get());
    encoders.set(enc);
    writer.write(data, enc);
    enc.flush();
    return out.toByteArray();
  }

  @Override
  public T deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    if (bytes.length == 0) {
      throw new SerializationException("empty value on " + topic + " (expected Avro)");
    }
    try {
      if (bytes[0] == SINGLE_OBJECT_MAGIC) {
        return singleObjectDecoder.decode(bytes);
      }
      if (bytes[0] == CONFLUENT_MAGIC) {
        return fromConfluent(topic, bytes);
      }
      throw new SerializationException(
          String.format(
              "unknown framing on %s: first byte 0x%02x is neither Avro single-object (C3 01) nor"
                  + " Confluent (00)",
              topic, bytes[0]));
    } catch (MissingSchemaException e) {
      throw new SerializationException(
          "no known writer schema for this "
              + type.getSimpleName()
              + " on "
              + topic
              + " (written by a newer or foreign producer?): "
              + e.getMessage(),
          e);
    } catch (BadHeaderException e) {
      throw new SerializationException("bad single-object header on " + topic, e);
    } catch (IOException | RuntimeException e) {
      if (e instanceof SerializationException se) {
        throw se;
      }
      throw new SerializationException(
          "cannot read " + type.getSimpleName() + " from " + topic + ": " + e, e);
    }
  }

  private T fromConfluent(String topic, byte[] bytes) throws IOException {
    if (registry == null) {
      throw new SerializationException(
          "value on "
              + topic
              + " is in the Confluent wire format but no "
              + SerdeConfig.REGISTRY_URL
              + " is configured");
    }
    if (bytes.length < 5) {
      throw new SerializationException("truncated Confluent frame on " + topic);
    }
    int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
    SpecificDatumReader<T> reader =
        readersById.computeIfAbsent(
            id,
            k ->
                new SpecificDatumReader<>(
                    registry.schemaById(k), schema, SpecificData.getForClass(type)));
    BinaryDecoder dec =
        DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, decoders.get());
    decoders.set(dec);
    return reader.read(null, dec);
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {}
}
