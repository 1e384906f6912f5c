package io.vigil.bench;

import io.vigil.core.policy.Policy;
import io.vigil.core.policy.PolicyEvaluation;
import io.vigil.core.policy.PolicyInput;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of deciding one exposure with a policy of {@code rules} CEL rules ({@link PolicyRules}):
 * {@code noRuleMatches} evaluates every rule (the worst case, and the common one: most exposures
 * are not triaged away), {@code rule25Decides} stops at the 26th. Score = µs per exposure.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class PolicyBenchmark {
  private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

  @Param({"50"})
  public int rules;

  private Policy policy;
  private PolicyInput miss;
  private PolicyInput rule25;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    policy = Policy.parse(PolicyRules.yaml(rules), "bench-policy.yaml");
    miss = PolicyRules.input("shop", 10.0);
    rule25 = PolicyRules.input("legacy-25", 5.0);
    if (policy.evaluate(miss, NOW).decided()) {
      throw new IllegalStateException("a rule matched the no-match input");
    }
    if (rules > 25 && !"rule-25".equals(policy.evaluate(rule25, NOW).rule().name())) {
      throw new IllegalStateException("rule-25 did not decide");
    }
  }

  @Benchmark
  public PolicyEvaluation noRuleMatches() {
    return policy.evaluate(miss, NOW);
  }

  @Benchmark
  public PolicyEvaluation rule25Decides() {
    return policy.evaluate(rule25, NOW);
  }
}
