package io.vigil.testkit.kafka;

import io.vigil.deploy.EmbeddedKafka;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives tests a real Kafka broker, chosen once per test run and shared by every test class:
 *
 * <ol>
 *   <li>{@code KAFKA_BOOTSTRAP_SERVERS} (environment or system property) when set: any real
 *       cluster, e.g. the 3-broker cluster of {@code deploy/local};
 *   <li>else Testcontainers' {@code KafkaContainer} when a Docker engine is available;
 *   <li>else an in-process KRaft broker ({@link EmbeddedKafka}), the default on machines without
 *       Docker.
 * </ol>
 *
 * Use {@code @ExtendWith(KafkaBrokerExtension.class)} and take a {@link KafkaBroker} parameter in a
 * constructor, {@code @BeforeAll} or test method. Tests must create their own topics (auto-create
 * is off) and use unique names or application ids, because the broker is shared.
 */
public final class KafkaBrokerExtension implements ParameterResolver {
  private static final Logger log = LoggerFactory.getLogger(KafkaBrokerExtension.class);
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(KafkaBrokerExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == KafkaBroker.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return broker(e);
  }

  /** The run-wide broker, started on first use and stopped when the test run ends. */
  public static KafkaBroker broker(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NS)
        .getOrComputeIfAbsent("broker", k -> startBroker(), Holder.class)
        .broker;
  }

  private static Holder startBroker() {
    String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
    if (external == null || external.isBlank()) {
      external = System.getProperty("KAFKA_BOOTSTRAP_SERVERS");
    }
    if (external != null && !external.isBlank()) {
      log.info("tests use the external Kafka cluster at {}", external);
      return new Holder(new Fixed(external, "external"), () -> {});
    }
    if (Containers.dockerAvailable()) {
      Containers.Running c = Containers.startKafka();
      log.info("tests use a Testcontainers Kafka broker at {}", c.bootstrapServers());
      return new Holder(new Fixed(c.bootstrapServers(), "testcontainers"), c::stop);
    }
    EmbeddedKafka kafka = EmbeddedKafka.start();
    log.info("tests use an in-process Kafka broker at {}", kafka.bootstrapServers());
    return new Holder(new Fixed(kafka.bootstrapServers(), "in-process"), kafka::close);
  }

  private record Fixed(String bootstrapServers, String kind) implements KafkaBroker {}

  /** Closed by JUnit when the root context closes (end of the run). */
  private static final class Holder implements ExtensionContext.Store.CloseableResource {
    final KafkaBroker broker;
    final Runnable stop;

    Holder(KafkaBroker broker, Runnable stop) {
      this.broker = broker;
      this.stop = stop;
    }

    @Override
    public void close() {
      stop.run();
    }
  }
}
