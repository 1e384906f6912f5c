package io.vigil.correlator;

import io.vigil.correlator.QueryCluster.Gather;
import io.vigil.correlator.QueryPage.Item;
import io.vigil.platform.http.HttpError;
import io.vigil.platform.http.HttpRequest;
import io.vigil.platform.http.HttpResponse;
import io.vigil.platform.http.HttpService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * An advisory and its blast radius, and who ships a package, read from the owners of the package
 * shards:
 *
 * <ul>
 *   <li>{@code GET /api/v1/advisories/{id}}: the advisory as the correlator holds it, per package;
 *   <li>{@code GET /api/v1/advisories/{id}/exposures}: the blast radius, every project and
 *       component exposed to the advisory (its packages from the owner of the advisory, then the
 *       owners of each package shard);
 *   <li>{@code GET /api/v1/packages/{purl}/projects}: who ships a package, at which versions (the
 *       owners of the package's shards).
 * </ul>
 */
final class BlastRadiusRoutes implements QueryRoutes {
  private final QueryCluster cluster;

  BlastRadiusRoutes(QueryCluster cluster) {
    this.cluster = cluster;
  }

  @Override
  public void register(HttpService.Builder b) {
    b.route("GET", "/api/v1/advisories/{id}/exposures", this::advisoryExposures);
    b.route("GET", "/api/v1/packages/{purl*}/projects", this::packageProjects);
    b.route("GET", "/api/v1/advisories/{id}", this::advisory);
    b.route("GET", "/internal/v1/shards/advisory", this::localShardAdvisory);
    b.route("GET", "/internal/v1/advisories/{id}/packages", this::localAdvisoryPackages);
    b.route("GET", "/internal/v1/shards/exposures", this::localShardExposures);
    b.route("GET", "/internal/v1/shards/components", this::localShardComponents);
  }

  private HttpResponse advisory(HttpRequest r) throws Exception {
    String id = r.pathParam("id");
    List<String> packages = advisoryPackages(id);
    Gather g = cluster.gather(CorrelatorTopology.ADVISORIES_STORE);
    Map<HostInfo, List<String>> keysByHost = new LinkedHashMap<>();
    Map<HostInfo, SortedSet<Integer>> partsByHost = new LinkedHashMap<>();
    for (String p : packages) {
      // every shard of a package holds the same advisory record: shard 0 is enough
      String shardKey = StoreKeys.shardKey(p, 0);
      KeyQueryMetadata m = cluster.metadata(CorrelatorTopology.ADVISORIES_STORE, shardKey);
      HostInfo h = QueryCluster.owner(g, m, m.partition());
      if (h != null) {
        keysByHost.computeIfAbsent(h, x -> new ArrayList<>()).add(shardKey);
        partsByHost.computeIfAbsent(h, x -> new TreeSet<>()).add(m.partition());
      }
    }
    for (var e : keysByHost.entrySet()) {
      List<String> keys = e.getValue();
      if (cluster.isSelf(e.getKey())) {
        g.local(() -> cluster.local().shardAdvisories(keys, id));
      } else {
        g.remote(
            e.getKey(),
            partsByHost.get(e.getKey()),
            "/internal/v1/shards/advisory?advisory="
                + QueryCluster.enc(id)
                + "&shards="
                + QueryCluster.enc(String.join(String.valueOf(StoreKeys.SEP), keys)));
      }
    }
    return HttpResponse.ok(AdvisoryJson.merge(id, packages, g.items()));
  }

  /** The package keys an advisory lists, from the owner of its links; 404 when unknown. */
  private List<String> advisoryPackages(String id) throws Exception {
    Gather links = cluster.gather(CorrelatorTopology.ADVISORY_LINKS_STORE);
    KeyQueryMetadata m = cluster.metadata(CorrelatorTopology.ADVISORY_LINKS_STORE, id);
    HostInfo owner = QueryCluster.owner(links, m, m.partition());
    if (owner != null && cluster.isSelf(owner)) {
      links.local(() -> cluster.local().advisoryPackages(id));
    } else if (owner != null) {
      links.remote(
          owner,
          Set.of(m.partition()),
          "/internal/v1/advisories/" + QueryCluster.enc(id) + "/packages");
    }
    List<String> packages = new ArrayList<>();
    for (Item i : links.items()) {
      packages.add(i.item().asText());
    }
    if (packages.isEmpty()) {
      throw HttpError.notFound(
          "advisory '" + id + "' is not known to the correlator (or withdrawn)");
    }
    return packages;
  }

  private HttpResponse advisoryExposures(HttpRequest r) throws Exception {
    QueryPage page = QueryPage.of(r);
    String id = r.pathParam("id");
    List<String> packages = advisoryPackages(id);
    List<Item> items = shardQuery(packages, "exposures", id, page);
    return page.respond(items, Map.of("advisory", id, "packages", packages));
  }

  private HttpResponse packageProjects(HttpRequest r) throws Exception {
    QueryPage page = QueryPage.of(r);
    String purl = r.pathParam("purl");
    String packageKey = QueryApi.packageKey(purl);
    if (packageKey == null) {
      throw HttpError.badRequest(
          "'" + purl + "' is not a package URL the correlator can map to a package");
    }
    List<Item> items = shardQuery(List.of(packageKey), "components", null, page);
    String note = items.isEmpty() ? PackageKeys.binaryWithoutSourceNote(purl) : null;
    if (note != null) {
      // a distro binary asked without its source package: say why nothing is found, and how to ask
      return page.respond(items, Map.of("purl", purl, "package", packageKey, "note", note));
    }
    return page.respond(items, Map.of("purl", purl, "package", packageKey));
  }

  private List<Item> shardQuery(List<String> packages, String what, String advisory, QueryPage page)
      throws Exception {
    Gather g = cluster.gather(CorrelatorTopology.COMPONENTS_STORE);
    Map<HostInfo, List<String>> keysByHost = new LinkedHashMap<>();
    Map<HostInfo, SortedSet<Integer>> partsByHost = new LinkedHashMap<>();
    for (String p : packages) {
      for (int s = 0; s < cluster.shards(); s++) {
        String shardKey = StoreKeys.shardKey(p, s);
        KeyQueryMetadata m = cluster.metadata(CorrelatorTopology.COMPONENTS_STORE, shardKey);
        HostInfo h = QueryCluster.owner(g, m, m.partition());
        if (h != null) {
          keysByHost.computeIfAbsent(h, x -> new ArrayList<>()).add(shardKey);
          partsByHost.computeIfAbsent(h, x -> new TreeSet<>()).add(m.partition());
        }
      }
    }
    for (var e : keysByHost.entrySet()) {
      List<String> keys = e.getValue();
      if (cluster.isSelf(e.getKey())) {
        g.local(
            () ->
                what.equals("exposures")
                    ? cluster.local().shardExposures(keys, advisory, page)
                    : cluster.local().shardComponents(keys, page));
      } else {
        StringBuilder q = new StringBuilder(page.query());
        q.append("&shards=")
            .append(QueryCluster.enc(String.join(String.valueOf(StoreKeys.SEP), keys)));
        if (advisory != null) {
          q.append("&advisory=").append(QueryCluster.enc(advisory));
        }
        g.remote(e.getKey(), partsByHost.get(e.getKey()), "/internal/v1/shards/" + what + "?" + q);
      }
    }
    return g.items();
  }

  // ------------------------------------------------------------------ internal routes

  private HttpResponse localShardAdvisory(HttpRequest r) {
    String advisory = r.query("advisory");
    if (advisory == null || advisory.isEmpty()) {
      throw HttpError.badRequest("query parameter 'advisory' is required");
    }
    return cluster.internal(
        () -> cluster.local().shardAdvisories(QueryCluster.shardsOf(r), advisory));
  }

  private HttpResponse localAdvisoryPackages(HttpRequest r) {
    return cluster.internal(() -> cluster.local().advisoryPackages(r.pathParam("id")));
  }

  private HttpResponse localShardExposures(HttpRequest r) {
    return cluster.internal(
        () ->
            cluster
                .local()
                .shardExposures(QueryCluster.shardsOf(r), r.query("advisory"), QueryPage.of(r)));
  }

  private HttpResponse localShardComponents(HttpRequest r) {
    return cluster.internal(
        () -> cluster.local().shardComponents(QueryCluster.shardsOf(r), QueryPage.of(r)));
  }
}
