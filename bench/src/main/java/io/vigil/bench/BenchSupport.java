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
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
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
    String purl;
    if (j == 0) {
      purl = LOG4J_PURL + (project < affected ? "2.14.1" : "2.17.1");
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
}
