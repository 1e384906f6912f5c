package io.vigil.testkit.kafka;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The Testcontainers path of {@link KafkaBrokerExtension}: used only where a Docker engine runs
 * (not on our build machines, which have none; there the in-process broker is used). Image names
 * are pinned here and nowhere else.
 */
final class Containers {
  /** Apache Kafka's own image, the same version as our client and Streams jars. */
  static final String KAFKA_IMAGE = "apache/kafka:4.4.0";

  private Containers() {}

  static boolean dockerAvailable() {
    if (Boolean.getBoolean("vigil.testcontainers.disabled")) {
      return false;
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  static Running startKafka() {
    KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE));
    kafka.start();
    return new Running(kafka);
  }

  record Running(KafkaContainer container) {
    String bootstrapServers() {
      return container.getBootstrapServers();
    }

    void stop() {
      container.stop();
    }
  }
}
