package io.vigil.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vigil.deploy.EmbeddedKafka;
import io.vigil.platform.config.ConfigSource;
import io.vigil.platform.security.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that TLS, SASL/SCRAM-SHA-512 and mutual TLS reach every Kafka client Vigil builds (admin,
 * producer, consumer, Kafka Streams) through one set of config keys: the {@code kafka.properties}
 * pass-through of the config file, with the secrets as {@code ${file:...}} references. The broker
 * is a real one (in-process KRaft) with three listeners: PLAINTEXT (inter-broker), SASL_SSL with
 * SCRAM users bootstrapped at format time, and SSL requiring a client certificate. Certificates
 * come from a throw-away CA built per run.
 */
class KafkaSecurityIT {
  private static final String PASSWORD = "store-secret-42";
  private static final String SCRAM_USER = "vigil-svc";
  private static final String SCRAM_PASSWORD = "scram-secret-0123456789";

  @TempDir static Path tmp;
  private static TestPki pki;
  private static EmbeddedKafka broker;

  @BeforeAll
  static void startSecuredBroker() throws Exception {
    pki = new TestPki(tmp.resolve("pki"), PASSWORD);
    Path brokerStore = pki.serverKeyStore("broker");
    int plain = EmbeddedKafka.freePort();
    int saslSsl = EmbeddedKafka.freePort();
    int ssl = EmbeddedKafka.freePort();
    int controller = EmbeddedKafka.freePort();
    Map<String, String> o = new LinkedHashMap<>();
    o.put("controller.quorum.voters", "1@127.0.0.1:" + controller);
    o.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:%d,SASL_SSL://127.0.0.1:%d,SSL://127.0.0.1:%d,CONTROLLER://127.0.0.1:%d"
            .formatted(plain, saslSsl, ssl, controller));
    o.put(
        "advertised.listeners",
        "PLAINTEXT://127.0.0.1:%d,SASL_SSL://127.0.0.1:%d,SSL://127.0.0.1:%d"
            .formatted(plain, saslSsl, ssl));
    o.put(
        "listener.security.protocol.map",
        "PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,SSL:SSL,CONTROLLER:PLAINTEXT");
    o.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
    o.put(
        "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    o.put("ssl.keystore.location", brokerStore.toString());
    o.put("ssl.keystore.password", PASSWORD);
    o.put("ssl.key.password", PASSWORD);
    o.put("ssl.keystore.type", "PKCS12");
    o.put("ssl.truststore.location", pki.trustStore().toString());
    o.put("ssl.truststore.password", PASSWORD);
    o.put("ssl.truststore.type", "PKCS12");
    // the SSL listener is the mTLS one: no client certificate, no connection
    o.put("listener.name.ssl.ssl.client.auth", "required");
    broker =
        EmbeddedKafka.start(
            tmp.resolve("kafka"),
            true,
            o,
            List.of("SCRAM-SHA-512=[name=%s,password=%s]".formatted(SCRAM_USER, SCRAM_PASSWORD)));
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void shouldRunAdminProducerConsumerAndStreamsOverSaslSslWithScramFromTheConfigFile()
      throws Exception {
    Path jaas = tmp.resolve("kafka-jaas");
    Files.writeString(
        jaas,
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"%s\" password=\"%s\";"
            .formatted(SCRAM_USER, SCRAM_PASSWORD));
    Path storePassword = tmp.resolve("truststore-password");
    Files.writeString(storePassword, PASSWORD);
    KafkaSettings kafka =
        settings(
            """
            kafka:
              bootstrapServers: %s
              properties:
                security.protocol: SASL_SSL
                sasl.mechanism: SCRAM-SHA-512
                sasl.jaas.config: ${file:%s}
                ssl.truststore.location: %s
                ssl.truststore.type: PKCS12
                ssl.truststore.password: ${file:%s}
            """
                .formatted(broker.listener("SASL_SSL"), jaas, pki.trustStore(), storePassword),
            "scram");

    assertThat(kafka.toString()).doesNotContain(SCRAM_PASSWORD).doesNotContain(PASSWORD);
    roundTripThroughEveryClient(kafka, "scram");
  }

  @Test
  void shouldRunAdminProducerConsumerAndStreamsOverMutualTlsFromTheConfigFile() throws Exception {
    Path clientStore = pki.clientKeyStore("vigil-correlator");
    Path storePassword = tmp.resolve("keystore-password");
    Files.writeString(storePassword, PASSWORD);
    KafkaSettings kafka =
        settings(
            """
            kafka:
              bootstrapServers: %s
              properties:
                security.protocol: SSL
                ssl.keystore.location: %s
                ssl.keystore.type: PKCS12
                ssl.keystore.password: ${file:%s}
                ssl.key.password: ${file:%s}
                ssl.truststore.location: %s
                ssl.truststore.type: PKCS12
                ssl.truststore.password: ${file:%s}
            """
                .formatted(
                    broker.listener("SSL"),
                    clientStore,
                    storePassword,
                    storePassword,
                    pki.trustStore(),
                    storePassword),
            "mtls");

    roundTripThroughEveryClient(kafka, "mtls");
  }

  @Test
  void shouldRefuseAWrongScramPasswordAndAClientWithoutCertificate() throws Exception {
    Path badJaas = tmp.resolve("bad-jaas");
    Files.writeString(
        badJaas,
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"%s\" password=\"wrong\";"
            .formatted(SCRAM_USER));
    Path storePassword = tmp.resolve("password");
    Files.writeString(storePassword, PASSWORD);
    KafkaSettings wrongPassword =
        settings(
            """
            kafka:
              bootstrapServers: %s
              properties:
                security.protocol: SASL_SSL
                sasl.mechanism: SCRAM-SHA-512
                sasl.jaas.config: ${file:%s}
                ssl.truststore.location: %s
                ssl.truststore.password: ${file:%s}
            """
                .formatted(broker.listener("SASL_SSL"), badJaas, pki.trustStore(), storePassword),
            "bad");
    KafkaSettings noCertificate =
        settings(
            """
            kafka:
              bootstrapServers: %s
              properties:
                security.protocol: SSL
                ssl.truststore.location: %s
                ssl.truststore.password: ${file:%s}
            """
                .formatted(broker.listener("SSL"), pki.trustStore(), storePassword),
            "bad");

    assertThatThrownBy(() -> listTopics(wrongPassword))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(SaslAuthenticationException.class);
    assertThatThrownBy(() -> listTopics(noCertificate))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(SslAuthenticationException.class);
  }

  private static KafkaSettings settings(String yaml, String name) throws Exception {
    Path config = tmp.resolve(name + ".yaml");
    Files.writeString(config, yaml);
    return KafkaSettings.fromConfig(ConfigSource.load(config))
        .withStateDir(tmp.resolve("state-" + name));
  }

  private static void listTopics(KafkaSettings kafka) throws Exception {
    Properties p = kafka.admin();
    p.put("default.api.timeout.ms", "10000");
    p.put("request.timeout.ms", "5000");
    try (Admin admin = Admin.create(p)) {
      admin.listTopics().names().get();
    }
  }

  /** Admin creates two topics, a producer writes, Streams upper-cases, a consumer reads. */
  private static void roundTripThroughEveryClient(KafkaSettings kafka, String name)
      throws Exception {
    String in = name + "-in";
    String out = name + "-out";
    try (Admin admin = Admin.create(kafka.admin())) {
      admin
          .createTopics(List.of(new NewTopic(in, 2, (short) 1), new NewTopic(out, 2, (short) 1)))
          .all()
          .get();
      // createTopics completes on the controller; the metadata a listTopics reads may lag a moment
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(admin.listTopics().names().get()).contains(in, out));
    }
    try (var producer =
        new KafkaProducer<>(
            kafka.producer(name + "-producer"), new StringSerializer(), new StringSerializer())) {
      for (String v : List.of("log4j-core", "jackson-databind", "spring-web")) {
        producer.send(new ProducerRecord<>(in, v, v)).get();
      }
    }
    StreamsBuilder b = new StreamsBuilder();
    b.stream(in, Consumed.with(Serdes.String(), Serdes.String()).withName("consume_from_in_topic"))
        .mapValues(v -> v.toUpperCase(java.util.Locale.ROOT), Named.as("upper_case"))
        .to(out, Produced.with(Serdes.String(), Serdes.String()).withName("produce_to_out_topic"));
    List<String> seen = new ArrayList<>();
    try (KafkaStreams streams = new KafkaStreams(b.build(), kafka.streams(name + "-app"));
        var consumer =
            new KafkaConsumer<>(
                kafka.consumer(name + "-reader", name + "-reader"),
                new StringDeserializer(),
                new StringDeserializer())) {
      streams.start();
      consumer.subscribe(List.of(out));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
                return seen.size() >= 3;
              });
      assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
    }
    assertThat(seen).containsExactlyInAnyOrder("LOG4J-CORE", "JACKSON-DATABIND", "SPRING-WEB");
  }
}
