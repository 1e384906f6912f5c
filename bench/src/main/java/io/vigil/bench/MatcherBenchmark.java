package io.vigil.bench;

import io.vigil.core.osv.Advisory;
import io.vigil.core.osv.AffectedEntry;
import io.vigil.core.osv.Matcher;
import io.vigil.core.osv.OsvRecord;
import io.vigil.core.purl.PackageIdentity;
import io.vigil.core.version.Version;
import io.vigil.core.version.VersionSchemes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The correlator's per-record call: one component (log4j-core 2.14.1) against the prepared entries
 * of every shared advisory naming log4j-core, component version parsed once ({@code
 * evaluateParsedVersion}) or per call ({@code evaluateFromPurlIdentity}). Score = advisories
 * evaluated per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class MatcherBenchmark {
  private PackageIdentity component;
  private Version parsed;
  private List<List<AffectedEntry>> advisories;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    component =
        PackageIdentity.fromPurl("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1")
            .orElseThrow();
    parsed = VersionSchemes.maven().parse("2.14.1");
    advisories = new ArrayList<>();
    for (OsvRecord r : BenchData.records()) {
      List<AffectedEntry> e = Advisory.of(r).entriesFor(component.key());
      if (!e.isEmpty()) {
        advisories.add(e);
      }
    }
    if (advisories.isEmpty()) {
      throw new IllegalStateException("no log4j-core advisory in the shared data");
    }
  }

  @Benchmark
  public Object evaluateParsedVersion() {
    List<AffectedEntry> e = advisories.get(next++ % advisories.size());
    return Matcher.evaluate(component, parsed, e);
  }

  @Benchmark
  public Object evaluateFromPurlIdentity() {
    List<AffectedEntry> e = advisories.get(next++ % advisories.size());
    return Matcher.evaluate(component, e);
  }
}
