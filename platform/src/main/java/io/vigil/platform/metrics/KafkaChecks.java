package io.vigil.platform.metrics;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.streams.KafkaStreams;

/** Health checks for Kafka: broker reachable, Kafka Streams state. */
public final class KafkaChecks {
  private KafkaChecks() {}

  /**
   * Ready while Kafka Streams is RUNNING (a rebalancing or restoring instance is not ready: it
   * cannot answer queries for the partitions it is about to own).
   */
  public static Supplier<HealthChecks.Result> streamsRunning(KafkaStreams streams) {
    return () -> {
      KafkaStreams.State s = streams.state();
      return new HealthChecks.Result(s == KafkaStreams.State.RUNNING, s.name());
    };
  }

  /**
   * Alive unless Kafka Streams has failed for good (ERROR, or shutting down because of an error): a
   * restart is the remedy then. A clean shutdown in progress is still alive.
   */
  public static Supplier<HealthChecks.Result> streamsNotFailed(KafkaStreams streams) {
    return () -> {
      KafkaStreams.State s = streams.state();
      boolean failed = s == KafkaStreams.State.ERROR || s == KafkaStreams.State.PENDING_ERROR;
      return new HealthChecks.Result(!failed, s.name());
    };
  }

  /**
   * The broker answers a metadata request within {@code timeout}. The answer is cached for {@code
   * cacheFor}, so frequent probes cost one request per period.
   */
  public static BrokerCheck brokerReachable(
      Properties adminProperties, Duration timeout, Duration cacheFor) {
    return new BrokerCheck(adminProperties, timeout, cacheFor);
  }

  /** A cached {@code describeCluster} probe owning its admin client. */
  public static final class BrokerCheck implements Supplier<HealthChecks.Result>, AutoCloseable {
    private final Properties props;
    private final Duration timeout;
    private final long cacheNanos;
    private Admin admin;
    private HealthChecks.Result last;
    private long lastAt;

    BrokerCheck(Properties adminProperties, Duration timeout, Duration cacheFor) {
      this.props = new Properties();
      props.putAll(adminProperties);
      props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "vigil-health");
      props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
      props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
      this.timeout = timeout;
      this.cacheNanos = cacheFor.toNanos();
    }

    @Override
    public synchronized HealthChecks.Result get() {
      long now = System.nanoTime();
      if (last != null && now - lastAt < cacheNanos) {
        return last;
      }
      try {
        if (admin == null) {
          admin = Admin.create(props);
        }
        int nodes =
            admin
                .describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                .nodes()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .size();
        last =
            nodes > 0
                ? HealthChecks.Result.up(nodes + " broker" + (nodes == 1 ? "" : "s"))
                : HealthChecks.Result.down("no brokers");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        last = HealthChecks.Result.down("interrupted");
      } catch (Exception e) {
        Throwable c = e.getCause() == null ? e : e.getCause();
        last = HealthChecks.Result.down("unreachable: " + c.getClass().getSimpleName());
      }
      lastAt = now;
      return last;
    }

    @Override
    public synchronized void close() {
      if (admin != null) {
        admin.close(Duration.ofSeconds(2));
        admin = null;
      }
    }
  }
}
