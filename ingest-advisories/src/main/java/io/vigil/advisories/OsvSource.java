package io.vigil.advisories;

import io.vigil.advisories.limits.FeedLimitException;
import io.vigil.advisories.limits.ZipDirectory;
import io.vigil.core.osv.OsvReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads OSV records from local paths: a single {@code .json} record, a directory of them (walked
 * recursively, {@code .json} and {@code .zip} files, in a stable order), or a zip in OSV's {@code
 * all.zip} layout. Records are streamed to a {@link Sink}, never all held in memory.
 *
 * <p>Bounded ({@link OsvReader.Limits}: {@code maxEntryBytes}, {@code maxFeedBytes}): a record is
 * read up to the entry limit, never into an array of its declared size; a larger one reaches the
 * sink as {@link RawRecord#unreadable} (dead-lettered; the others go on). A zip is checked before
 * any entry is inflated ({@link ZipDirectory}: overlapping entries, declared sizes above the
 * budget), and the bytes actually inflated count against the budget; either refusal is a {@link
 * FeedLimitException} that stops the read after what was delivered.
 */
public final class OsvSource {
  /** How many bytes of an unreadable record the dead letter keeps. */
  static final int PREFIX_BYTES = 4096;

  private OsvSource() {}

  /**
   * One raw record and where it was read from.
   *
   * @param location the file, zip entry or URL
   * @param bytes the record; for an unreadable one its first {@value #PREFIX_BYTES} bytes
   * @param unreadable why the record could not be read (too large), or null
   */
  public record RawRecord(String location, byte[] bytes, String unreadable) {
    public RawRecord(String location, byte[] bytes) {
      this(location, bytes, null);
    }
  }

  /** Receives records one at a time. */
  @FunctionalInterface
  public interface Sink {
    void accept(RawRecord record) throws IOException;
  }

  /** Every record under the path, in a stable order (small inputs: the demo, tests). */
  public static List<RawRecord> read(Path path) throws IOException {
    List<RawRecord> out = new ArrayList<>();
    forEach(path, p -> true, out::add);
    return out;
  }

  /** How many records {@link #forEach} will deliver (zip central directories, file counts). */
  public static long count(Path path, Predicate<String> include) throws IOException {
    if (Files.isDirectory(path)) {
      long n = 0;
      for (Path p : files(path, include)) {
        n += count(p, include);
      }
      return n;
    }
    if (isZip(path)) {
      try {
        // a zip the read will refuse is never opened here (its central directory could be huge)
        ZipDirectory.check(path, path.toString(), Long.MAX_VALUE);
      } catch (FeedLimitException e) {
        return 0;
      }
      try (ZipFile zip = new ZipFile(path.toFile())) {
        return zip.stream().filter(e -> accept(e, include)).count();
      }
    }
    return Files.isRegularFile(path) ? 1 : 0;
  }

  /**
   * Streams every record under the path whose name (entry name or path relative to the root) {@code
   * include} accepts, within the default limits.
   */
  public static void forEach(Path path, Predicate<String> include, Sink sink) throws IOException {
    forEach(path, path.toString(), include, OsvReader.Limits.DEFAULT, sink);
  }

  /** As {@link #forEach(Path, Predicate, Sink)}, naming records after {@code displayName}. */
  public static void forEach(Path path, String displayName, Predicate<String> include, Sink sink)
      throws IOException {
    forEach(path, displayName, include, OsvReader.Limits.DEFAULT, sink);
  }

  /** As {@link #forEach(Path, String, Predicate, Sink)}, within these limits. */
  public static void forEach(
      Path path, String displayName, Predicate<String> include, OsvReader.Limits limits, Sink sink)
      throws IOException {
    forEach(
        path, displayName, include, limits, new Budget(displayName, limits.maxReadBytes()), sink);
  }

  private static void forEach(
      Path path,
      String displayName,
      Predicate<String> include,
      OsvReader.Limits limits,
      Budget budget,
      Sink sink)
      throws IOException {
    int max = (int) limits.maxEntryBytes();
    if (Files.isDirectory(path)) {
      for (Path p : files(path, include)) {
        forEach(p, p.toString(), include, limits, budget, sink);
      }
    } else if (isZip(path)) {
      ZipDirectory.check(path, displayName, budget.left());
      try (ZipFile zip = new ZipFile(path.toFile())) {
        List<? extends ZipEntry> entries =
            Collections.list(zip.entries()).stream().filter(e -> accept(e, include)).toList();
        for (ZipEntry e : entries) {
          String location = displayName + "!" + e.getName();
          byte[] bytes;
          try (InputStream in = zip.getInputStream(e)) {
            bytes = readEntry(in, e.getSize(), max);
          }
          budget.spend(bytes == null ? max + 1L : bytes.length);
          if (bytes == null) {
            byte[] prefix;
            try (InputStream in = zip.getInputStream(e)) {
              prefix = in.readNBytes(PREFIX_BYTES);
            }
            sink.accept(new RawRecord(location, prefix, tooLarge(max, "inflates to")));
          } else {
            sink.accept(new RawRecord(location, bytes));
          }
        }
      }
    } else if (Files.isRegularFile(path)) {
      long size = Files.size(path);
      if (size > max) {
        byte[] prefix;
        try (InputStream in = Files.newInputStream(path)) {
          prefix = in.readNBytes(PREFIX_BYTES);
        }
        sink.accept(new RawRecord(displayName, prefix, tooLarge(max, "has")));
        return;
      }
      byte[] bytes;
      try (InputStream in = Files.newInputStream(path)) {
        bytes = readEntry(in, size, max);
      }
      if (bytes == null) {
        sink.accept(new RawRecord(displayName, new byte[0], tooLarge(max, "has")));
        return;
      }
      budget.spend(bytes.length);
      sink.accept(new RawRecord(displayName, bytes));
    } else {
      throw new IOException(path + " does not exist");
    }
  }

  private static String tooLarge(int max, String verb) {
    return String.format(
        Locale.ROOT,
        "the record %s more than %,d bytes: not read (ingestAdvisories.maxEntryBytes)",
        verb,
        max);
  }

  /**
   * An entry's bytes, at most {@code max} (null beyond). When the declared size is within the limit
   * the bytes are read straight into an array of that size (no growing buffers: most of the
   * reader's time went to copying); bytes beyond a wrong declared size are still read, within the
   * limit. A declared size never decides how much memory is taken.
   */
  static byte[] readEntry(InputStream in, long declaredSize, int max) throws IOException {
    if (declaredSize < 0 || declaredSize > max) {
      return OsvReader.readAtMost(in, max);
    }
    byte[] bytes = new byte[(int) declaredSize];
    int n = in.readNBytes(bytes, 0, bytes.length);
    if (n < bytes.length) {
      return Arrays.copyOf(bytes, n);
    }
    int next = in.read();
    if (next < 0) {
      return bytes;
    }
    if (bytes.length + 1 > max) {
      return null;
    }
    byte[] rest = OsvReader.readAtMost(in, max - bytes.length - 1);
    if (rest == null) {
      return null;
    }
    byte[] all = Arrays.copyOf(bytes, bytes.length + 1 + rest.length);
    all[bytes.length] = (byte) next;
    System.arraycopy(rest, 0, all, bytes.length + 1, rest.length);
    return all;
  }

  /** The bytes one read may inflate in all ({@code maxFeedBytes}). */
  private static final class Budget {
    private final String location;
    private final long max;
    private long spent;

    Budget(String location, long max) {
      this.location = location;
      this.max = max;
    }

    long left() {
      return max - spent;
    }

    void spend(long n) throws FeedLimitException {
      spent += n;
      if (spent > max) {
        throw new FeedLimitException(
            location,
            String.format(
                Locale.ROOT,
                "more than %,d bytes inflated: the rest is not read (ingestAdvisories.maxFeedBytes)",
                max));
      }
    }
  }

  private static boolean accept(ZipEntry e, Predicate<String> include) {
    return !e.isDirectory() && e.getName().endsWith(".json") && include.test(e.getName());
  }

  private static boolean isZip(Path p) {
    return p.getFileName() != null && p.getFileName().toString().endsWith(".zip");
  }

  private static List<Path> files(Path dir, Predicate<String> include) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(
              f -> {
                String n = f.getFileName().toString();
                String rel = dir.relativize(f).toString().replace('\\', '/');
                return n.endsWith(".zip") || n.endsWith(".json") && include.test(rel);
              })
          .sorted()
          .toList();
    }
  }
}
