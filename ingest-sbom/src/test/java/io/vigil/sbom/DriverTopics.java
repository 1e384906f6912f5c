package io.vigil.sbom;

import io.vigil.schemas.Topic;
import io.vigil.schemas.serde.SerdeFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** A catalog topic (string keys, Avro values) as a TopologyTestDriver input or output. */
final class DriverTopics {
  private DriverTopics() {}

  static <V extends SpecificRecord> TestInputTopic<String, V> input(
      TopologyTestDriver driver, SerdeFactory serdes, Topic<String, V> topic) {
    return driver.createInputTopic(
        topic.name(), Serdes.String().serializer(), serdes.value(topic).serializer());
  }

  static <V extends SpecificRecord> TestOutputTopic<String, V> output(
      TopologyTestDriver driver, SerdeFactory serdes, Topic<String, V> topic) {
    return driver.createOutputTopic(
        topic.name(), Serdes.String().deserializer(), serdes.value(topic).deserializer());
  }
}
