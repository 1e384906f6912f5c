package io.vigil.correlator;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.correlator.QueryCluster.Gather;
import io.vigil.correlator.QueryPage.Item;
import io.vigil.platform.http.HttpRequest;
import io.vigil.platform.http.HttpResponse;
import java.util.List;
import java.util.SortedSet;
import java.util.function.Function;

/**
 * A portfolio-wide fold over {@code exposures-store} for a route class (the portfolio fix plan,
 * overdue exposures, KEV evidence): every partition, this instance's folded by {@code here}, the
 * others' by their owners at an internal route answered by {@link #answer}; whole or 503 naming
 * what is missing, like the other portfolio queries.
 */
final class ExposureFolds {
  private ExposureFolds() {}

  /** Every instance's partial (one item each). */
  static List<JsonNode> gather(
      QueryCluster cluster, String internalPath, String query, Function<List<Integer>, Item> here)
      throws Exception {
    Gather g = cluster.gather(CorrelatorTopology.EXPOSURES_STORE);
    for (var e : cluster.partitionOwners(g).entrySet()) {
      SortedSet<Integer> parts = e.getValue();
      if (cluster.isSelf(e.getKey())) {
        g.local(() -> List.of(here.apply(List.copyOf(parts))));
      } else {
        g.remote(
            e.getKey(),
            parts,
            internalPath + "?" + query + "&partitions=" + QueryCluster.join(parts));
      }
    }
    return g.items().stream().map(Item::item).toList();
  }

  /** An internal route's answer: {@code here} over the partitions asked. */
  static HttpResponse answer(
      QueryCluster cluster, HttpRequest r, Function<List<Integer>, Item> here) {
    List<Integer> parts = QueryCluster.partitionsOf(r);
    return cluster.internal(() -> List.of(here.apply(parts)));
  }
}
