package io.vigil.core.osv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Reads OSV records from an {@code all.zip}-style archive (one {@code <ID>.json} per entry), a
 * directory of {@code .json} files (recursively), or a single file holding one record or a JSON
 * array of records.
 */
public final class OsvReader {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private OsvReader() {}

  /** Every record under {@code source}. */
  public static List<OsvRecord> read(Path source) throws OsvFormatException {
    List<OsvRecord> out = new ArrayList<>();
    read(source, out::add);
    return out;
  }

  /**
   * Every record of several sources, read in parallel (one source per thread, as many threads as
   * processors), in source order.
   */
  public static List<OsvRecord> readAll(List<Path> sources) throws OsvFormatException {
    int threads = Math.max(1, Math.min(sources.size(), Runtime.getRuntime().availableProcessors()));
    if (threads == 1) {
      List<OsvRecord> out = new ArrayList<>();
      for (Path p : sources) {
        read(p, out::add);
      }
      return out;
    }
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "osv-reader");
              t.setDaemon(true);
              return t;
            });
    try {
      List<java.util.concurrent.Future<List<OsvRecord>>> futures = new ArrayList<>();
      for (Path p : sources) {
        futures.add(pool.submit(() -> read(p)));
      }
      List<OsvRecord> out = new ArrayList<>();
      for (java.util.concurrent.Future<List<OsvRecord>> f : futures) {
        try {
          out.addAll(f.get());
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof OsvFormatException ofe) {
            throw ofe;
          }
          throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new OsvFormatException("interrupted while reading OSV records", e);
        }
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Streams every record under {@code source} to {@code sink}. */
  public static void read(Path source, Consumer<OsvRecord> sink) throws OsvFormatException {
    if (!Files.exists(source)) {
      throw new OsvFormatException(source + ": no such file or directory");
    }
    if (Files.isDirectory(source)) {
      List<Path> files;
      try (Stream<Path> s = Files.walk(source)) {
        files =
            s.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".json"))
                .sorted()
                .toList();
      } catch (IOException e) {
        throw new OsvFormatException(source + ": cannot list the directory: " + e.getMessage(), e);
      }
      for (Path f : files) {
        readJsonFile(f, sink);
      }
    } else if (source.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".zip")) {
      readZip(source, sink);
    } else {
      readJsonFile(source, sink);
    }
  }

  private static void readZip(Path zip, Consumer<OsvRecord> sink) throws OsvFormatException {
    int entries = 0;
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        entries++;
        if (e.isDirectory() || !e.getName().endsWith(".json")) {
          continue;
        }
        byte[] bytes = in.readAllBytes();
        parseOne(bytes, zip + "!" + e.getName(), sink);
      }
    } catch (ZipException e) {
      throw new OsvFormatException(zip + ": not a readable zip archive: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new OsvFormatException(zip + ": cannot read: " + e.getMessage(), e);
    }
    if (entries == 0) {
      throw new OsvFormatException(zip + ": not a zip archive of OSV records (no entries)");
    }
  }

  private static void readJsonFile(Path file, Consumer<OsvRecord> sink) throws OsvFormatException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new OsvFormatException(file + ": cannot read: " + e.getMessage(), e);
    }
    parse(bytes, file.toString(), sink);
  }

  /** The common case of an archive entry: one record, bound straight to {@link OsvRecord}. */
  private static void parseOne(byte[] bytes, String where, Consumer<OsvRecord> sink)
      throws OsvFormatException {
    OsvRecord r;
    try {
      r = JSON.readValue(bytes, OsvRecord.class);
    } catch (IOException e) {
      parse(bytes, where, sink); // not a single record: let the general path say why
      return;
    }
    if (r == null || r.id() == null || r.id().isBlank()) {
      throw new OsvFormatException(where + ": not an OSV record: $.id is missing");
    }
    sink.accept(r);
  }

  /** Parses one JSON document holding a record or an array of records. */
  public static void parse(byte[] bytes, String where, Consumer<OsvRecord> sink)
      throws OsvFormatException {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new OsvFormatException(where + ": not JSON: " + firstLine(e), e);
    }
    if (root == null || root.isMissingNode()) {
      throw new OsvFormatException(where + ": empty document");
    }
    if (root.isArray()) {
      int i = 0;
      for (JsonNode n : root) {
        sink.accept(toRecord(n, where + "[" + i++ + "]"));
      }
    } else {
      sink.accept(toRecord(root, where));
    }
  }

  /** One record from its JSON tree. */
  public static OsvRecord toRecord(JsonNode n, String where) throws OsvFormatException {
    if (!n.isObject()) {
      throw new OsvFormatException(where + ": an OSV record is a JSON object");
    }
    if (!n.path("id").isTextual() || n.path("id").asText().isBlank()) {
      throw new OsvFormatException(where + ": not an OSV record: $.id is missing");
    }
    try {
      return JSON.treeToValue(n, OsvRecord.class);
    } catch (JsonProcessingException e) {
      throw new OsvFormatException(where + ": not an OSV record: " + firstLine(e), e);
    }
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
