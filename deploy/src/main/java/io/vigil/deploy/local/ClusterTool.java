package io.vigil.deploy.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.StringJoiner;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;

/**
 * The Java half of {@code deploy/local/cluster.sh}: the steps a shell cannot do well. Each
 * subcommand is one JVM start; the script runs it from the distribution's classpath.
 *
 * <pre>
 * free-ports N                         N distinct free TCP ports on 127.0.0.1, space-separated
 * cluster-id                           a new KRaft cluster id (never starting with '-')
 * format CLUSTER_ID PROPS...           format the storage of every node (one JVM for all)
 * await BOOTSTRAP BROKERS TIMEOUT_S    wait until BROKERS brokers are registered and unfenced and
 *                                      every controller voter has caught up; prints the layout
 * </pre>
 *
 * Exit code 0 on success, 1 with a message on stderr otherwise.
 */
public final class ClusterTool {
  private ClusterTool() {}

  public static void main(String[] args) {
    try {
      System.exit(run(args, System.out));
    } catch (Exception e) {
      System.err.println("cluster-tool: " + e.getMessage());
      System.exit(1);
    }
  }

  static int run(String[] args, PrintStream out) throws Exception {
    if (args.length == 0) {
      throw new IllegalArgumentException(
          "usage: free-ports N | cluster-id | format ID PROPS... | await BOOTSTRAP N TIMEOUT_S");
    }
    switch (args[0]) {
      case "free-ports" -> out.println(String.join(" ", freePorts(Integer.parseInt(args[1]))));
      case "cluster-id" -> out.println(clusterId());
      case "format" -> {
        for (String props : Arrays.copyOfRange(args, 2, args.length)) {
          format(args[1], props);
        }
      }
      case "await" ->
          out.println(
              await(
                  args[1], Integer.parseInt(args[2]), Duration.ofSeconds(Long.parseLong(args[3]))));
      default -> throw new IllegalArgumentException("unknown subcommand " + args[0]);
    }
    return 0;
  }

  /** Ports are held open together while choosing, so they are distinct. */
  static List<String> freePorts(int n) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        sockets.add(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
      }
      return sockets.stream().map(s -> Integer.toString(s.getLocalPort())).toList();
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
  }

  /** Kafka's own {@link Uuid#randomUuid()} never starts with '-' (a CLI parser would choke). */
  static String clusterId() {
    return Uuid.randomUuid().toString();
  }

  static void format(String clusterId, String propsFile) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int rc;
    try (PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
      rc = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", propsFile}, ps);
    }
    if (rc != 0) {
      throw new IllegalStateException(
          "formatting " + propsFile + " failed: " + buf.toString(StandardCharsets.UTF_8));
    }
  }

  /**
   * Waits until {@code brokers} brokers are registered and unfenced and no controller voter lags
   * the leader; returns a one-line description of the cluster.
   */
  static String await(String bootstrap, int brokers, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
    String last = "no answer";
    try (Admin admin = Admin.create(p)) {
      while (System.nanoTime() < deadline) {
        try {
          Collection<Node> nodes = admin.describeCluster().nodes().get();
          QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get();
          long leaderEnd =
              quorum.voters().stream()
                  .filter(v -> v.replicaId() == quorum.leaderId())
                  .mapToLong(QuorumInfo.ReplicaState::logEndOffset)
                  .findFirst()
                  .orElse(-1);
          boolean votersCaughtUp =
              quorum.voters().stream().allMatch(v -> v.logEndOffset() >= leaderEnd - 1);
          StringJoiner ids = new StringJoiner(",");
          nodes.stream().map(Node::idString).sorted().forEach(ids::add);
          last =
              "brokers ["
                  + ids
                  + "], controller leader "
                  + quorum.leaderId()
                  + ", voters "
                  + quorum.voters().size()
                  + (votersCaughtUp ? " (caught up)" : " (catching up)");
          if (nodes.size() >= brokers && votersCaughtUp) {
            return last;
          }
        } catch (Exception e) {
          last = e.getCause() == null ? e.toString() : e.getCause().toString();
        }
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException(
        "cluster at " + bootstrap + " not ready after " + timeout.toSeconds() + " s: " + last);
  }
}
