package io.vigil.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.EpssScore;
import io.vigil.schemas.SampleRecords;
import io.vigil.schemas.Topic;
import io.vigil.schemas.TopicCatalog;
import io.vigil.testkit.http.FakeSchemaRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {
  private final TopicCatalog catalog = TopicCatalog.local();
  private FakeSchemaRegistry registry;

  @AfterEach
  void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void shouldRoundTripEveryTopicValueInTheRegistryFreeFormat() {
    SerdeFactory serdes = SerdeFactory.registryFree();
    for (Topic<String, ?> topic : catalog.all()) {
      AvroSerde<? extends SpecificRecord> serde = serdes.valueUnchecked(topic);
      SpecificRecord sample = SampleRecords.sample(serde.type(), topic.name().hashCode());

      byte[] bytes = serialize(serde, topic.name(), sample);

      assertThat(bytes[0]).as("single-object magic").isEqualTo((byte) 0xC3);
      assertThat(bytes[1]).isEqualTo((byte) 0x01);
      assertThat(serde.deserialize(topic.name(), bytes)).as(topic.name()).isEqualTo(sample);
    }
  }

  @Test
  void shouldRoundTripEveryTopicValueInTheConfluentFormatAgainstARegistry() {
    registry = new FakeSchemaRegistry();
    SerdeFactory serdes = new SerdeFactory(SerdeConfig.confluent(registry.url()));
    for (Topic<String, ?> topic : catalog.all()) {
      AvroSerde<? extends SpecificRecord> serde = serdes.valueUnchecked(topic);
      SpecificRecord sample = SampleRecords.sample(serde.type(), 7);

      byte[] bytes = serialize(serde, topic.name(), sample);

      assertThat(bytes[0]).as("Confluent magic byte").isEqualTo((byte) 0);
      assertThat(serde.deserialize(topic.name(), bytes)).isEqualTo(sample);
    }
    assertThat(registry.requests())
        .anySatisfy(
            r -> assertThat(r.path()).isEqualTo("/subjects/vigil.advisories.v1-value/versions"));
  }

  @Test
  void shouldRegisterEachSchemaOnceAndReuseItsId() {
    registry = new FakeSchemaRegistry();
    AvroSerde<Advisory> serde =
        new SerdeFactory(SerdeConfig.confluent(registry.url())).value(catalog.advisories());

    for (int i = 0; i < 5; i++) {
      serde.serialize("t", SampleRecords.sample(Advisory.class, i));
    }

    assertThat(registry.requests().stream().filter(r -> r.method().equals("POST"))).hasSize(1);
  }

  @Test
  void shouldFailClearlyWhenAutoRegisterIsOffAndTheSchemaIsMissing() {
    registry = new FakeSchemaRegistry();
    var cfg = new SerdeConfig(WireFormat.CONFLUENT, registry.url(), null, false);
    AvroSerde<EpssScore> serde = new SerdeFactory(cfg).value(catalog.epss());

    assertThatThrownBy(() -> serde.serialize("t", SampleRecords.sample(EpssScore.class, 1)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("not registered under subject vigil.enrichment.epss.v1-value");
  }

  @Test
  void shouldFindASchemaPreRegisteredFromTheAvscSourcesWithAutoRegisterOff() throws Exception {
    registry = new FakeSchemaRegistry();
    // registered as CI or a producer in another language would: from the .avsc files, which lack
    // the Java-only avro.java.string properties of the generated class's schema
    Schema.Parser parser = new Schema.Parser();
    for (String f :
        List.of("common/Feed", "common/Severity", "common/Reference", "common/SourceRef")) {
      parser.parse(avsc(f));
    }
    Schema fromSources = parser.parse(avsc("Advisory"));
    assertThat(fromSources.toString()).doesNotContain("avro.java.string");
    assertThat(Advisory.getClassSchema().toString()).contains("avro.java.string");
    int id =
        new SchemaRegistryClient(registry.url(), null)
            .register("vigil.advisories.v1-value", fromSources);
    var cfg = new SerdeConfig(WireFormat.CONFLUENT, registry.url(), null, false);
    AvroSerde<Advisory> serde = new SerdeFactory(cfg).value(catalog.advisories());
    Advisory advisory = SampleRecords.sample(Advisory.class, 9);

    byte[] bytes = serde.serialize("vigil.advisories.v1", advisory);

    assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
    assertThat(serde.deserialize("vigil.advisories.v1", bytes)).isEqualTo(advisory);
    assertThat(registry.schemaCount()).isEqualTo(1);
  }

  private static String avsc(String name) throws IOException {
    try (var in =
        AvroSerdeTest.class.getResourceAsStream("/avro/io/vigil/events/v1/" + name + ".avsc")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void shouldReadConfluentBytesOnlyWhenARegistryIsConfigured() {
    registry = new FakeSchemaRegistry();
    EpssScore score = SampleRecords.sample(EpssScore.class, 3);
    byte[] confluent =
        new SerdeFactory(SerdeConfig.confluent(registry.url()))
            .value(catalog.epss())
            .serialize("t", score);

    AvroSerde<EpssScore> registryFree = SerdeFactory.registryFree().value(catalog.epss());

    assertThatThrownBy(() -> registryFree.deserialize("vigil.enrichment.epss.v1", confluent))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Confluent wire format but no schema.registry.url");
  }

  @Test
  void shouldReadSingleObjectBytesEvenWhenConfiguredForConfluent() {
    registry = new FakeSchemaRegistry();
    EpssScore score = SampleRecords.sample(EpssScore.class, 4);
    byte[] single = SerdeFactory.registryFree().value(catalog.epss()).serialize("t", score);

    var confluentSerde =
        new SerdeFactory(SerdeConfig.confluent(registry.url())).value(catalog.epss());

    assertThat(confluentSerde.deserialize("t", single)).isEqualTo(score);
  }

  @Test
  void shouldRejectBytesInNeitherFormatNamingTheTopic() {
    AvroSerde<EpssScore> serde = SerdeFactory.registryFree().value(catalog.epss());

    assertThatThrownBy(
            () -> serde.deserialize("vigil.enrichment.epss.v1", "{\"json\":1}".getBytes()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("vigil.enrichment.epss.v1")
        .hasMessageContaining("0x7b");
  }

  @Test
  void shouldDecodeBytesWrittenWithAnOlderSchemaWhenThatSchemaIsKnown() {
    Schema current = SpecificData.get().getSchema(EpssScore.class);
    Schema older = withoutField(current, "modelVersion");
    GenericRecord old = new GenericData.Record(older);
    old.put("cveId", "CVE-2021-44228");
    old.put("epss", 0.97);
    old.put("percentile", 0.999);
    old.put("scoreDate", 20000);
    old.put("ingestedAt", 1_700_000_000_000L);
    byte[] oldBytes = encode(older, old);

    var knowsOld =
        new AvroSerde<>(EpssScore.class, null, SerdeConfig.registryFree(), null, List.of(older));
    var doesNot =
        new AvroSerde<>(EpssScore.class, null, SerdeConfig.registryFree(), null, List.of());

    EpssScore read = knowsOld.deserialize("t", oldBytes);
    assertThat(read.getCveId()).isEqualTo("CVE-2021-44228");
    assertThat(read.getModelVersion()).as("defaulted new field").isNull();
    assertThatThrownBy(() -> doesNot.deserialize("t", oldBytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("no known writer schema");
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static byte[] serialize(AvroSerde serde, String topic, SpecificRecord value) {
    return serde.serialize(topic, value);
  }

  private static Schema withoutField(Schema s, String drop) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : s.getFields()) {
      if (!f.name().equals(drop)) {
        fields.add(new Schema.Field(f, f.schema()));
      }
    }
    return Schema.createRecord(s.getName(), s.getDoc(), s.getNamespace(), false, fields);
  }

  private static byte[] encode(Schema schema, GenericRecord r) {
    try {
      return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(r).array();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
