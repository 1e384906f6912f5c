package io.vigil.correlator;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.remediation.SlaPolicy;
import io.vigil.correlator.LocalQueries.PartitionsUnavailable;
import io.vigil.correlator.QueryPage.Item;
import io.vigil.correlator.remediation.OverdueExposures;
import io.vigil.platform.http.HttpError;
import io.vigil.platform.http.HttpRequest;
import io.vigil.platform.http.HttpResponse;
import io.vigil.platform.http.HttpService;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Remediation clocks over the query API (issue 16 item 5): the open, unsuppressed exposures past
 * their due date ({@link OverdueExposures}, the policy of {@code correlator.remediation}), gathered
 * from every instance like the other portfolio queries; and this instance's count for the {@code
 * vigil_exposures_overdue} gauge.
 *
 * <ul>
 *   <li>{@code GET /api/v1/remediation/overdue?team=T&limit=100&asOf=2022-01-01T00:00:00Z}
 *   <li>{@code GET /internal/v1/remediation/overdue?partitions=…&team=T&limit=…&asOf=…}
 * </ul>
 */
final class RemediationRoutes implements QueryRoutes {
  static final String INTERNAL = "/internal/v1/remediation/overdue";

  private final QueryCluster cluster;
  private final SlaPolicy policy;
  private final Clock clock;
  private final int partitions;

  RemediationRoutes(QueryCluster cluster, SlaPolicy policy, Clock clock, int partitions) {
    this.cluster = cluster;
    this.policy = policy;
    this.clock = clock;
    this.partitions = partitions;
  }

  @Override
  public void register(HttpService.Builder b) {
    b.route("GET", "/api/v1/remediation/overdue", this::overdue);
    b.route("GET", INTERNAL, this::partial);
  }

  private HttpResponse overdue(HttpRequest r) throws Exception {
    Instant asOf = asOf(r);
    String team = team(r);
    int limit = r.queryInt("limit", 100, 1, 1000);
    OverdueExposures all = new OverdueExposures(policy, asOf, team, limit);
    StringBuilder q = new StringBuilder("limit=" + limit + "&asOf=" + asOf);
    if (team != null) {
      q.append("&team=")
          .append(URLEncoder.encode(team, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    List<JsonNode> partials =
        ExposureFolds.gather(
            cluster, INTERNAL, q.toString(), parts -> partialOf(asOf, team, limit, parts));
    partials.forEach(all::merge);
    return HttpResponse.ok(all.answer());
  }

  private HttpResponse partial(HttpRequest r) {
    Instant asOf = asOf(r);
    String team = team(r);
    int limit = r.queryInt("limit", 100, 1, 1000);
    return ExposureFolds.answer(cluster, r, parts -> partialOf(asOf, team, limit, parts));
  }

  private Item partialOf(Instant asOf, String team, int limit, List<Integer> parts) {
    OverdueExposures o = new OverdueExposures(policy, asOf, team, limit);
    cluster.local().forEachExposure(parts, e -> o.add(e, ExposureTriage.suppressed(e)));
    return new Item("overdue", o.partial());
  }

  /**
   * Overdue exposures in the partitions this instance holds active now (each partition is counted
   * by its one active owner, so the instances' gauges sum to the portfolio's count).
   */
  long localOverdue() {
    OverdueExposures o = new OverdueExposures(policy, clock.instant(), null, 1);
    for (int p = 0; p < partitions; p++) {
      try {
        cluster.local().forEachExposure(List.of(p), e -> o.add(e, ExposureTriage.suppressed(e)));
      } catch (PartitionsUnavailable notHere) {
        // another instance's (or nobody's right now): not counted here
      } catch (RuntimeException notRunning) {
        return 0;
      }
    }
    return o.overdue();
  }

  private Instant asOf(HttpRequest r) {
    String raw = r.query("asOf");
    if (raw == null || raw.isBlank()) {
      return clock.instant();
    }
    try {
      return Instant.parse(raw);
    } catch (DateTimeParseException e) {
      throw HttpError.badRequest(
          "query parameter 'asOf' must be an ISO-8601 instant (2022-01-01T00:00:00Z), not '"
              + raw
              + "'");
    }
  }

  private static String team(HttpRequest r) {
    String t = r.query("team");
    return t == null || t.isBlank() ? null : t;
  }
}
