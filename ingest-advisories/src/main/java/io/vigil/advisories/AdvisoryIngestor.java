package io.vigil.advisories;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.advisories.limits.FeedLimitException;
import io.vigil.advisories.state.IngestStateStore;
import io.vigil.core.osv.OsvSalvage;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.AffectedPackage;
import io.vigil.events.v1.AffectedRange;
import io.vigil.events.v1.DeadLetter;
import io.vigil.events.v1.Feed;
import io.vigil.events.v1.RangeType;
import io.vigil.platform.kafka.DeadLetters;
import io.vigil.schemas.Topic;
import io.vigil.schemas.TopicCatalog;
import io.vigil.schemas.VigilService;
import io.vigil.schemas.serde.AvroSerde;
import io.vigil.schemas.serde.SerdeFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns raw OSV-form records (OSV dumps, GHSA) into advisory events, publishing only what changed.
 *
 * <p>Records arrive one at a time and are handled in chunks of {@value #CHUNK}: the workers hash
 * each record, skip it when that exact content is the one last published for its feed, else parse
 * it, keep what Vigil can use of it ({@link OsvSalvage}: the rule {@code vigil scan} applies too; a
 * record that cannot be used at all is dead-lettered, unusable parts are dropped and logged with
 * their JSON path), check the rest against the OSV schema (what the schema still rejects is
 * tolerated: published, counted and logged), normalize and serialize it (in parallel, while the
 * reader goes on: see {@link Run}); then, in input order, each result is published with its state
 * entry, or dead-lettered, or skipped as stale (an older {@code modified} than the one published;
 * placeholder times such as Go's {@code 0001-01-01} never count as older). The {@link FeedWriter}
 * commits a transaction per batch.
 */
public final class AdvisoryIngestor {
  private static final Logger log = LoggerFactory.getLogger(AdvisoryIngestor.class);

  /** Records per unit of work handed to a worker. */
  static final int CHUNK = 256;

  private final FeedWriter writer;
  private final IngestStateStore state;
  private final OsvValidator validator;
  private final Topic<String, Advisory> topic;
  private final Topic<String, DeadLetter> dlq;
  private final AvroSerde<Advisory> serde;
  private final AvroSerde<DeadLetter> dlqSerde;
  private final ExecutorService pool;
  private final int maxInFlight;
  private final int maxRecordBytes;
  private final IngestMetrics metrics;
  private final Clock clock;

  public AdvisoryIngestor(
      FeedWriter writer,
      IngestStateStore state,
      OsvValidator validator,
      TopicCatalog catalog,
      SerdeFactory serdes,
      ExecutorService pool,
      int workers,
      int maxRecordBytes,
      IngestMetrics metrics,
      Clock clock) {
    this.writer = writer;
    this.state = state;
    this.validator = validator;
    this.topic = catalog.advisories();
    this.dlq = catalog.deadLetters(VigilService.INGEST_ADVISORIES);
    this.serde = serdes.value(topic);
    this.dlqSerde = serdes.value(dlq);
    this.pool = pool;
    this.maxInFlight = 4 * workers;
    this.maxRecordBytes = maxRecordBytes;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * One ingestion of a stream of records: feed it records, then {@link #finish()}.
   *
   * <p>A bounded, ordered pipeline: the caller's thread (the reader: zip inflate, HTTP) cuts the
   * records into chunks and hands each to the worker pool as soon as it is full; the same thread
   * applies the finished chunks strictly in input order (state check, send, state entry) and
   * commits full batches, while the workers go on with the next chunks. At most {@code maxInFlight}
   * chunks are queued or being processed: the reader blocks on the oldest one beyond that, so
   * memory stays bounded whatever the dump size. Only this thread touches the writer and the
   * state's open transaction, so a batch's records and state entries stay in one transaction
   * exactly as before.
   */
  public final class Run implements OsvSource.Sink, AutoCloseable {
    private final String source;
    private final Feed feed;
    private final Progress progress;
    private final ArrayDeque<Future<List<Outcome>>> inFlight = new ArrayDeque<>();
    private List<OsvSource.RawRecord> chunk = new ArrayList<>(CHUNK);

    Run(String source, Feed feed, Progress progress) {
      this.source = source;
      this.feed = feed;
      this.progress = progress;
    }

    @Override
    public void accept(OsvSource.RawRecord r) throws IOException {
      chunk.add(r);
      if (chunk.size() >= CHUNK) {
        submit();
        drain(false);
      }
    }

    /**
     * Processes everything accepted so far and applies it in order (the writer commits each full
     * batch on the way); the caller commits the rest.
     */
    public void flushChunk() throws IOException {
      submit();
      drain(true);
    }

    private void submit() {
      if (chunk.isEmpty()) {
        return;
      }
      List<OsvSource.RawRecord> records = chunk;
      chunk = new ArrayList<>(CHUNK);
      Instant now = clock.instant();
      inFlight.add(pool.submit(() -> processChunk(records, source, feed, now)));
    }

    /** Applies finished chunks in order: all of them, else the done ones (or beyond the bound). */
    private void drain(boolean all) throws IOException {
      while (!inFlight.isEmpty()
          && (all || inFlight.size() > maxInFlight || inFlight.peek().isDone())) {
        List<Outcome> outcomes;
        try {
          outcomes = inFlight.peek().get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          cancel();
          throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
          cancel();
          throw new IOException("processing failed: " + e.getCause(), e.getCause());
        }
        inFlight.poll();
        try {
          for (Outcome o : outcomes) {
            apply(o);
          }
          writer.maybeCommit();
        } catch (RuntimeException e) {
          cancel();
          throw e;
        }
      }
    }

    private void cancel() {
      for (Future<List<Outcome>> f : inFlight) {
        f.cancel(true);
      }
      inFlight.clear();
      chunk.clear();
    }

    private void apply(Outcome o) {
      Instant now = clock.instant();
      if (o instanceof Unchanged) {
        metrics.unchanged(source, 1);
        progress.unchanged(1);
      } else if (o instanceof Rejected r) {
        String id = r.id() == null ? "@" + r.location() : r.id();
        IngestStateStore.Entry prev = state.get(source, id);
        if (prev != null && prev.rejected() && prev.hash() == prefixOf(r.hash())) {
          metrics.unchanged(source, 1);
          progress.unchanged(1);
          return;
        }
        log.warn("rejected {} ({}): {}", r.location(), r.id(), r.reason());
        DeadLetter dl =
            DeadLetters.fromInput(
                VigilService.INGEST_ADVISORIES,
                r.stage(),
                (r.id() == null ? "" : r.id() + ": ") + r.reason(),
                null,
                r.location(),
                (r.id() == null ? r.location() : r.id()).getBytes(StandardCharsets.UTF_8),
                r.raw(),
                now);
        writer.send(
            dlq.name(), r.id() == null ? r.location() : r.id(), dlqSerde.serialize(dlq.name(), dl));
        writer.state(
            IngestStateStore.key(source, id), state.put(source, id, r.hash(), null, true, now));
        metrics.deadLettered(source, 1);
        progress.rejected(1);
      } else if (o instanceof Publish p) {
        IngestStateStore.Entry prev = state.get(source, p.id());
        if (prev != null && !prev.rejected() && prev.hash() == prefixOf(p.hash())) {
          metrics.unchanged(source, 1);
          progress.unchanged(1);
          return;
        }
        long mod = p.modified().toEpochMilli();
        if (prev != null && !prev.rejected() && mod > 0 && mod < prev.modified()) {
          log.info(
              "{}: {} is older ({}) than the version published ({}): skipped",
              p.location(),
              p.id(),
              p.modified(),
              Instant.ofEpochMilli(prev.modified()));
          metrics.stale(source, 1);
          progress.unchanged(1);
          return;
        }
        writer.send(topic.name(), p.id(), p.value());
        writer.state(
            IngestStateStore.key(source, p.id()),
            state.put(source, p.id(), p.hash(), p.modified(), false, now));
        metrics.ingested(source, 1);
        progress.published(1);
        for (OsvSalvage.Dropped d : p.dropped()) {
          log.warn("{} ({}): dropped the unusable part {}", p.location(), p.id(), d);
        }
        metrics.partsDropped(source, p.dropped().size());
        if (p.deviations() != null) {
          log.info("{} ({}): published although it {}", p.location(), p.id(), p.deviations());
          metrics.schemaDeviations(source, 1);
        }
      }
    }

    /**
     * Dead-letters a source refused for a limit (after what was read of it: call {@link #finish()}
     * next to publish both).
     */
    public void refuse(FeedLimitException e, byte[] prefix) throws IOException {
      flushChunk();
      apply(refused(e.location(), e.getMessage(), prefix));
    }

    /** Processes the rest, commits, and returns the progress (counts). */
    public Progress finish() throws IOException {
      flushChunk();
      writer.commit();
      return progress;
    }

    @Override
    public void close() {
      cancel();
    }
  }

  /** Starts a run for one source ({@code osv} or {@code ghsa}: also the state namespace). */
  public Run start(String source, Feed feed, Progress progress) {
    return new Run(source, feed, progress);
  }

  /** Publishes records (small inputs, the demo, tests): one run, committed. */
  public Progress ingest(String source, Feed feed, List<OsvSource.RawRecord> records)
      throws IOException {
    Run run = start(source, feed, Progress.silent(source));
    for (OsvSource.RawRecord r : records) {
      run.accept(r);
    }
    return run.finish();
  }

  sealed interface Outcome permits Unchanged, Rejected, Publish {}

  record Unchanged() implements Outcome {}

  record Rejected(String id, String location, String hash, String stage, String reason, byte[] raw)
      implements Outcome {}

  /**
   * A record to publish.
   *
   * @param dropped the unusable parts left out ({@link OsvSalvage})
   * @param deviations what the OSV schema rejects in the published record (tolerated), or null
   */
  record Publish(
      String id,
      String location,
      String hash,
      Instant modified,
      byte[] value,
      List<OsvSalvage.Dropped> dropped,
      String deviations)
      implements Outcome {}

  private List<Outcome> processChunk(
      List<OsvSource.RawRecord> records, String source, Feed feed, Instant now) {
    List<Outcome> out = new ArrayList<>(records.size());
    for (OsvSource.RawRecord r : records) {
      out.add(process(r, source, feed, now));
    }
    return out;
  }

  /** Pure per-record work (runs on the workers): hash, skip, parse, validate, normalize. */
  Outcome process(OsvSource.RawRecord r, String source, Feed feed, Instant now) {
    if (r.unreadable() != null) {
      return refused(r.location(), r.unreadable(), r.bytes());
    }
    String hash = OsvNormalizer.sha256(r.bytes());
    if (state.isCurrent(source, hash)) {
      return new Unchanged();
    }
    JsonNode tree;
    try {
      tree = OsvNormalizer.parse(r.bytes());
    } catch (OsvNormalizer.InvalidRecordException e) {
      return new Rejected(null, r.location(), hash, "parse", e.getMessage(), r.bytes());
    }
    JsonNode idNode = tree.get("id");
    String id =
        idNode == null || !idNode.isTextual() || idNode.asText().isBlank() ? null : idNode.asText();
    OsvSalvage.Result usable = OsvSalvage.salvage(tree);
    if (!usable.usable()) {
      return new Rejected(id, r.location(), hash, "validate", usable.unusable(), r.bytes());
    }
    tree = usable.record();
    // what the schema still finds in the usable record is tolerated (published), and reported
    String deviations = validator.violations(tree);
    Advisory a;
    try {
      a = OsvNormalizer.normalize(tree, feed, r.location(), hash, now);
    } catch (OsvNormalizer.InvalidRecordException e) {
      return new Rejected(id, r.location(), hash, "normalize", e.getMessage(), r.bytes());
    } catch (RuntimeException e) {
      return new Rejected(id, r.location(), hash, "normalize", e.toString(), r.bytes());
    }
    byte[] value = serde.serialize(topic.name(), a);
    if (value.length > maxRecordBytes) {
      value = serde.serialize(topic.name(), omitDerivedVersions(a));
      if (value.length > maxRecordBytes) {
        return new Rejected(
            a.getId(),
            r.location(),
            hash,
            "publish",
            "record too large: "
                + value.length
                + " bytes serialized, limit "
                + maxRecordBytes
                + " (ingestAdvisories.maxRecordBytes)",
            r.bytes());
      }
    }
    return new Publish(
        a.getId(), r.location(), hash, a.getModified(), value, usable.dropped(), deviations);
  }

  /**
   * An input refused before it was read (a record or an archive beyond a limit): dead-lettered
   * under its location, with the first bytes; the hash covers those bytes and the reason, so the
   * same refusal is not dead-lettered again on the next run.
   */
  static Rejected refused(String location, String reason, byte[] prefix) {
    byte[] reasonBytes = reason.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] hashed = java.util.Arrays.copyOf(prefix, prefix.length + reasonBytes.length);
    System.arraycopy(reasonBytes, 0, hashed, prefix.length, reasonBytes.length);
    return new Rejected(null, location, OsvNormalizer.sha256(hashed), "read", reason, prefix);
  }

  /**
   * The advisory without enumerated {@code versions} on entries whose SEMVER/ECOSYSTEM ranges
   * decide the same (no GIT range): OSV.dev derives those lists from the ranges. Counted in {@code
   * versionsOmitted}.
   */
  static Advisory omitDerivedVersions(Advisory a) {
    List<AffectedPackage> out = new ArrayList<>();
    for (AffectedPackage p : a.getAffected()) {
      boolean rangesDecide =
          !p.getRanges().isEmpty()
              && p.getRanges().stream()
                  .map(AffectedRange::getType)
                  .allMatch(t -> t == RangeType.SEMVER || t == RangeType.ECOSYSTEM);
      if (rangesDecide && !p.getVersions().isEmpty()) {
        out.add(
            AffectedPackage.newBuilder(p)
                .setVersionsOmitted(p.getVersions().size())
                .setVersions(List.of())
                .build());
      } else {
        out.add(p);
      }
    }
    return Advisory.newBuilder(a).setAffected(out).build();
  }

  private static long prefixOf(String hash) {
    return Long.parseUnsignedLong(hash.substring(0, 16), 16);
  }
}
