package io.vigil.bench;

import io.vigil.correlator.PackageKeys;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.AffectedPackage;
import io.vigil.events.v1.AffectedRange;
import io.vigil.events.v1.Component;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.Feed;
import io.vigil.events.v1.RangeEvent;
import io.vigil.events.v1.RangeEventKind;
import io.vigil.events.v1.RangeType;
import io.vigil.events.v1.Severity;
import io.vigil.events.v1.SourceRef;
import io.vigil.platform.kafka.KafkaSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/** Synthetic inventories and advisories, offsets, process and disk measurements for benchmarks. */
final class BenchSupport {
  static final String LOG4J_NAME = "org.apache.logging.log4j:log4j-core";
  static final String LOG4J_PURL = "pkg:maven/org.apache.logging.log4j/log4j-core@";

  /** Distinct synthetic libraries the projects draw their other components from. */
  static final int UNIVERSE = 20_000;

  private BenchSupport() {}

  /** Component {@code j} of project {@code i}: log4j-core first (affected when i < affected). */
  static ComponentEvent component(int project, int j, int affected) {
    return component(project, j, new int[] {affected});
  }

  /**
   * Component {@code j} of project {@code i}, log4j-core first at the version of the project's tier
   * ({@link #log4jVersion}).
   */
  static ComponentEvent component(int project, int j, int[] tiers) {
    String purl;
    if (j == 0) {
      purl = LOG4J_PURL + log4jVersion(project, tiers);
    } else {
      int lib = (project + j * 50) % UNIVERSE;
      purl = "pkg:maven/bench.lib" + lib + "/lib" + lib + "@1." + (project % 7) + ".0";
    }
    String projectId = "project-" + project;
    return ComponentEvent.newBuilder()
        .setEventId(projectId + ":" + purl)
        .setProjectId(projectId)
        .setProject(projectId)
        .setSubmissionId("bench-" + projectId)
        .setChange(ComponentChange.ADDED)
        .setComponent(
            Component.newBuilder()
                .setPurl(purl)
                .setPackageKey(PackageKeys.ofPurl(purl))
                .setName(purl.substring(purl.lastIndexOf('/') + 1, purl.indexOf('@')))
                .setVersion(purl.substring(purl.indexOf('@') + 1))
                .build())
        .setInitialInventory(true)
        .setReceivedAt(Instant.now())
        .build();
  }

  /**
   * The log4j-core version of a project when the affected counts are {@code tiers} (ascending): the
   * projects below {@code tiers[0]} ship 2.14.1, those below {@code tiers[k]} 2.(14-k).1, the rest
   * 2.17.1 (not affected); so {@link #log4shellTier}(k) affects exactly the first {@code tiers[k]}
   * projects.
   */
  static String log4jVersion(int project, int[] tiers) {
    for (int k = 0; k < tiers.length; k++) {
      if (project < tiers[k]) {
        return "2." + (14 - k) + ".1";
      }
    }
    return "2.17.1";
  }

  /**
   * A Log4Shell-like advisory affecting the projects of tiers 0..k of {@link #log4jVersion}: from
   * 2.(14-k).0 up to 2.15.0.
   */
  static Advisory log4shellTier(String id, String cve, int k) {
    if (k < 0 || k > 12) {
      throw new IllegalArgumentException("tier " + k + " (0..12)");
    }
    return advisory(id, cve, "Maven", LOG4J_NAME, "2." + (14 - k) + ".0", "2.15.0");
  }

  /** A Log4Shell-like advisory (affects log4j-core 2.0-beta9 up to 2.15.0). */
  static Advisory log4shell(String id, String cve) {
    return advisory(id, cve, "Maven", LOG4J_NAME, "2.0-beta9", "2.15.0");
  }

  /** A synthetic advisory for synthetic library {@code lib}, affecting 1.0.0 up to 1.3.0. */
  static Advisory libraryAdvisory(int n, int lib) {
    return advisory(
        "BENCH-" + n,
        "CVE-2099-" + (100000 + n),
        "Maven",
        "bench.lib" + lib + ":lib" + lib,
        "1.0.0",
        "1.3.0");
  }

  static Advisory advisory(
      String id, String cve, String ecosystem, String name, String introduced, String fixed) {
    Instant now = Instant.now();
    return Advisory.newBuilder()
        .setId(id)
        .setAliases(List.of(cve))
        .setModified(now)
        .setSummary("benchmark advisory " + id)
        .setSeverities(
            List.of(
                new Severity(
                    "CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0, "CRITICAL")))
        .setAffected(
            List.of(
                AffectedPackage.newBuilder()
                    .setEcosystem(ecosystem)
                    .setName(name)
                    .setPackageKey(PackageKeys.ofOsv(ecosystem, name))
                    .setRanges(
                        List.of(
                            AffectedRange.newBuilder()
                                .setType(RangeType.ECOSYSTEM)
                                .setEvents(
                                    List.of(
                                        new RangeEvent(RangeEventKind.INTRODUCED, introduced),
                                        new RangeEvent(RangeEventKind.FIXED, fixed)))
                                .build()))
                    .build()))
        .setSource(new SourceRef(Feed.OSV, "bench", null))
        .setIngestedAt(now)
        .build();
  }

  /**
   * The benchmarks' input producer: {@link KafkaSettings#producer} without idempotence (one request
   * in flight per connection, so retries keep the order) and with long timeouts. On this saturated
   * machine the in-process broker refused the idempotent producer's batches over and over
   * (OutOfOrderSequenceException, sequence 0 against a later one), which stalled a benchmark for
   * minutes; the inputs only need to arrive, in order (a duplicate advisory is a no-op for the
   * correlator, and the checks count distinct results).
   */
  static Properties producer(KafkaSettings kafka, String clientId) {
    Properties p = kafka.producer(clientId);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "120000");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "900000");
    return p;
  }

  /** Sends every record and waits until each is acknowledged (a failed send is an error). */
  static <V> void sendAll(
      KafkaProducer<String, V> producer, List<ProducerRecord<String, V>> records)
      throws InterruptedException, ExecutionException {
    List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
    for (ProducerRecord<String, V> r : records) {
      sent.add(producer.send(r));
    }
    producer.flush();
    for (Future<RecordMetadata> f : sent) {
      f.get();
    }
  }

  /** Committed offsets of a consumer group (a Streams application id), summed per topic. */
  static Map<String, Long> committed(Admin admin, String group)
      throws InterruptedException, ExecutionException {
    Map<String, Long> out = new HashMap<>();
    admin
        .listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata()
        .get()
        .forEach(
            (tp, om) -> {
              if (om != null) {
                out.merge(tp.topic(), om.offset(), Long::sum);
              }
            });
    return out;
  }

  /** End offsets of topics, summed per topic. */
  static Map<String, Long> ends(Admin admin, Collection<String> topics)
      throws InterruptedException, ExecutionException {
    Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
    for (var d : admin.describeTopics(topics).allTopicNames().get().values()) {
      d.partitions()
          .forEach(
              p -> specs.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
    }
    Map<String, Long> out = new HashMap<>();
    admin
        .listOffsets(specs, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
        .all()
        .get()
        .forEach((tp, r) -> out.merge(tp.topic(), r.offset(), Long::sum));
    return out;
  }

  /**
   * Waits until {@code group} has committed (within one transaction marker per partition) up to the
   * end of every listed topic; returns false on timeout.
   */
  static boolean awaitCaughtUp(
      Admin admin, String group, Collection<String> topics, int partitionsEach, long timeoutMs)
      throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMs;
    long lastLog = System.currentTimeMillis();
    while (System.currentTimeMillis() < deadline) {
      Map<String, Long> c = committed(admin, group);
      Map<String, Long> e = ends(admin, topics);
      boolean done = true;
      StringBuilder lags = new StringBuilder();
      for (String t : topics) {
        long lag = e.getOrDefault(t, 0L) - c.getOrDefault(t, 0L);
        lags.append(' ').append(t.substring(t.lastIndexOf('.') + 1)).append('=').append(lag);
        if (lag > 2L * partitionsEach) {
          done = false;
        }
      }
      if (done) {
        return true;
      }
      if (System.currentTimeMillis() - lastLog > 5000) {
        log(group + " lag:" + lags);
        lastLog = System.currentTimeMillis();
      }
      Thread.sleep(200);
    }
    return false;
  }

  /**
   * Waits until the Streams application {@code appId} has caught up (as {@link #awaitCaughtUp})
   * with {@code inputs} and with every one of its own repartition topics, listed from the broker: a
   * later stage still working through a backlog (the SYSTEMIC fan-in after a load) would otherwise
   * compete with what a benchmark measures next.
   */
  static boolean awaitQuiescent(
      Admin admin, String appId, Collection<String> inputs, int partitionsEach, long timeoutMs)
      throws Exception {
    List<String> topics = new ArrayList<>(inputs);
    for (String t : admin.listTopics().names().get()) {
      if (t.startsWith(appId + "-") && t.endsWith("-repartition") && !topics.contains(t)) {
        topics.add(t);
      }
    }
    Collections.sort(topics);
    return awaitCaughtUp(admin, appId, topics, partitionsEach, timeoutMs);
  }

  /**
   * Waits until {@code group} has committed every record of the listed topics: per partition, up to
   * its end offset or the transaction marker before it (exact, unlike {@link #awaitCaughtUp}, which
   * allows a few records per topic and so cannot tell whether one record was processed); returns
   * false on timeout.
   */
  static boolean awaitCommittedEverything(
      Admin admin, String group, Collection<String> topics, long timeoutMs) throws Exception {
    Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
    for (var d : admin.describeTopics(topics).allTopicNames().get().values()) {
      d.partitions()
          .forEach(
              p -> specs.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
    }
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin
        .listOffsets(specs, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
        .all()
        .get()
        .forEach((tp, r) -> ends.put(tp, r.offset()));
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (System.currentTimeMillis() < deadline) {
      var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      boolean done = true;
      for (var e : ends.entrySet()) {
        var om = committed.get(e.getKey());
        long c = om == null ? 0 : om.offset();
        if (c < e.getValue() - 1) {
          done = false;
          break;
        }
      }
      if (done) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  /** Resident set size of a process in bytes (Linux /proc), or -1. */
  static long rssBytes(long pid) {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                Files.newInputStream(Path.of("/proc/" + pid + "/status")),
                StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /**
   * CPU time (user + system) a process has used so far, in milliseconds (Linux /proc, 10 ms
   * resolution), or -1: the correlator's own cost, whatever else the machine runs.
   */
  static long cpuMillis(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10; // utime + stime, USER_HZ 100
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Bytes of every file under a directory. */
  static long diskBytes(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  return 0;
                }
              })
          .sum();
    }
  }

  static void deleteQuietly(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // temporary benchmark state
    }
  }

  /** The q-quantile (0..1) of sorted values (nearest rank). */
  static long quantile(List<Long> sorted, double q) {
    if (sorted.isEmpty()) {
      return -1;
    }
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  static List<Long> sorted(Collection<Long> values) {
    List<Long> out = new ArrayList<>(values);
    out.sort(Long::compare);
    return out;
  }

  /** The 1-minute load average (other processes share this machine's cores), or -1. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  static void log(String s) {
    System.err.println("bench: " + s);
  }

  /** A TCP port free on this host now (for a child's HTTP API). */
  static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
