package io.vigil.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import java.io.ByteArrayOutputStream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class ComponentChangeEvolutionTest {

  @Test
  void shouldReadAnUnknownChangeSymbolAsAddedWhenTheReaderHasTheEnumDefault() throws Exception {
    ComponentEvent updated =
        ComponentEvent.newBuilder(SampleRecords.sample(ComponentEvent.class, 16))
            .setChange(ComponentChange.UPDATED)
            .build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    new SpecificDatumWriter<>(ComponentEvent.class).write(updated, encoder);
    encoder.flush();
    // a reader of a later release that has dropped nothing but does not know UPDATED
    Schema reader =
        new Schema.Parser()
            .parse(
                ComponentEvent.getClassSchema()
                    .toString()
                    .replace("\"ADDED\",\"REMOVED\",\"UPDATED\"", "\"ADDED\",\"REMOVED\""));

    GenericData.Record read =
        new GenericDatumReader<GenericData.Record>(ComponentEvent.getClassSchema(), reader)
            .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

    assertThat(reader.getField("change").schema().getEnumSymbols())
        .containsExactly("ADDED", "REMOVED");
    assertThat(read.get("change")).hasToString("ADDED");
    assertThat(ComponentChange.getClassSchema().getEnumDefault()).isEqualTo("ADDED");
  }
}
