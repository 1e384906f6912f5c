package io.vigil.advisories;

import io.vigil.advisories.state.TopicReader;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.kafka.TopicAdmin;
import io.vigil.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;

/** Reads what a topic holds (committed records only), decoded. */
final class TopicContents {
  private TopicContents() {}

  record Rec<V>(String key, V value) {}

  static <V extends SpecificRecord> List<Rec<V>> all(KafkaSettings kafka, Topic<String, V> topic) {
    var serde = kafka.serdeFactory().value(topic);
    List<Rec<V>> out = new ArrayList<>();
    TopicReader.readAll(
        kafka,
        topic.name(),
        Duration.ofSeconds(60),
        (k, v) -> out.add(new Rec<>(k, v == null ? null : serde.deserialize(topic.name(), v))));
    return out;
  }

  static <V extends SpecificRecord> Map<String, V> latest(
      KafkaSettings kafka, Topic<String, V> topic) {
    Map<String, V> m = new LinkedHashMap<>();
    all(kafka, topic).forEach(r -> m.put(r.key(), r.value()));
    return m;
  }

  static void createTopics(KafkaSettings kafka) throws InterruptedException {
    try (Admin admin = Admin.create(kafka.admin())) {
      TopicAdmin.ensure(admin, kafka.catalog().all());
    }
  }
}
