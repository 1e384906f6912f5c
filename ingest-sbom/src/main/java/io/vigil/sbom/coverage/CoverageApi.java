package io.vigil.sbom.coverage;

import io.vigil.platform.config.Durations;
import io.vigil.platform.http.HttpError;
import io.vigil.platform.http.HttpRequest;
import io.vigil.platform.http.HttpResponse;
import io.vigil.platform.http.HttpService;
import io.vigil.sbom.ApiKeys;
import io.vigil.sbom.IngestSbomConfig;
import java.time.Clock;
import java.time.Duration;

/**
 * {@code GET /api/v1/coverage[?staleAfter=30d]}: every project's last accepted SBOM (when, which
 * version, how old, stale or not) and its coverage (minimum-elements score and each element's
 * share, components without purl), with portfolio totals ({@link CoverageReport}). A key sees the
 * projects its globs cover.
 */
public final class CoverageApi {
  /** Default of {@code staleAfter}: an SBOM older than this no longer shows the inventory. */
  public static final Duration DEFAULT_STALE_AFTER = Duration.ofDays(30);

  private final ApiKeys keys;
  private final LastSboms sboms;
  private final Clock clock;

  public CoverageApi(ApiKeys keys, LastSboms sboms, Clock clock) {
    this.keys = keys;
    this.sboms = sboms;
    this.clock = clock;
  }

  public void register(HttpService.Builder b) {
    b.route("GET", "/api/v1/coverage", this::coverage);
  }

  private HttpResponse coverage(HttpRequest req) {
    IngestSbomConfig.ApiKey key = keys.authenticate(req);
    String s = req.query("staleAfter");
    Duration staleAfter;
    try {
      staleAfter = s == null ? DEFAULT_STALE_AFTER : Durations.parse(s, "staleAfter");
    } catch (RuntimeException e) {
      throw HttpError.badRequest(
          "staleAfter: '" + s + "' is not a duration (30d, 12h, P30D): " + e.getMessage());
    }
    if (staleAfter.isNegative() || staleAfter.isZero()) {
      throw HttpError.badRequest("staleAfter must be positive");
    }
    return HttpResponse.ok(
        CoverageReport.json(
            sboms.all(), staleAfter, clock.instant(), p -> key == null || key.allows(p)));
  }
}
