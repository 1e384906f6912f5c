package io.vigil.bench;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Times the console's pages: each page's first request (cold: the console's JVM, its templates and
 * the query API's caches all cold), then {@code runs} rounds of {@code requests} requests per page,
 * the pages interleaved (so a burst of load on the shared machine hits every page alike). One
 * request is timed from sending it to the last byte of its answer over loopback: the console's
 * server time plus the loopback transfer, so an upper bound of the server time.
 */
final class ConsolePageTimes {
  /** A page to time: a name, its path, a text its answer must hold (else the run is void). */
  record Page(String name, String path, String mustContain) {}

  private ConsolePageTimes() {}

  /**
   * CPU time of this JVM (the console, the in-process broker, the client) and of the correlator's
   * child JVM, in microseconds: what a request costs whatever the load of the shared machine.
   */
  record Cpu(long consoleMicros, long correlatorMicros) {
    static Cpu now(long correlatorPid) {
      var os =
          (com.sun.management.OperatingSystemMXBean)
              java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      return new Cpu(os.getProcessCpuTime() / 1_000, procCpuMicros(correlatorPid));
    }

    Cpu minus(Cpu o) {
      return new Cpu(consoleMicros - o.consoleMicros, correlatorMicros - o.correlatorMicros);
    }
  }

  /** utime + stime of a process from /proc (clock ticks of 10 ms), in microseconds; -1: unknown. */
  static long procCpuMicros(long pid) {
    try {
      String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000;
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
  }

  /** CPU per second of both processes while nothing is asked (pollers, the broker's threads). */
  static Cpu idleRate(long correlatorPid, long millis) throws InterruptedException {
    Cpu a = Cpu.now(correlatorPid);
    Thread.sleep(millis);
    Cpu d = Cpu.now(correlatorPid).minus(a);
    return new Cpu(d.consoleMicros * 1000 / millis, d.correlatorMicros * 1000 / millis);
  }

  static Map<String, Object> measure(ConsoleClient client, List<Page> pages, int requests, int runs)
      throws Exception {
    return measure(client, pages, requests, runs, -1, new Cpu(0, 0));
  }

  /**
   * As above, and the CPU each request cost the console's JVM and the correlator's, less what they
   * spend idle in the same wall time ({@code idle}: per second).
   */
  static Map<String, Object> measure(
      ConsoleClient client, List<Page> pages, int requests, int runs, long correlatorPid, Cpu idle)
      throws Exception {
    Map<String, long[]> cpu = new LinkedHashMap<>();
    Map<String, Long> cold = new LinkedHashMap<>();
    Map<String, Integer> bytes = new LinkedHashMap<>();
    for (Page p : pages) {
      long t0 = System.nanoTime();
      HttpResponse<String> r = client.get(p.path());
      cold.put(p.name(), (System.nanoTime() - t0) / 1_000_000);
      check(p, r);
      bytes.put(p.name(), r.body().length());
    }
    Map<String, List<Long>> p95s = new LinkedHashMap<>();
    Map<String, List<Long>> medians = new LinkedHashMap<>();
    Map<String, List<Long>> maxes = new LinkedHashMap<>();
    for (int run = 0; run < runs; run++) {
      Map<String, List<Long>> times = new LinkedHashMap<>();
      for (int i = 0; i < requests; i++) {
        for (Page p : pages) {
          Cpu c0 = Cpu.now(correlatorPid);
          long t0 = System.nanoTime();
          HttpResponse<String> r = client.get(p.path());
          long micros = (System.nanoTime() - t0) / 1_000;
          Cpu used = Cpu.now(correlatorPid).minus(c0);
          long[] sum = cpu.computeIfAbsent(p.name(), k -> new long[3]);
          sum[0] += used.consoleMicros() - idle.consoleMicros() * micros / 1_000_000;
          sum[1] += used.correlatorMicros() - idle.correlatorMicros() * micros / 1_000_000;
          sum[2]++;
          check(p, r);
          times.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(micros);
        }
      }
      StringBuilder line = new StringBuilder("pages run " + run + " (p95 ms):");
      for (var e : times.entrySet()) {
        List<Long> s = BenchSupport.sorted(e.getValue());
        p95s.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
            .add(BenchSupport.quantile(s, 0.95));
        medians
            .computeIfAbsent(e.getKey(), k -> new ArrayList<>())
            .add(BenchSupport.quantile(s, 0.50));
        maxes.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(s.get(s.size() - 1));
        line.append(' ').append(e.getKey()).append('=').append(ms(BenchSupport.quantile(s, 0.95)));
      }
      BenchSupport.log(line + "; load " + BenchSupport.loadAverage());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Page p : pages) {
      List<Long> p95 = BenchSupport.sorted(p95s.get(p.name()));
      List<Long> med = BenchSupport.sorted(medians.get(p.name()));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", p.path());
      m.put("bytes", bytes.get(p.name()));
      m.put("cold_ms", cold.get(p.name()));
      m.put("median_ms", ms(med.get(med.size() / 2)));
      m.put("p95_ms_min", ms(p95.get(0)));
      m.put("p95_ms_median", ms(p95.get(p95.size() / 2)));
      m.put("p95_ms_max", ms(p95.get(p95.size() - 1)));
      m.put("max_ms", ms(BenchSupport.sorted(maxes.get(p.name())).get(runs - 1)));
      long[] c = cpu.get(p.name());
      if (correlatorPid > 0) {
        m.put("cpu_ms_console_jvm", ms(c[0] / c[2]));
        m.put("cpu_ms_correlator", ms(c[1] / c[2]));
      }
      out.put(p.name(), m);
    }
    return out;
  }

  private static void check(Page p, HttpResponse<String> r) {
    if (r.statusCode() != 200) {
      throw new IllegalStateException(p.name() + " " + p.path() + ": HTTP " + r.statusCode());
    }
    // a panel whose source the bench does not run (ingest-sbom's SBOM ages, the feeds' status
    // topic) says so and is left out; the query API's data, which it runs, must be whole
    if (r.body().contains("The query API could not answer completely")) {
      throw new IllegalStateException(p.name() + ": the page says its data is unavailable");
    }
    if (p.mustContain() != null && !r.body().contains(p.mustContain())) {
      throw new IllegalStateException(p.name() + ": the answer lacks '" + p.mustContain() + "'");
    }
  }

  /** Microseconds as milliseconds with one decimal. */
  static double ms(long micros) {
    return Math.round(micros / 100.0) / 10.0;
  }
}
