package io.vigil.correlator;

import io.vigil.correlator.QueryCluster.Gather;
import io.vigil.correlator.QueryPage.Item;
import io.vigil.platform.http.HttpRequest;
import io.vigil.platform.http.HttpResponse;
import io.vigil.platform.http.HttpService;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * A project's exposures and the portfolio summary, read from every partition of {@code
 * exposures-store} (exposures live with their package's shard):
 *
 * <ul>
 *   <li>{@code GET /api/v1/projects/{project}/exposures}: the project's current exposures, paged;
 *   <li>{@code GET /api/v1/exposures/summary}: open exposures by severity, KEV, SSVC, top packages.
 * </ul>
 */
final class ExposureRoutes implements QueryRoutes {
  private final QueryCluster cluster;

  ExposureRoutes(QueryCluster cluster) {
    this.cluster = cluster;
  }

  @Override
  public void register(HttpService.Builder b) {
    b.route("GET", "/api/v1/projects/{project}/exposures", this::projectExposures);
    b.route("GET", "/api/v1/exposures/summary", this::exposureSummary);
    b.route("GET", "/internal/v1/projects/{project}/exposures", this::localProjectExposures);
    b.route("GET", "/internal/v1/exposures/summary", this::localExposureSummary);
  }

  private HttpResponse projectExposures(HttpRequest r) throws Exception {
    QueryPage page = QueryPage.of(r);
    String project = r.pathParam("project");
    return page.respond(projectExposures(project, page), Map.of("project", project));
  }

  /** One page's worth of the project's exposures from every owner of exposures-store. */
  List<Item> projectExposures(String project, QueryPage page) throws Exception {
    Gather g = cluster.gather(CorrelatorTopology.EXPOSURES_STORE);
    for (var e : cluster.partitionOwners(g).entrySet()) {
      SortedSet<Integer> parts = e.getValue();
      if (cluster.isSelf(e.getKey())) {
        g.local(() -> cluster.local().projectExposures(project, parts, page));
      } else {
        g.remote(
            e.getKey(),
            parts,
            "/internal/v1/projects/"
                + QueryCluster.enc(project)
                + "/exposures?"
                + page.query()
                + "&partitions="
                + QueryCluster.join(parts));
      }
    }
    return g.items();
  }

  private HttpResponse exposureSummary(HttpRequest r) throws Exception {
    int top = r.queryInt("top", 10, 1, 100);
    Gather g = cluster.gather(CorrelatorTopology.EXPOSURES_STORE);
    for (var e : cluster.partitionOwners(g).entrySet()) {
      SortedSet<Integer> parts = e.getValue();
      if (cluster.isSelf(e.getKey())) {
        g.local(() -> cluster.local().exposureSummary(parts));
      } else {
        g.remote(
            e.getKey(),
            parts,
            "/internal/v1/exposures/summary?partitions=" + QueryCluster.join(parts));
      }
    }
    PortfolioSummary summary = new PortfolioSummary();
    for (Item i : g.items()) {
      summary.merge(i.item());
    }
    return HttpResponse.ok(summary.answer(top));
  }

  private HttpResponse localProjectExposures(HttpRequest r) {
    List<Integer> parts = QueryCluster.partitionsOf(r);
    return cluster.internal(
        () -> cluster.local().projectExposures(r.pathParam("project"), parts, QueryPage.of(r)));
  }

  private HttpResponse localExposureSummary(HttpRequest r) {
    return cluster.internal(() -> cluster.local().exposureSummary(QueryCluster.partitionsOf(r)));
  }
}
