package io.vigil.advisories.kev;

import io.vigil.advisories.FeedContext;
import io.vigil.advisories.Progress;
import io.vigil.advisories.state.TopicReader;
import io.vigil.events.v1.KevEntry;
import io.vigil.schemas.Topic;
import io.vigil.schemas.serde.AvroSerde;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CISA KEV: reads the catalog (URL or file), diffs it against the latest entry per CVE on the KEV
 * topic (what was last published: the previous catalog), and publishes only the differences in one
 * transaction. Unreadable entries go to the DLQ; the rest of the catalog is kept.
 */
public final class KevFeed {
  private final FeedContext ctx;

  public KevFeed(FeedContext ctx) {
    this.ctx = ctx;
  }

  public Progress ingest(String where) throws IOException {
    Progress progress = new Progress("kev " + where, ctx.progressOut());
    Instant now = ctx.clock().instant();
    KevCatalog.Parsed parsed = KevCatalog.parse(ctx.bytes(where), now);
    Topic<String, KevEntry> topic = ctx.catalog().kev();
    AvroSerde<KevEntry> serde = ctx.serdes().value(topic);
    Map<String, KevEntry> previous = new HashMap<>();
    TopicReader.readAll(
        ctx.kafka(),
        topic.name(),
        Duration.ofMinutes(2),
        (k, v) -> {
          if (v == null) {
            previous.remove(k);
          } else {
            previous.put(k, serde.deserialize(topic.name(), v));
          }
        });
    List<KevEntry> changes = KevDiff.diff(previous, parsed.entries(), parsed.catalogVersion(), now);
    long removed =
        changes.stream()
            .filter(c -> c.getChange() == io.vigil.events.v1.EnrichmentChange.REMOVED)
            .count();
    progress.total(parsed.entries().size() + parsed.problems().size() + removed);
    parsed
        .entries()
        .forEach(
            e ->
                progress.newestRecord(
                    e.getDateAdded().atStartOfDay().toInstant(java.time.ZoneOffset.UTC)));
    try {
      for (KevCatalog.Problem p : parsed.problems()) {
        ctx.deadLetter("kev", p.where(), p.where(), where, "parse", p.reason(), p.raw());
        progress.rejected(1);
      }
      for (KevEntry e : changes) {
        ctx.writer().send(topic.name(), e.getCveId(), serde.serialize(topic.name(), e));
        ctx.writer().maybeCommit();
        progress.published(1);
      }
      ctx.writer().commit();
    } catch (RuntimeException e) {
      ctx.writer().abort();
      throw e;
    }
    long touched =
        changes.stream()
            .filter(c -> c.getChange() != io.vigil.events.v1.EnrichmentChange.REMOVED)
            .count();
    progress.unchanged(Math.max(0, parsed.entries().size() - touched));
    ctx.metrics().ingested("kev", changes.size());
    ctx.metrics().unchanged("kev", Math.max(0, parsed.entries().size() - touched));
    return progress;
  }
}
