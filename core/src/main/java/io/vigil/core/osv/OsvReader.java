package io.vigil.core.osv;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Reads OSV records from an {@code all.zip}-style archive (one {@code <ID>.json} per entry), a
 * directory of {@code .json} files (recursively), or a single file holding one record or a JSON
 * array of records.
 *
 * <p>Every record goes through {@link OsvSalvage}, the rule ingest-advisories applies too: a record
 * that cannot be used is skipped and a record with unusable parts is read without them; both are
 * reported as {@link Notice}s. A source that cannot be read at all (missing, not a zip, a lone file
 * that is not JSON, more than {@link Limits#maxReadBytes} inflated) is an {@link
 * OsvFormatException}. An entry or file above {@link Limits#maxEntryBytes} is skipped unread beyond
 * that size (a zip bomb's entry never reaches memory).
 */
public final class OsvReader {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private OsvReader() {}

  /**
   * Bounds of one read.
   *
   * @param maxEntryBytes the largest record (zip entry inflated, or file) read; default 4,000,000,
   *     as ingest-advisories' {@code maxEntryBytes}
   * @param maxReadBytes the most bytes one source may inflate in all; default 16,000,000,000, as
   *     ingest-advisories' {@code maxFeedBytes}
   */
  public record Limits(long maxEntryBytes, long maxReadBytes) {
    public static final Limits DEFAULT = new Limits(4_000_000L, 16_000_000_000L);

    public Limits {
      if (maxEntryBytes < 1 || maxEntryBytes > Integer.MAX_VALUE - 16 || maxReadBytes < 1) {
        throw new IllegalArgumentException(
            "maxEntryBytes must be 1.." + (Integer.MAX_VALUE - 16) + ", maxReadBytes >= 1");
      }
    }
  }

  /**
   * A record left out ({@code reason} set: it cannot be used) or read without some of its parts
   * ({@code dropped}).
   *
   * @param where the file or archive entry
   * @param id the record's id when it has one, else null
   * @param reason why the record was skipped, or null when it was read
   * @param dropped the parts left out of a record that was read
   */
  public record Notice(String where, String id, String reason, List<OsvSalvage.Dropped> dropped) {
    public Notice {
      dropped = List.copyOf(dropped);
    }

    public boolean skipped() {
      return reason != null;
    }

    @Override
    public String toString() {
      String who = where + (id == null ? "" : " (" + id + ")");
      return skipped()
          ? who + ": skipped: " + reason
          : who
              + ": dropped "
              + String.join("; ", dropped.stream().map(OsvSalvage.Dropped::toString).toList());
    }
  }

  /** Every usable record under {@code source}. */
  public static List<OsvRecord> read(Path source) throws OsvFormatException {
    List<OsvRecord> out = new ArrayList<>();
    read(source, out::add);
    return out;
  }

  /**
   * Every usable record of several sources, read in parallel (one source per thread, as many
   * threads as processors), in source order.
   */
  public static List<OsvRecord> readAll(List<Path> sources) throws OsvFormatException {
    return readAll(sources, n -> {}, Limits.DEFAULT);
  }

  /** As {@link #readAll(List)}, reporting what was skipped or dropped, in source order. */
  public static List<OsvRecord> readAll(List<Path> sources, Consumer<Notice> notices, Limits limits)
      throws OsvFormatException {
    return readAll(sources, null, notices, limits);
  }

  /** As {@link #readAll(List, Predicate, Consumer, Limits)} with no notices and default limits. */
  public static List<OsvRecord> readAll(List<Path> sources, Predicate<OsvRecord.Package> wanted)
      throws OsvFormatException {
    return readAll(sources, wanted, n -> {}, Limits.DEFAULT);
  }

  /**
   * As {@link #readAll(List, Consumer, Limits)} for an offline scan of given SBOMs: with {@code
   * wanted} (null: every record in full), a record of an archive that names none of the wanted
   * packages is read as a summary ({@link OsvRecordSummary}: id, withdrawn, aliases, upstream and
   * severities, its affected entries reduced to their severity), never through {@link OsvSalvage}:
   * it cannot be a finding of these SBOMs. The notices name the records read in full.
   */
  public static List<OsvRecord> readAll(
      List<Path> sources,
      Predicate<OsvRecord.Package> wanted,
      Consumer<Notice> notices,
      Limits limits)
      throws OsvFormatException {
    int threads = Math.max(1, Math.min(sources.size(), Runtime.getRuntime().availableProcessors()));
    if (threads == 1) {
      List<OsvRecord> out = new ArrayList<>();
      for (Path p : sources) {
        read(p, wanted, out::add, notices, limits);
      }
      return out;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "osv-reader");
              t.setDaemon(true);
              return t;
            });
    try {
      record Read(List<OsvRecord> records, List<Notice> notices) {}
      List<Future<Read>> futures = new ArrayList<>();
      for (Path p : sources) {
        futures.add(
            pool.submit(
                () -> {
                  Read r = new Read(new ArrayList<>(), new ArrayList<>());
                  read(p, wanted, r.records()::add, r.notices()::add, limits);
                  return r;
                }));
      }
      List<OsvRecord> out = new ArrayList<>();
      for (Future<Read> f : futures) {
        try {
          Read r = f.get();
          out.addAll(r.records());
          r.notices().forEach(notices);
        } catch (ExecutionException e) {
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

  /** Streams every usable record under {@code source} to {@code sink}. */
  public static void read(Path source, Consumer<OsvRecord> sink) throws OsvFormatException {
    read(source, sink, n -> {}, Limits.DEFAULT);
  }

  /** As {@link #read(Path, Consumer)}, reporting what was skipped or dropped. */
  public static void read(
      Path source, Consumer<OsvRecord> sink, Consumer<Notice> notices, Limits limits)
      throws OsvFormatException {
    read(source, null, sink, notices, limits);
  }

  private static void read(
      Path source,
      Predicate<OsvRecord.Package> wanted,
      Consumer<OsvRecord> sink,
      Consumer<Notice> notices,
      Limits limits)
      throws OsvFormatException {
    if (!Files.exists(source)) {
      throw new OsvFormatException(source + ": no such file or directory");
    }
    ReadBudget budget = new ReadBudget(source, limits.maxReadBytes());
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
        byte[] bytes = readFile(f, limits, budget);
        if (bytes == null) {
          notices.accept(new Notice(f.toString(), null, tooLarge(limits), List.of()));
          continue;
        }
        parseEntry(bytes, f.toString(), sink, notices);
      }
    } else if (source.toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
      OsvArchiveReader.read(source, wanted, sink, notices, limits);
    } else {
      byte[] bytes = readFile(source, limits, budget);
      if (bytes == null) {
        throw new OsvFormatException(source + ": " + tooLarge(limits));
      }
      parse(bytes, source.toString(), sink, notices);
    }
  }

  /** A file's bytes, or null when it is larger than the entry limit. */
  private static byte[] readFile(Path f, Limits limits, ReadBudget budget)
      throws OsvFormatException {
    try (InputStream in = Files.newInputStream(f)) {
      byte[] bytes = readAtMost(in, (int) limits.maxEntryBytes());
      budget.spend(bytes == null ? limits.maxEntryBytes() + 1 : bytes.length);
      return bytes;
    } catch (IOException e) {
      throw new OsvFormatException(f + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** The reason an entry above the limit of one record is skipped. */
  public static String tooLarge(Limits limits) {
    return String.format(
        Locale.ROOT, "larger than %,d bytes (the limit of one record)", limits.maxEntryBytes());
  }

  /**
   * At most {@code max} bytes of the stream: its bytes when it ends within them, else null (having
   * read {@code max + 1}). Memory grows with what is actually read, never with a declared size.
   */
  public static byte[] readAtMost(InputStream in, int max) throws IOException {
    byte[] buf = new byte[Math.min(max + 1, 64 * 1024)];
    int n = 0;
    while (true) {
      if (n == buf.length) {
        if (n > max) {
          return null;
        }
        buf = Arrays.copyOf(buf, (int) Math.min((long) max + 1, 2L * buf.length));
      }
      int r = in.read(buf, n, buf.length - n);
      if (r < 0) {
        return n == buf.length ? buf : Arrays.copyOf(buf, n);
      }
      n += r;
    }
  }

  /** One archive entry or directory file: a record, or a notice saying why it was skipped. */
  public static void parseEntry(
      byte[] bytes, String where, Consumer<OsvRecord> sink, Consumer<Notice> notices) {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (IOException e) {
      notices.accept(new Notice(where, null, "not JSON: " + firstLine(e), List.of()));
      return;
    }
    if (root != null && root.isArray()) {
      int i = 0;
      for (JsonNode n : root) {
        accept(n, where + "[" + i++ + "]", sink, notices);
      }
    } else {
      accept(root, where, sink, notices);
    }
  }

  /** Parses one JSON document holding a record or an array of records. */
  public static void parse(byte[] bytes, String where, Consumer<OsvRecord> sink)
      throws OsvFormatException {
    parse(bytes, where, sink, n -> {});
  }

  /** As {@link #parse(byte[], String, Consumer)}, reporting what was skipped or dropped. */
  public static void parse(
      byte[] bytes, String where, Consumer<OsvRecord> sink, Consumer<Notice> notices)
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
        accept(n, where + "[" + i++ + "]", sink, notices);
      }
    } else {
      accept(root, where, sink, notices);
    }
  }

  private static void accept(
      JsonNode n, String where, Consumer<OsvRecord> sink, Consumer<Notice> notices) {
    OsvSalvage.Result s = OsvSalvage.salvage(n);
    String id = n != null && n.path("id").isTextual() ? n.path("id").asText() : null;
    if (!s.usable()) {
      notices.accept(new Notice(where, id, s.unusable(), List.of()));
      return;
    }
    OsvRecord r = OsvBinder.bind(s.record());
    if (!s.dropped().isEmpty()) {
      notices.accept(new Notice(where, id, null, s.dropped()));
    }
    sink.accept(r);
  }

  /**
   * One record from its JSON tree, without its unusable parts ({@link OsvSalvage}); a record that
   * cannot be used is an {@link OsvFormatException} with the reason.
   */
  public static OsvRecord toRecord(JsonNode n, String where) throws OsvFormatException {
    OsvSalvage.Result s = OsvSalvage.salvage(n);
    if (!s.usable()) {
      throw new OsvFormatException(where + ": not a usable OSV record: " + s.unusable());
    }
    return OsvBinder.bind(s.record());
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
