package io.vigil.core.osv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The archive half of {@link OsvReader}: an {@code all.zip}-style archive read in entry order, a
 * big one as a pipeline (this thread inflates, the other processors parse in batches), every entry
 * bounded by the read's limits and budget.
 */
final class OsvArchiveReader {
  private OsvArchiveReader() {}

  /** Archives bigger than this are inflated on one thread and parsed on the others. */
  static final long PIPELINED_BYTES = 4L << 20;

  /** Entries handed to a parsing thread at once. */
  private static final int BATCH = 512;

  /** What one batch of entries gave, in entry order. */
  private record Batch(List<OsvRecord> records, List<OsvReader.Notice> notices) {}

  /**
   * Reads an archive in entry order. A big one (a distro feed: tens of thousands of records, where
   * inflating costs as much as parsing) is a pipeline: this thread inflates the entries in one
   * sequential pass, and the other processors parse them in batches; the batches reach {@code sink}
   * and {@code notices} in entry order.
   */
  static void read(
      Path zip,
      Predicate<OsvRecord.Package> wanted,
      Consumer<OsvRecord> sink,
      Consumer<OsvReader.Notice> notices,
      OsvReader.Limits limits)
      throws OsvFormatException {
    int workers = Math.min(Runtime.getRuntime().availableProcessors() - 1, 7);
    ExecutorService pool = null;
    List<Future<Batch>> batches = new ArrayList<>();
    try {
      if (workers > 0 && Files.size(zip) > PIPELINED_BYTES) {
        pool =
            Executors.newFixedThreadPool(
                workers,
                r -> {
                  Thread t = new Thread(r, "osv-zip-parser");
                  t.setDaemon(true);
                  return t;
                });
      }
      ExecutorService parsers = pool;
      class Pending {
        List<byte[]> bytes = new ArrayList<>(BATCH); // null: an entry above the limit
        List<String> names = new ArrayList<>(BATCH);
      }
      Pending pending = new Pending();
      OsvArchiveEntries.forEach(
          zip,
          limits,
          (name, bytes) -> {
            pending.bytes.add(bytes);
            pending.names.add(zip + "!" + name);
            if (pending.bytes.size() == BATCH) {
              batches.add(submit(parsers, pending.bytes, pending.names, wanted, limits));
              pending.bytes = new ArrayList<>(BATCH);
              pending.names = new ArrayList<>(BATCH);
            }
          });
      if (!pending.bytes.isEmpty()) {
        batches.add(submit(pool, pending.bytes, pending.names, wanted, limits));
      }
      for (Future<Batch> f : batches) {
        Batch b = f.get();
        b.records().forEach(sink);
        b.notices().forEach(notices);
      }
    } catch (IOException ex) {
      throw new OsvFormatException(zip + ": cannot read: " + ex.getMessage(), ex);
    } catch (ExecutionException ex) {
      throw new IllegalStateException(ex.getCause());
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new OsvFormatException("interrupted while reading " + zip, ex);
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }

  /** Parses a batch of entries on the pool, or right here without one. */
  private static Future<Batch> submit(
      ExecutorService pool,
      List<byte[]> bytes,
      List<String> names,
      Predicate<OsvRecord.Package> wanted,
      OsvReader.Limits limits) {
    Callable<Batch> task =
        () -> {
          Batch out = new Batch(new ArrayList<>(bytes.size()), new ArrayList<>());
          for (int i = 0; i < bytes.size(); i++) {
            byte[] b = bytes.get(i);
            if (b == null) {
              out.notices()
                  .add(
                      new OsvReader.Notice(
                          names.get(i), null, OsvReader.tooLarge(limits), List.of()));
              continue;
            }
            OsvRecord summary =
                wanted == null ? null : OsvRecordSummary.summaryUnlessWanted(b, wanted);
            if (summary != null) {
              out.records().add(summary);
            } else {
              OsvReader.parseEntry(b, names.get(i), out.records()::add, out.notices()::add);
            }
            bytes.set(i, null); // parsed: let the bytes go
          }
          return out;
        };
    if (pool != null) {
      return pool.submit(task);
    }
    try {
      return CompletableFuture.completedFuture(task.call());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
