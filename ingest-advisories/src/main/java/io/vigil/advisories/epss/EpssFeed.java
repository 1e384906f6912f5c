package io.vigil.advisories.epss;

import io.vigil.advisories.FeedContext;
import io.vigil.advisories.OsvNormalizer;
import io.vigil.advisories.Progress;
import io.vigil.advisories.state.IngestStateStore;
import io.vigil.events.v1.EpssScore;
import io.vigil.schemas.Topic;
import io.vigil.schemas.serde.AvroSerde;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EPSS: streams the daily CSV (URL or file, gzip or plain) and publishes each CVE's score when it
 * differs from the one last published (score, percentile, date, model); a file older than the last
 * one published is skipped whole. Bad rows go to the DLQ with their line number.
 */
public final class EpssFeed {
  private static final Logger log = LoggerFactory.getLogger(EpssFeed.class);
  private static final String CURSOR = "epss|scoreDate";

  private final FeedContext ctx;

  public EpssFeed(FeedContext ctx) {
    this.ctx = ctx;
  }

  public Progress ingest(String where) throws IOException {
    Progress progress = new Progress("epss " + where, ctx.progressOut());
    Topic<String, EpssScore> topic = ctx.catalog().epss();
    AvroSerde<EpssScore> serde = ctx.serdes().value(topic);
    IngestStateStore state = ctx.state();
    Instant now = ctx.clock().instant();
    String last = state.cursor(CURSOR);
    LocalDate[] date = new LocalDate[1];
    boolean[] skip = new boolean[1];
    try (InputStream in = ctx.open(where)) {
      EpssCsv.parse(
          in,
          null,
          now,
          new EpssCsv.Sink() {
            @Override
            public void header(EpssCsv.Header h) {
              date[0] = h.scoreDate();
              if (last != null && h.scoreDate().isBefore(LocalDate.parse(last))) {
                log.warn(
                    "{}: scores of {} are older than those published ({}): skipped",
                    where,
                    h.scoreDate(),
                    last);
                skip[0] = true;
              }
            }

            @Override
            public void score(EpssScore s) {
              if (skip[0]) {
                progress.unchanged(1);
                return;
              }
              String fp =
                  OsvNormalizer.sha256(
                      String.format(
                              Locale.ROOT,
                              "%s|%s|%s|%s|%s",
                              s.getCveId(),
                              Double.toString(s.getEpss()),
                              Double.toString(s.getPercentile()),
                              s.getScoreDate(),
                              s.getModelVersion())
                          .getBytes(StandardCharsets.UTF_8));
              if (state.isCurrent("epss", fp)) {
                ctx.metrics().unchanged("epss", 1);
                progress.unchanged(1);
                return;
              }
              ctx.writer().send(topic.name(), s.getCveId(), serde.serialize(topic.name(), s));
              ctx.writer()
                  .state(
                      IngestStateStore.key("epss", s.getCveId()),
                      state.put(
                          "epss",
                          s.getCveId(),
                          fp,
                          s.getScoreDate().atStartOfDay().toInstant(ZoneOffset.UTC),
                          false,
                          now));
              ctx.metrics().ingested("epss", 1);
              progress.published(1);
              ctx.writer().maybeCommit();
            }

            @Override
            public void bad(long line, String reason, String raw) {
              if (skip[0]) {
                return;
              }
              byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
              ctx.deadLetter(
                  "epss",
                  "@" + OsvNormalizer.sha256(bytes),
                  where + ":" + line,
                  where + ":" + line,
                  "parse",
                  reason,
                  bytes);
              progress.rejected(1);
            }
          });
      if (!skip[0] && date[0] != null && (last == null || !date[0].toString().equals(last))) {
        ctx.writer()
            .state(
                IngestStateStore.cursorKey(CURSOR), state.cursor(CURSOR, date[0].toString(), now));
      }
      ctx.writer().commit();
    } catch (IOException | RuntimeException e) {
      ctx.writer().abort();
      throw e;
    }
    return progress;
  }
}
