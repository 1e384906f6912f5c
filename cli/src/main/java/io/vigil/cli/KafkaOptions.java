package io.vigil.cli;

import io.vigil.platform.config.ConfigSource;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.schemas.serde.SerdeConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options every service subcommand shares: where Kafka is, the config file, client properties.
 */
public final class KafkaOptions {
  @Option(
      names = {"-b", "--bootstrap-servers"},
      description =
          "Kafka bootstrap servers (overrides kafka.bootstrapServers of the config file; default localhost:9092).")
  String bootstrapServers;

  @Option(
      names = {"-c", "--config"},
      description = "Configuration file (YAML or JSON); secrets as $${env:NAME} or $${file:/path}.")
  Path config;

  @Option(
      names = "--schema-registry-url",
      description = "Use the Confluent wire format against this Confluent-API schema registry.")
  String schemaRegistryUrl;

  @Option(
      names = {"-X", "--kafka-property"},
      description = "A Kafka client property, e.g. -X security.protocol=SASL_SSL (repeatable).")
  Map<String, String> kafkaProperties = new LinkedHashMap<>();

  /** The config file, or an empty configuration when none was given. */
  public ConfigSource configSource() {
    return config == null ? ConfigSource.empty() : ConfigSource.load(config);
  }

  /** Kafka settings: the config file's {@code kafka} section, overridden by the flags. */
  public KafkaSettings settings() {
    KafkaSettings s = KafkaSettings.fromConfig(configSource());
    if (bootstrapServers != null) {
      s = s.withBootstrapServers(bootstrapServers);
    }
    if (schemaRegistryUrl != null) {
      s = s.withSerdes(SerdeConfig.confluent(schemaRegistryUrl));
    }
    if (!kafkaProperties.isEmpty()) {
      s = s.withClientProperties(kafkaProperties);
    }
    return s;
  }
}
