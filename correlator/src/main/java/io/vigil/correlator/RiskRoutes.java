package io.vigil.correlator;

import io.vigil.correlator.QueryCluster.Gather;
import io.vigil.correlator.QueryPage.Item;
import io.vigil.platform.http.HttpRequest;
import io.vigil.platform.http.HttpResponse;
import io.vigil.platform.http.HttpService;
import java.util.SortedSet;

/**
 * {@code GET /api/v1/risk/top}: the riskiest components of the portfolio ({@link RiskTop}), from
 * every partition of {@code components-store}.
 */
final class RiskRoutes implements QueryRoutes {
  private final QueryCluster cluster;

  RiskRoutes(QueryCluster cluster) {
    this.cluster = cluster;
  }

  @Override
  public void register(HttpService.Builder b) {
    b.route("GET", "/api/v1/risk/top", this::riskTop);
    b.route("GET", "/internal/v1/risk/partial", this::localRiskPartial);
  }

  private HttpResponse riskTop(HttpRequest r) throws Exception {
    int top = r.queryInt("top", 20, 1, 1000);
    Gather g = cluster.gather(CorrelatorTopology.COMPONENTS_STORE);
    for (var e : cluster.partitionOwners(g).entrySet()) {
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
