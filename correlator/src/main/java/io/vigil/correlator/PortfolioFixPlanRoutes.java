package io.vigil.correlator;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.fixplan.PortfolioFixPlan;
import io.vigil.core.fixplan.PortfolioFixPlan.Filter;
import io.vigil.core.fixplan.PortfolioFixPlanRender;
import io.vigil.correlator.QueryPage.Item;
import io.vigil.correlator.fixplan.PortfolioExposures;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.platform.http.HttpError;
import io.vigil.platform.http.HttpRequest;
import io.vigil.platform.http.HttpResponse;
import io.vigil.platform.http.HttpService;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The portfolio fix plan (issue 16 item 4), gathered from every instance like the other portfolio
 * queries: each folds its partitions of {@code exposures-store} into a {@link PortfolioFixPlan}
 * partial, the instance asked merges them.
 *
 * <ul>
 *   <li>{@code GET /api/v1/fix-plan?top=20&team=T&tag=X&format=json|markdown}
 *   <li>{@code GET /internal/v1/fix-plan/partial?partitions=…&team=T&tag=X}
 * </ul>
 */
final class PortfolioFixPlanRoutes implements QueryRoutes {
  static final String INTERNAL = "/internal/v1/fix-plan/partial";

  private final QueryCluster cluster;

  PortfolioFixPlanRoutes(QueryCluster cluster) {
    this.cluster = cluster;
  }

  @Override
  public void register(HttpService.Builder b) {
    b.route("GET", "/api/v1/fix-plan", this::portfolio);
    b.route("GET", INTERNAL, this::partial);
  }

  private HttpResponse portfolio(HttpRequest r) throws Exception {
    int top = r.queryInt("top", 20, 1, 1000);
    String format = Optional.ofNullable(r.query("format")).orElse("json");
    if (!format.equals("json") && !format.equals("markdown")) {
      throw HttpError.badRequest(
          "query parameter 'format' must be json or markdown, not '" + format + "'");
    }
    Filter filter = filterOf(r);
    PortfolioFixPlan plan = new PortfolioFixPlan(filter);
    List<JsonNode> partials =
        ExposureFolds.gather(cluster, INTERNAL, query(filter), parts -> partialOf(filter, parts));
    partials.forEach(plan::merge);
    PortfolioFixPlan.Plan answer = plan.plan(top);
    return format.equals("markdown")
        ? HttpResponse.text(
            200, "text/markdown; charset=utf-8", PortfolioFixPlanRender.markdown(answer))
        : HttpResponse.ok(PortfolioFixPlanRender.json(answer));
  }

  private HttpResponse partial(HttpRequest r) {
    Filter filter = filterOf(r);
    return ExposureFolds.answer(cluster, r, parts -> partialOf(filter, parts));
  }

  /** This instance's partitions folded (one item). */
  private Item partialOf(Filter filter, List<Integer> partitions) {
    PortfolioFixPlan plan = new PortfolioFixPlan(filter);
    cluster.local().forEachExposure(partitions, e -> add(plan, e));
    return new Item("fix-plan", plan.partial());
  }

  /**
   * Adds a stored exposure under its package key (the query API's and the weekly digest's fold).
   */
  static void add(PortfolioFixPlan plan, ExposureEvent e) {
    String key = e.getComponent().getPackageKey();
    if (key == null) {
      key = PackageKeys.ofPurl(e.getComponent().getPurl());
    }
    PortfolioExposures.add(
        plan, e, key == null ? e.getComponent().getPurl() : key, ExposureTriage.suppressed(e));
  }

  private static Filter filterOf(HttpRequest r) {
    String team = r.query("team");
    String tag = r.query("tag");
    return new Filter(
        team == null || team.isBlank() ? null : team,
        tag == null || tag.isBlank() ? null : tag.trim().toLowerCase(java.util.Locale.ROOT));
  }

  private static String query(Filter f) {
    StringBuilder q = new StringBuilder("v=1");
    if (f.team() != null) {
      q.append("&team=").append(enc(f.team()));
    }
    if (f.tag() != null) {
      q.append("&tag=").append(enc(f.tag()));
    }
    return q.toString();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
