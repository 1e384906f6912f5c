package io.vigil.deploy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker (KRaft, broker and controller in one node) inside this JVM: the
 * default for {@code vigil demo} and for integration tests when no other broker is given. Same wire
 * protocol, same transactions, same log as a standalone broker; ready in about 2 s.
 *
 * <p>Restarting on the same {@code dataDir} keeps every topic (the storage is formatted once).
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

  private final Path dataDir;
  private final boolean deleteOnClose;
  private final String bootstrap;
  private final KafkaRaftServer server;
  private final Map<String, String> listeners;

  private EmbeddedKafka(
      Path dataDir,
      boolean deleteOnClose,
      String bootstrap,
      KafkaRaftServer s,
      Map<String, String> listeners) {
    this.dataDir = dataDir;
    this.deleteOnClose = deleteOnClose;
    this.bootstrap = bootstrap;
    this.server = s;
    this.listeners = Map.copyOf(listeners);
  }

  /** {@code NAME://host:port,...} → name → {@code host:port}, in order. */
  private static Map<String, String> listeners(String advertised) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String l : advertised.split(",")) {
      int i = l.indexOf("://");
      m.put(l.substring(0, i).trim(), l.substring(i + 3).trim());
    }
    return m;
  }

  /** Starts a broker on free ports with its data in a temporary directory deleted on close. */
  public static EmbeddedKafka start() {
    try {
      return start(Files.createTempDirectory("vigil-kafka-"), true, Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts a broker whose data lives in {@code dataDir}. When the directory already holds a
   * formatted log (a previous run), the broker restarts on it, on the same ports.
   *
   * @param overrides broker properties that replace the defaults
   */
  public static EmbeddedKafka start(
      Path dataDir, boolean deleteOnClose, Map<String, String> overrides) {
    return start(dataDir, deleteOnClose, overrides, List.of());
  }

  /**
   * Like {@link #start(Path, boolean, Map)}, with SCRAM credentials written into the metadata log
   * when the storage is formatted (KRaft's way to bootstrap SASL/SCRAM users), each as {@code
   * SCRAM-SHA-512=[name=alice,password=alice-secret]}. With several listeners in the overrides,
   * {@link #bootstrapServers()} is the PLAINTEXT one (if any) and {@link #listener(String)} gives
   * the others.
   */
  public static EmbeddedKafka start(
      Path dataDir,
      boolean deleteOnClose,
      Map<String, String> overrides,
      List<String> scramCredentials) {
    long t0 = System.nanoTime();
    try {
      Files.createDirectories(dataDir);
      Path propsFile = dataDir.resolve("server.properties");
      Path logDir = dataDir.resolve("log");
      Properties props = new Properties();
      boolean formatted = Files.exists(logDir.resolve("meta.properties"));
      if (formatted && Files.exists(propsFile)) {
        try (var in = Files.newInputStream(propsFile)) {
          props.load(in);
        }
      } else {
        int port = freePort();
        int controllerPort = freePort();
        props.putAll(defaults(port, controllerPort, logDir));
      }
      props.putAll(overrides);
      try (OutputStream out = Files.newOutputStream(propsFile)) {
        props.store(out, "vigil embedded broker");
      }
      if (!formatted) {
        format(propsFile, scramCredentials);
      }
      KafkaConfig config = KafkaConfig.fromProps(props, false);
      KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
      server.startup();
      Map<String, String> listeners = listeners(props.getProperty("advertised.listeners"));
      String bootstrap = listeners.getOrDefault("PLAINTEXT", listeners.values().iterator().next());
      EmbeddedKafka kafka = new EmbeddedKafka(dataDir, deleteOnClose, bootstrap, server, listeners);
      if (listeners.containsKey("PLAINTEXT")) {
        kafka.awaitReady(Duration.ofSeconds(60));
      }
      log.info(
          "Kafka broker ready at {} in {} ms (data: {})",
          bootstrap,
          (System.nanoTime() - t0) / 1_000_000,
          dataDir);
      return kafka;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> defaults(int port, int controllerPort, Path logDir) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    p.put("num.partitions", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "3");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "3");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    // Vigil creates its topics from the catalog; an auto-created topic would hide a typo.
    // Kafka Streams creates its internal topics through the admin API, which is unaffected.
    p.put("auto.create.topics.enable", "false");
    p.put("message.max.bytes", Integer.toString(8 * 1024 * 1024));
    p.put("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
    p.put("log.retention.check.interval.ms", "60000");
    return p;
  }

  private static void format(Path propsFile, List<String> scramCredentials) {
    String clusterId = Uuid.randomUuid().toString();
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    List<String> args =
        new ArrayList<>(List.of("format", "-t", clusterId, "-c", propsFile.toString()));
    for (String c : scramCredentials) {
      args.add("--add-scram");
      args.add(c);
    }
    int rc;
    try (PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
      rc = StorageTool.execute(args.toArray(String[]::new), ps);
    }
    if (rc != 0) {
      throw new IllegalStateException(
          "formatting the broker storage failed: " + buf.toString(StandardCharsets.UTF_8));
    }
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
    try (Admin admin = Admin.create(p)) {
      while (true) {
        try {
          if (!admin.describeCluster().nodes().get().isEmpty()) {
            return;
          }
        } catch (Exception e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("broker at " + bootstrap + " not ready: " + e, e);
          }
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("broker at " + bootstrap + " not ready in " + timeout);
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(ie);
        }
      }
    }
  }

  /** A free TCP port on the loopback interface (for listener overrides). */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  /** {@code host:port} for clients. */
  public String bootstrapServers() {
    return bootstrap;
  }

  /** {@code host:port} of an advertised listener by name (e.g. {@code SASL_SSL}). */
  public String listener(String name) {
    String l = listeners.get(name);
    if (l == null) {
      throw new IllegalArgumentException(
          "no listener " + name + " (have " + listeners.keySet() + ")");
    }
    return l;
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() {
    long t0 = System.nanoTime();
    server.shutdown();
    server.awaitShutdown();
    if (deleteOnClose) {
      deleteRecursively(dataDir);
    }
    log.info(
        "Kafka broker at {} stopped in {} ms", bootstrap, (System.nanoTime() - t0) / 1_000_000);
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.warn("could not delete {}: {}", dir, e.toString());
    }
  }
}
