package io.vigil.correlator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.schemas.TopicCatalog;
import io.vigil.schemas.serde.AvroSerde;
import io.vigil.schemas.serde.SerdeFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/**
 * A component event written on unchanged gets the bytes it was read from ({@link ReadBytesSerde}),
 * and only then: any other record, or bytes of another framing or schema, is encoded.
 */
class ReadBytesSerdeTest {
  private static final String TOPIC = "t";
  private final AvroSerde<ComponentEvent> avro =
      SerdeFactory.registryFree().value(TopicCatalog.local().components());

  private static ComponentEvent event(String project) {
    return Fixtures.component(
        project, Fixtures.LOG4J_PURL + "2.14.1", ComponentChange.ADDED, "submission-1");
  }

  @Test
  void aRecordJustReadIsWrittenAsTheBytesItWasReadFromWithoutEncodingIt() {
    Counting<ComponentEvent> inner = new Counting<>(avro);
    ReadBytesSerde<ComponentEvent> serde = new ReadBytesSerde<>(inner);
    serde.serialize(TOPIC, event("p0")); // the first write learns the header
    byte[] read = avro.serialize(TOPIC, event("p1"));

    ComponentEvent e = serde.deserialize(TOPIC, read);
    int before = inner.writes.get();

    assertThat(serde.serialize(TOPIC, e)).isSameAs(read);
    assertThat(inner.writes.get()).isEqualTo(before);
    assertThat(avro.serialize(TOPIC, e)).isEqualTo(read); // what an encode would have written
  }

  @Test
  void anEqualRecordThatWasNotReadIsEncoded() {
    Counting<ComponentEvent> inner = new Counting<>(avro);
    ReadBytesSerde<ComponentEvent> serde = new ReadBytesSerde<>(inner);
    serde.serialize(TOPIC, event("p0"));
    byte[] read = avro.serialize(TOPIC, event("p1"));
    serde.deserialize(TOPIC, read);
    int before = inner.writes.get();

    byte[] written = serde.serialize(TOPIC, event("p1"));

    assertThat(written).isNotSameAs(read).isEqualTo(read);
    assertThat(inner.writes.get()).isEqualTo(before + 1);
  }

  @Test
  void theLastTwoRecordsReadOnAThreadAreRememberedNotOlderOnes() {
    Counting<ComponentEvent> inner = new Counting<>(avro);
    ReadBytesSerde<ComponentEvent> serde = new ReadBytesSerde<>(inner);
    serde.serialize(TOPIC, event("p0"));
    byte[] first = avro.serialize(TOPIC, event("p1"));
    ComponentEvent a = serde.deserialize(TOPIC, first);
    ComponentEvent b = serde.deserialize(TOPIC, avro.serialize(TOPIC, event("p2")));

    assertThat(serde.serialize(TOPIC, a)).isSameAs(first); // a store read came in between

    serde.deserialize(TOPIC, avro.serialize(TOPIC, event("p3")));
    serde.deserialize(TOPIC, avro.serialize(TOPIC, event("p4")));
    int before = inner.writes.get();
    assertThat(serde.serialize(TOPIC, a)).isNotSameAs(first).isEqualTo(first);
    assertThat(serde.serialize(TOPIC, b)).isEqualTo(avro.serialize(TOPIC, b));
    assertThat(inner.writes.get()).isEqualTo(before + 2);
  }

  @Test
  void bytesOfAnotherSchemaOrFramingAreNeverHandedBack() {
    // a fake wire format: C3 01, an 8-byte "fingerprint" (its version), then the text
    Counting<String> inner = new Counting<>(new Framed(1));
    ReadBytesSerde<String> serde = new ReadBytesSerde<>(inner);
    serde.serialize(TOPIC, "learn");

    byte[] olderSchema = new Framed(2).serializer().serialize(TOPIC, "x");
    String x = serde.deserialize(TOPIC, olderSchema);
    assertThat(serde.serialize(TOPIC, x))
        .isEqualTo(new Framed(1).serializer().serialize(TOPIC, "x"));

    byte[] sameSchema = new Framed(1).serializer().serialize(TOPIC, "y");
    String y = serde.deserialize(TOPIC, sameSchema);
    assertThat(serde.serialize(TOPIC, y)).isSameAs(sameSchema);
  }

  @Test
  void nothingIsHandedBackForAFramingItDoesNotKnow() {
    ReadBytesSerde<String> serde = new ReadBytesSerde<>(Serdes.String());
    serde.serialize(TOPIC, "learn"); // plain text: neither single-object nor Confluent
    byte[] read = "same".getBytes(StandardCharsets.UTF_8);
    String s = serde.deserialize(TOPIC, read);

    assertThat(serde.serialize(TOPIC, s)).isNotSameAs(read).isEqualTo(read);
  }

  @Test
  void beforeItsFirstWriteNothingReadIsRemembered() {
    Counting<ComponentEvent> inner = new Counting<>(avro);
    ReadBytesSerde<ComponentEvent> serde = new ReadBytesSerde<>(inner);
    byte[] read = avro.serialize(TOPIC, event("p1"));
    ComponentEvent e = serde.deserialize(TOPIC, read);

    assertThat(serde.serialize(TOPIC, e)).isNotSameAs(read).isEqualTo(read);
    assertThat(inner.writes.get()).isEqualTo(1);
  }

  /** A serde counting its encodes. */
  private static final class Counting<T> implements Serde<T> {
    final AtomicInteger writes = new AtomicInteger();
    private final Serde<T> inner;

    Counting(Serde<T> inner) {
      this.inner = inner;
    }

    @Override
    public org.apache.kafka.common.serialization.Serializer<T> serializer() {
      return (topic, data) -> {
        writes.incrementAndGet();
        return inner.serializer().serialize(topic, data);
      };
    }

    @Override
    public org.apache.kafka.common.serialization.Deserializer<T> deserializer() {
      return inner.deserializer();
    }
  }

  /** Text framed like Avro single-object, with {@code version} as its 8-byte fingerprint. */
  private record Framed(int version) implements Serde<String> {
    @Override
    public org.apache.kafka.common.serialization.Serializer<String> serializer() {
      return (topic, s) -> {
        byte[] text = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[10 + text.length];
        out[0] = (byte) 0xC3;
        out[1] = 0x01;
        out[2] = (byte) version;
        System.arraycopy(text, 0, out, 10, text.length);
        return out;
      };
    }

    @Override
    public org.apache.kafka.common.serialization.Deserializer<String> deserializer() {
      return (topic, b) -> new String(Arrays.copyOfRange(b, 10, b.length), StandardCharsets.UTF_8);
    }
  }
}
