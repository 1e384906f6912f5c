package io.vigil.bench;

import io.vigil.core.policy.Policy;
import io.vigil.core.policy.PolicyInput;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a policy of N rules costs per exposure, as this thread's CPU time (less sensitive than wall
 * time to the other work on a shared machine) and as wall time: warm-up, then {@code rounds} rounds
 * of {@code perRound} evaluations of an exposure no rule matches (every rule evaluated); prints one
 * JSON line with min/median/max per evaluation and the cold start of this JVM (from {@code main} to
 * the first evaluation: CEL's class loading, the environment, N compilations).
 *
 * <p>{@code bench/run.sh policy [rules] [rounds] [perRound]}
 */
public final class PolicyCostBench {
  private PolicyCostBench() {}

  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    int rules = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int perRound = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
    Instant now = Instant.parse("2026-03-01T00:00:00Z");
    Policy policy = Policy.parse(PolicyRules.yaml(rules), "bench-policy.yaml");
    PolicyInput miss = PolicyRules.input("shop", 10.0);
    if (policy.evaluate(miss, now).decided()) {
      throw new IllegalStateException("a rule matched the no-match input");
    }
    double coldStartMs = (System.nanoTime() - start) / 1e6;
    double coldStartCpuMs =
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime()
            / 1e6;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sink = 0;
    for (int i = 0; i < 4 * perRound; i++) {
      sink += policy.evaluate(miss, now).decided() ? 1 : 0;
    }
    double[] cpu = new double[rounds];
    double[] wall = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long c0 = threads.getCurrentThreadCpuTime();
      long w0 = System.nanoTime();
      for (int i = 0; i < perRound; i++) {
        sink += policy.evaluate(miss, now).decided() ? 1 : 0;
      }
      wall[r] = (System.nanoTime() - w0) / 1e3 / perRound;
      cpu[r] = (threads.getCurrentThreadCpuTime() - c0) / 1e3 / perRound;
    }
    Arrays.sort(cpu);
    Arrays.sort(wall);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("bench", "policy");
    out.put("rules", rules);
    out.put("evaluations", rounds * perRound);
    out.put("cpu_us_per_exposure_min", round(cpu[0]));
    out.put("cpu_us_per_exposure_median", round(cpu[rounds / 2]));
    out.put("cpu_us_per_exposure_max", round(cpu[rounds - 1]));
    out.put("wall_us_per_exposure_min", round(wall[0]));
    out.put("wall_us_per_exposure_median", round(wall[rounds / 2]));
    out.put("wall_us_per_exposure_max", round(wall[rounds - 1]));
    out.put("cold_start_ms", round(coldStartMs));
    out.put("cold_start_process_cpu_ms", round(coldStartCpuMs));
    out.put("cores", Runtime.getRuntime().availableProcessors());
    out.put("load_average", Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    out.put("sink", sink);
    StringBuilder b = new StringBuilder("{");
    out.forEach(
        (k, v) -> {
          if (b.length() > 1) {
            b.append(',');
          }
          b.append('"').append(k).append("\":");
          b.append(v instanceof String ? "\"" + v + "\"" : v);
        });
    System.out.println(b.append('}'));
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
