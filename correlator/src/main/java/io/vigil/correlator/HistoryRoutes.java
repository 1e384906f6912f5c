package io.vigil.correlator;

import io.vigil.correlator.QueryPage.Item;
import io.vigil.correlator.history.DailyOpen;
import io.vigil.correlator.history.FixedExposure;
import io.vigil.correlator.history.OpenTrend;
import io.vigil.correlator.history.TimeToFix;
import io.vigil.platform.http.HttpError;
import io.vigil.platform.http.HttpRequest;
import io.vigil.platform.http.HttpResponse;
import io.vigil.platform.http.HttpService;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The portfolio's history over the query API, from the stores {@link PortfolioHistoryProcessor}
 * keeps beside {@code exposures-store}, gathered from every instance like the other portfolio
 * queries (whole, or 503 naming the missing partitions):
 *
 * <ul>
 *   <li>{@code GET /api/v1/remediation/time-to-fix?since=2026-01-01T00:00:00Z}: exposures fixed,
 *       median, 90th percentile and histogram of first seen → fixed, overall, per severity and KEV
 *       or not ({@link TimeToFix}; exact: the instances send every distinct duration)
 *   <li>{@code GET /api/v1/exposures/trend?days=30}: open exposures by severity on each of the last
 *       {@code days} UTC days, today included ({@link OpenTrend})
 * </ul>
 */
final class HistoryRoutes implements QueryRoutes {
  static final String TIME_TO_FIX_INTERNAL = "/internal/v1/remediation/time-to-fix";
  static final String TREND_INTERNAL = "/internal/v1/exposures/trend";

  private final QueryCluster cluster;
  private final Clock clock;

  HistoryRoutes(QueryCluster cluster, Clock clock) {
    this.cluster = cluster;
    this.clock = clock;
  }

  @Override
  public void register(HttpService.Builder b) {
    b.route("GET", "/api/v1/remediation/time-to-fix", this::timeToFix);
    b.route("GET", TIME_TO_FIX_INTERNAL, this::timeToFixPartial);
    b.route("GET", "/api/v1/exposures/trend", this::trend);
    b.route("GET", TREND_INTERNAL, this::trendPartial);
  }

  private HttpResponse timeToFix(HttpRequest r) throws Exception {
    Instant since = since(r);
    TimeToFix all = new TimeToFix(since == null ? Long.MIN_VALUE : since.toEpochMilli());
    String q = since == null ? "" : "since=" + since;
    ExposureFolds.gather(cluster, TIME_TO_FIX_INTERNAL, q, parts -> timeToFixOf(since, parts))
        .forEach(all::merge);
    var answer = all.answer();
    if (since != null) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) answer).put("since", since.toString());
    }
    return HttpResponse.ok(answer);
  }

  private HttpResponse timeToFixPartial(HttpRequest r) {
    Instant since = since(r);
    return ExposureFolds.answer(cluster, r, parts -> timeToFixOf(since, parts));
  }

  private Item timeToFixOf(Instant since, List<Integer> parts) {
    TimeToFix t = new TimeToFix(since == null ? Long.MIN_VALUE : since.toEpochMilli());
    cluster
        .local()
        .<FixedExposure>forEach(
            CorrelatorTopology.FIXED_EXPOSURES_STORE, parts, (k, f) -> t.add(f));
    return new Item("time-to-fix", t.partial());
  }

  private HttpResponse trend(HttpRequest r) throws Exception {
    int days = days(r);
    LocalDate to = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    OpenTrend all = new OpenTrend(to.minusDays(days - 1L), to);
    ExposureFolds.gather(
            cluster, TREND_INTERNAL, "days=" + days + "&to=" + to, parts -> trendOf(all, parts))
        .forEach(all::merge);
    return HttpResponse.ok(all.answer(cluster.partitions()));
  }

  private HttpResponse trendPartial(HttpRequest r) {
    int days = days(r);
    LocalDate to = day(r.query("to"));
    return ExposureFolds.answer(
        cluster, r, parts -> trendOf(new OpenTrend(to.minusDays(days - 1L), to), parts));
  }

  /** This instance's sums over {@code parts} (a fresh fold of the same range as {@code range}). */
  private Item trendOf(OpenTrend range, List<Integer> parts) {
    List<LocalDate> span = range.days();
    OpenTrend t = new OpenTrend(span.get(0), span.get(span.size() - 1));
    cluster
        .local()
        .<DailyOpen>forEach(
            CorrelatorTopology.OPEN_DAILY_STORE, parts, (k, d) -> t.add(LocalDate.parse(k), d));
    return new Item("trend", t.partial());
  }

  private static int days(HttpRequest r) {
    return r.queryInt("days", 30, 1, PortfolioHistoryProcessor.KEEP_DAYS);
  }

  private static LocalDate day(String raw) {
    try {
      return LocalDate.parse(raw == null ? "" : raw);
    } catch (DateTimeParseException e) {
      throw HttpError.badRequest(
          "query parameter 'to' must be a date (2026-12-08), not '" + raw + "'");
    }
  }

  private static Instant since(HttpRequest r) {
    String raw = r.query("since");
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(raw);
    } catch (DateTimeParseException e) {
      throw HttpError.badRequest(
          "query parameter 'since' must be an ISO-8601 instant (2026-01-01T00:00:00Z), not '"
              + raw
              + "'");
    }
  }
}
