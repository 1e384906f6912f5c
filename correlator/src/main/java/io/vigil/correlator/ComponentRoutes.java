package io.vigil.correlator;

import io.vigil.correlator.QueryCluster.Gather;
import io.vigil.correlator.QueryPage.Item;
import io.vigil.platform.http.HttpError;
import io.vigil.platform.http.HttpRequest;
import io.vigil.platform.http.HttpResponse;
import io.vigil.platform.http.HttpService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * {@code GET /api/v1/projects/{project}/components?q=&direct=}: a project's component inventory,
 * paged in purl order, each component with its open exposures ({@code components-by-project-store}
 * of every partition: a project's components live with their packages' shards). {@code q} keeps the
 * purls containing it (without case), {@code direct=true|false} the direct or transitive ones.
 */
final class ComponentRoutes implements QueryRoutes {
  private final QueryCluster cluster;

  ComponentRoutes(QueryCluster cluster) {
    this.cluster = cluster;
  }

  @Override
  public void register(HttpService.Builder b) {
    b.route("GET", "/api/v1/projects/{project}/components", this::projectComponents);
    b.route("GET", "/internal/v1/projects/{project}/components", this::localProjectComponents);
  }

  private HttpResponse projectComponents(HttpRequest r) throws Exception {
    QueryPage page = QueryPage.of(r);
    String project = r.pathParam("project");
    ComponentIndex.Filter filter = filter(r);
    Gather g = cluster.gather(CorrelatorTopology.COMPONENTS_STORE);
    for (var e : cluster.partitionOwners(g).entrySet()) {
      SortedSet<Integer> parts = e.getValue();
      if (cluster.isSelf(e.getKey())) {
        g.local(() -> cluster.local().projectComponents(project, filter, parts, page));
      } else {
        StringBuilder q = new StringBuilder(page.query());
        q.append("&partitions=").append(QueryCluster.join(parts));
        if (filter.q() != null) {
          q.append("&q=").append(QueryCluster.enc(filter.q()));
        }
        if (filter.direct() != null) {
          q.append("&direct=").append(filter.direct());
        }
        g.remote(
            e.getKey(),
            parts,
            "/internal/v1/projects/" + QueryCluster.enc(project) + "/components?" + q);
      }
    }
    List<Item> items = g.items();
    Map<String, Object> about = new LinkedHashMap<>();
    about.put("project", project);
    about.put("q", filter.q());
    about.put("direct", filter.direct());
    return page.respond(items, about);
  }

  private HttpResponse localProjectComponents(HttpRequest r) {
    List<Integer> parts = QueryCluster.partitionsOf(r);
    ComponentIndex.Filter filter = filter(r);
    return cluster.internal(
        () ->
            cluster
                .local()
                .projectComponents(r.pathParam("project"), filter, parts, QueryPage.of(r)));
  }

  private static ComponentIndex.Filter filter(HttpRequest r) {
    String direct = r.query("direct");
    Boolean d = null;
    if (direct != null && !direct.isBlank()) {
      if (!direct.equals("true") && !direct.equals("false")) {
        throw HttpError.badRequest(
            "query parameter 'direct' must be true or false, not '" + direct + "'");
      }
      d = Boolean.valueOf(direct);
    }
    return new ComponentIndex.Filter(r.query("q"), d);
  }
}
