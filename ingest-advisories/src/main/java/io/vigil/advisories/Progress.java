package io.vigil.advisories;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a long load on stderr, at most every two seconds: done/total, records/s, published,
 * unchanged and rejected so far. Not thread-safe: the ingest loop reports from one thread.
 */
public final class Progress {
  private static final long EVERY_NANOS = 2_000_000_000L;

  private final String label;
  private final PrintStream out;
  private final long start = System.nanoTime();
  private long total = -1;
  private long done;
  private long published;
  private long unchanged;
  private long rejected;
  private long lastPrint = System.nanoTime();
  private java.time.Instant newestRecord;

  public Progress(String label, PrintStream out) {
    this.label = label;
    this.out = out;
  }

  /**
   * The newest record the source holds (feed freshness), when the feed knows it better than the
   * published records' {@code modified} times (KEV: the newest {@code dateAdded}).
   */
  public void newestRecord(java.time.Instant at) {
    if (at != null && (newestRecord == null || at.isAfter(newestRecord))) {
      newestRecord = at;
    }
  }

  /** See {@link #newestRecord(java.time.Instant)}; null when the source did not say. */
  public java.time.Instant newestRecord() {
    return newestRecord;
  }

  /** A progress that prints nothing (tests, the demo). */
  public static Progress silent(String label) {
    return new Progress(label, null);
  }

  public void total(long n) {
    this.total = n;
  }

  public void addTotal(long n) {
    this.total = total < 0 ? n : total + n;
  }

  public void published(long n) {
    published += n;
    done += n;
    tick();
  }

  public void unchanged(long n) {
    unchanged += n;
    done += n;
    tick();
  }

  public void rejected(long n) {
    rejected += n;
    done += n;
    tick();
  }

  public long published() {
    return published;
  }

  public long unchanged() {
    return unchanged;
  }

  public long rejected() {
    return rejected;
  }

  public long done() {
    return done;
  }

  private void tick() {
    long now = System.nanoTime();
    if (out != null && now - lastPrint >= EVERY_NANOS) {
      lastPrint = now;
      out.println(line(now));
    }
  }

  /** The final line: prints it and returns it. */
  public String finish() {
    String l = line(System.nanoTime()) + " done";
    if (out != null) {
      out.println(l);
    }
    return l;
  }

  private String line(long now) {
    double secs = Math.max(1e-9, (now - start) / 1e9);
    return String.format(
        Locale.ROOT,
        "ingest-advisories: %s: %,d%s records (%,.0f records/s, %.1f s): %,d published, %,d unchanged, %,d rejected",
        label,
        done,
        total >= 0 ? "/" + String.format(Locale.ROOT, "%,d", total) : "",
        done / secs,
        secs,
        published,
        unchanged,
        rejected);
  }
}
