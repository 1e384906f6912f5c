package io.vigil.advisories;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads OSV records from local paths: a single {@code .json} record, a directory of them (walked
 * recursively, {@code .json} and {@code .zip} files, in a stable order), or a zip in OSV's {@code
 * all.zip} layout. Records are streamed to a {@link Sink}, never all held in memory.
 */
public final class OsvSource {
  private OsvSource() {}

  /** One raw record and where it was read from. */
  public record RawRecord(String location, byte[] bytes) {}

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
      try (ZipFile zip = new ZipFile(path.toFile())) {
        return zip.stream().filter(e -> accept(e, include)).count();
      }
    }
    return Files.isRegularFile(path) ? 1 : 0;
  }

  /**
   * Streams every record under the path whose name (entry name or path relative to the root) {@code
   * include} accepts.
   */
  public static void forEach(Path path, Predicate<String> include, Sink sink) throws IOException {
    forEach(path, path.toString(), include, sink);
  }

  /** As {@link #forEach(Path, Predicate, Sink)}, naming records after {@code displayName}. */
  public static void forEach(Path path, String displayName, Predicate<String> include, Sink sink)
      throws IOException {
    if (Files.isDirectory(path)) {
      for (Path p : files(path, include)) {
        forEach(p, p.toString(), include, sink);
      }
    } else if (isZip(path)) {
      try (ZipFile zip = new ZipFile(path.toFile())) {
        List<? extends ZipEntry> entries =
            Collections.list(zip.entries()).stream().filter(e -> accept(e, include)).toList();
        for (ZipEntry e : entries) {
          byte[] bytes;
          try (InputStream in = zip.getInputStream(e)) {
            bytes = readEntry(in, e.getSize());
          }
          sink.accept(new RawRecord(displayName + "!" + e.getName(), bytes));
        }
      }
    } else if (Files.isRegularFile(path)) {
      sink.accept(new RawRecord(displayName, Files.readAllBytes(path)));
    } else {
      throw new IOException(path + " does not exist");
    }
  }

  /**
   * An entry's bytes, read straight into an array of its declared size (no growing buffers: most of
   * the reader's time went to {@code readAllBytes} copying); any bytes beyond a wrong declared size
   * are still read.
   */
  static byte[] readEntry(InputStream in, long declaredSize) throws IOException {
    if (declaredSize < 0 || declaredSize > Integer.MAX_VALUE - 16) {
      return in.readAllBytes();
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
    byte[] rest = in.readAllBytes();
    byte[] all = Arrays.copyOf(bytes, bytes.length + 1 + rest.length);
    all[bytes.length] = (byte) next;
    System.arraycopy(rest, 0, all, bytes.length + 1, rest.length);
    return all;
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
