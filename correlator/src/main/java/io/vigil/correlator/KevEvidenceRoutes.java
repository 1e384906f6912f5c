package io.vigil.correlator;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.remediation.SlaPolicy;
import io.vigil.correlator.QueryPage.Item;
import io.vigil.correlator.evidence.KevEvidence;
import io.vigil.correlator.evidence.KevEvidenceRender;
import io.vigil.platform.http.HttpError;
import io.vigil.platform.http.HttpRequest;
import io.vigil.platform.http.HttpResponse;
import io.vigil.platform.http.HttpService;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The evidence export for an actively exploited vulnerability (issue 16 item 6), gathered from
 * every instance like the other portfolio queries ({@link KevEvidence} over each partition of
 * {@code resolved-exposures-store}, what was fixed or resolved and when, then of {@code
 * exposures-store}, the open and suppressed exposures).
 *
 * <ul>
 *   <li>{@code GET /api/v1/kev/{cve}/evidence?format=json|markdown|csv}
 *   <li>{@code GET /internal/v1/kev/evidence?cve=…&asOf=…&partitions=…}
 * </ul>
 */
final class KevEvidenceRoutes implements QueryRoutes {
  static final String INTERNAL = "/internal/v1/kev/evidence";
  private static final Pattern CVE = Pattern.compile("(?i)CVE-\\d{4}-\\d{4,}");

  private final QueryCluster cluster;
  private final SlaPolicy policy;
  private final Clock clock;

  KevEvidenceRoutes(QueryCluster cluster, SlaPolicy policy, Clock clock) {
    this.cluster = cluster;
    this.policy = policy;
    this.clock = clock;
  }

  @Override
  public void register(HttpService.Builder b) {
    b.route("GET", "/api/v1/kev/{cve}/evidence", this::evidence);
    b.route("GET", INTERNAL, this::partial);
  }

  private HttpResponse evidence(HttpRequest r) throws Exception {
    String cve = cve(r.pathParam("cve"));
    String format = Optional.ofNullable(r.query("format")).orElse("json");
    if (!List.of("json", "markdown", "csv").contains(format)) {
      throw HttpError.badRequest(
          "query parameter 'format' must be json, markdown or csv, not '" + format + "'");
    }
    Instant asOf = clock.instant();
    KevEvidence all = new KevEvidence(cve, policy, asOf);
    List<JsonNode> partials =
        ExposureFolds.gather(
            cluster,
            INTERNAL,
            "cve=" + URLEncoder.encode(cve, StandardCharsets.UTF_8) + "&asOf=" + asOf,
            parts -> partialOf(cve, asOf, parts));
    partials.forEach(all::merge);
    JsonNode answer = all.answer();
    return switch (format) {
      case "markdown" ->
          HttpResponse.text(
              200, "text/markdown; charset=utf-8", KevEvidenceRender.markdown(answer));
      case "csv" ->
          HttpResponse.text(200, "text/csv; charset=utf-8", KevEvidenceRender.csv(answer));
      default -> HttpResponse.ok(answer);
    };
  }

  private HttpResponse partial(HttpRequest r) {
    String cve = cve(r.query("cve"));
    Instant asOf;
    try {
      asOf = Instant.parse(Optional.ofNullable(r.query("asOf")).orElse(""));
    } catch (RuntimeException e) {
      throw HttpError.badRequest("query parameter 'asOf' must be an ISO-8601 instant");
    }
    Instant at = asOf;
    return ExposureFolds.answer(cluster, r, parts -> partialOf(cve, at, parts));
  }

  private Item partialOf(String cve, Instant asOf, List<Integer> parts) {
    KevEvidence e = new KevEvidence(cve, policy, asOf);
    cluster.local().forEachResolvedExposure(parts, e::add);
    cluster.local().forEachExposure(parts, e::add);
    return new Item("kev", e.partial());
  }

  private static String cve(String raw) {
    if (raw == null || !CVE.matcher(raw.strip()).matches()) {
      throw HttpError.badRequest("'" + raw + "' is not a CVE id (CVE-YYYY-NNNN)");
    }
    return raw.strip();
  }
}
