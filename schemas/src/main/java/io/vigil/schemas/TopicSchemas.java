package io.vigil.schemas;

import io.vigil.schemas.serde.AvroSerde;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * The schema of every topic's values as an outsider needs it: one self-contained {@code .avsc} per
 * topic (every named type defined inline, nothing to resolve), without the Java-only {@code
 * avro.java.string} properties, so any Avro library (avro-tools, fastavro, avsc, hamba/avro) can
 * decode Vigil's values without Vigil's jars. Committed under {@code docs/schemas/} (written by
 * {@code ./vigil topics schemas docs/schemas}, tested against the serdes by {@code
 * TopicSchemasTest}).
 */
public final class TopicSchemas {
  private TopicSchemas() {}

  /** The writer schema of a topic's values, as the registry-free serde writes it. */
  public static Schema valueSchema(Topic<?, ?> topic) {
    return AvroSerde.portable(SpecificData.get().getSchema(topic.valueType()));
  }

  /** The committed file name of a topic's value schema: {@code <topic name>.avsc}. */
  public static String fileName(Topic<?, ?> topic) {
    return topic.name() + ".avsc";
  }

  /** The file's text: the schema pretty-printed, with a final newline. */
  public static String text(Topic<?, ?> topic) {
    return valueSchema(topic).toString(true) + "\n";
  }

  /** Writes every topic's value schema of the (unprefixed) catalog into {@code dir}. */
  public static List<Path> write(Path dir) {
    List<Path> out = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      for (Topic<String, ?> t : TopicCatalog.local().all()) {
        Path f = dir.resolve(fileName(t));
        Files.writeString(f, text(t), StandardCharsets.UTF_8);
        out.add(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
