package io.vigil.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.schemas.serde.AvroSerde;
import io.vigil.schemas.serde.SerdeFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * docs/schemas/ holds, per topic of the catalog, the self-contained value schema an outsider
 * decodes with: it must be the schema the serdes write (same schema, same fingerprint in every
 * single-object encoded value) and nothing may be missing or left over.
 */
class TopicSchemasTest {
  private static final Path DIR =
      Path.of(System.getProperty("vigil.repo.root", ".."), "docs", "schemas");
  private static final String STALE =
      "docs/schemas is stale: regenerate it with ./vigil topics schemas docs/schemas";

  @Test
  void shouldHaveOneSchemaFilePerTopicOfTheCatalogAndNoOther() throws Exception {
    Set<String> expected =
        TopicCatalog.local().all().stream()
            .map(TopicSchemas::fileName)
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> committed;
    try (Stream<Path> files = Files.list(DIR)) {
      committed =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".avsc"))
              .collect(Collectors.toCollection(TreeSet::new));
    }

    assertThat(committed).as(STALE).isEqualTo(expected);
  }

  @Test
  void shouldCommitExactlyTheSchemaEachTopicsSerdeWrites() throws Exception {
    SerdeFactory serdes = SerdeFactory.registryFree();
    for (Topic<String, ?> topic : TopicCatalog.local().all()) {
      Path file = DIR.resolve(TopicSchemas.fileName(topic));
      assertThat(file).as(STALE).exists();
      String text = Files.readString(file);
      Schema committed = new Schema.Parser().parse(text);
      AvroSerde<? extends SpecificRecord> serde = serdes.valueUnchecked(topic);

      assertThat(text).as(STALE + " (%s)", file).isEqualTo(TopicSchemas.text(topic));
      assertThat(committed).as(topic.name()).isEqualTo(AvroSerde.portable(serde.schema()));
      assertThat(committed.toString()).doesNotContain("avro.java.string");
      assertThat(SchemaNormalization.parsingFingerprint64(committed))
          .as("fingerprint of %s", file)
          .isEqualTo(SchemaNormalization.parsingFingerprint64(serde.schema()));
    }
  }

  @Test
  void shouldNameTheCommittedSchemaInTheHeaderOfEveryValueOnTheWire() {
    SerdeFactory serdes = SerdeFactory.registryFree();
    for (Topic<String, ?> topic : TopicCatalog.local().all()) {
      byte[] value = serialize(serdes, topic);
      Schema committed = parse(DIR.resolve(TopicSchemas.fileName(topic)));

      assertThat(value[0]).isEqualTo((byte) 0xC3);
      assertThat(value[1]).isEqualTo((byte) 0x01);
      long fingerprint = ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
      assertThat(fingerprint)
          .as("the fingerprint %s values carry", topic.name())
          .isEqualTo(SchemaNormalization.parsingFingerprint64(committed));
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends SpecificRecord> byte[] serialize(SerdeFactory serdes, Topic<?, ?> t) {
    AvroSerde<T> serde = (AvroSerde<T>) serdes.valueUnchecked(t);
    T sample = SampleRecords.sample((Class<T>) t.valueType(), 7);
    return serde.serializer().serialize(t.name(), sample);
  }

  private static Schema parse(Path file) {
    try {
      return new Schema.Parser().parse(file.toFile());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
