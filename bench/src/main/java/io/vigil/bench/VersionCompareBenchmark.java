package io.vigil.bench;

import io.vigil.core.version.Version;
import io.vigil.core.version.VersionScheme;
import io.vigil.core.version.VersionSchemes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Comparisons per second per ecosystem, on one thread, over random pairs of the versions found in
 * the shared OSV records. Two shapes: {@code compareParsed} (both versions parsed beforehand: what
 * the correlator does, it parses a component once and an advisory's events once) and {@code
 * parseAndCompare} (two strings in, as {@code vigil versions compare} does).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class VersionCompareBenchmark {
  static final int PAIRS = 1024;

  @Param({"Maven", "npm", "Go", "crates.io", "PyPI", "Packagist", "RubyGems", "NuGet", "Ubuntu"})
  public String ecosystem;

  private String[] left;
  private String[] right;
  private Version[] leftParsed;
  private Version[] rightParsed;
  private VersionScheme scheme;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    scheme = VersionSchemes.forEcosystem(ecosystem).orElseThrow();
    Map<String, List<String>> all = BenchData.versionsByEcosystem(BenchData.records());
    List<String> versions = new ArrayList<>(all.get(ecosystem));
    versions.removeIf(v -> !scheme.parse(v).isValid());
    Collections.shuffle(versions, new Random(42));
    Random r = new Random(7);
    left = new String[PAIRS];
    right = new String[PAIRS];
    leftParsed = new Version[PAIRS];
    rightParsed = new Version[PAIRS];
    for (int i = 0; i < PAIRS; i++) {
      left[i] = versions.get(r.nextInt(versions.size()));
      right[i] = versions.get(r.nextInt(versions.size()));
      leftParsed[i] = scheme.parse(left[i]);
      rightParsed[i] = scheme.parse(right[i]);
    }
  }

  @Benchmark
  @OperationsPerInvocation(PAIRS)
  public void compareParsed(Blackhole bh) {
    for (int i = 0; i < PAIRS; i++) {
      bh.consume(leftParsed[i].compareTo(rightParsed[i]));
    }
  }

  @Benchmark
  @OperationsPerInvocation(PAIRS)
  public void parseAndCompare(Blackhole bh) {
    for (int i = 0; i < PAIRS; i++) {
      bh.consume(scheme.parse(left[i]).compareTo(scheme.parse(right[i])));
    }
  }
}
