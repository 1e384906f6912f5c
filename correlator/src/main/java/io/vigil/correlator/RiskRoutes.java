package io.vigil.correlator;

import io.vigil.correlator.QueryCluster.Gather;
import io.vigil.correlator.QueryPage.Item;
import io.vigil.platform.http.HttpError;
import io.vigil.platform.http.HttpRequest;
import io.vigil.platform.http.HttpResponse;
import io.vigil.platform.http.HttpService;
import java.util.SortedSet;

/**
 * {@code GET /api/v1/risk/top}: the riskiest components of the portfolio ({@link RiskTop}), from
 * every partition of the SYSTEMIC stage's {@code package-reach-store}. Without that stage ({@code
 * correlator.systemic.enabled} false) there is no index: 404 saying so.
 */
final class RiskRoutes implements QueryRoutes {
  private final QueryCluster cluster;
  private final boolean indexed;

  /**
   * @param indexed {@code correlator.systemic.enabled}: the stage that keeps the index runs
   */
  RiskRoutes(QueryCluster cluster, boolean indexed) {
    this.cluster = cluster;
    this.indexed = indexed;
  }

  @Override
  public void register(HttpService.Builder b) {
    b.route("GET", "/api/v1/risk/top", this::riskTop);
    b.route("GET", "/internal/v1/risk/partial", this::localRiskPartial);
  }

  private HttpResponse riskTop(HttpRequest r) throws Exception {
    int top = r.queryInt("top", 20, 1, 1000);
    if (!indexed) {
      throw new HttpError(
          404,
          "not_enabled",
          "the systemic-risk index is kept by the SYSTEMIC stage, which is off here"
              + " (correlator.systemic.enabled: false)");
    }
    Gather g = cluster.gather(CorrelatorTopology.PACKAGE_REACH_STORE);
    for (var e : cluster.partitionOwners(g, CorrelatorTopology.PACKAGE_REACH_STORE).entrySet()) {
      SortedSet<Integer> parts = e.getValue();
      if (cluster.isSelf(e.getKey())) {
        g.local(() -> cluster.local().riskPartial(parts));
      } else {
        g.remote(
            e.getKey(), parts, "/internal/v1/risk/partial?partitions=" + QueryCluster.join(parts));
      }
    }
    return HttpResponse.ok(RiskTop.answer(g.items().stream().map(Item::item).toList(), top));
  }

  private HttpResponse localRiskPartial(HttpRequest r) {
    return cluster.internal(() -> cluster.local().riskPartial(QueryCluster.partitionsOf(r)));
  }
}
