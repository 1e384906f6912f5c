package io.vigil.correlator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.platform.http.HttpError;
import io.vigil.platform.http.HttpRequest;
import io.vigil.platform.http.HttpResponse;
import io.vigil.platform.http.HttpService;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The correlator's query API, served by every instance; each answers from its own RocksDB stores
 * and asks the others through Streams metadata ({@code application.server}):
 *
 * <ul>
 *   <li>{@code GET /api/v1/projects/{project}/exposures}: the project's current exposures (asked of
 *       every instance: exposures live with their package's partition);
 *   <li>{@code GET /api/v1/advisories/{id}/exposures}: the blast radius, every project and
 *       component exposed to the advisory (its packages from the instance that owns the advisory,
 *       then the owners of each package shard);
 *   <li>{@code GET /api/v1/packages/{purl}/projects}: who ships a package, at which versions (the
 *       owners of the package's shards).
 * </ul>
 *
 * Pages: {@code ?limit=N} (1..1000, default 100) and {@code ?cursor=C} from the previous page's
 * {@code nextCursor}; results are in a stable order (project, then purl, then advisory). The {@code
 * /internal/v1/...} routes answer from local stores only; instances call them on each other.
 */
final class QueryApi {
  private static final ObjectMapper JSON = HttpResponse.mapper();
  private static final StringSerializer KEYS = new StringSerializer();
  private static final int DEFAULT_LIMIT = 100;
  private static final int MAX_LIMIT = 1000;

  private final Supplier<KafkaStreams> streams;
  private final int shards;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private volatile HostInfo self;

  QueryApi(Supplier<KafkaStreams> streams, int shards) {
    this.streams = streams;
    this.shards = shards;
  }

  void self(HostInfo host) {
    this.self = host;
  }

  void register(HttpService.Builder b) {
    b.route("GET", "/api/v1/projects/{project}/exposures", this::projectExposures);
    b.route("GET", "/api/v1/advisories/{id}/exposures", this::advisoryExposures);
    b.route("GET", "/api/v1/packages/{purl*}/projects", this::packageProjects);
    b.route("GET", "/internal/v1/projects/{project}/exposures", this::localProjectExposures);
    b.route("GET", "/internal/v1/advisories/{id}/packages", this::localAdvisoryPackages);
    b.route("GET", "/internal/v1/shards/exposures", this::localShardExposures);
    b.route("GET", "/internal/v1/shards/components", this::localShardComponents);
  }

  // ------------------------------------------------------------------ public routes

  private HttpResponse projectExposures(HttpRequest r) throws Exception {
    Page page = Page.of(r);
    String project = r.pathParam("project");
    List<Item> items = new ArrayList<>();
    for (HostInfo host : allHosts()) {
      items.addAll(
          isSelf(host)
              ? localProjectExposures(project, page)
              : remote(
                  host, "/internal/v1/projects/" + enc(project) + "/exposures?" + page.query()));
    }
    return page.respond(items, Map.of("project", project));
  }

  private HttpResponse advisoryExposures(HttpRequest r) throws Exception {
    Page page = Page.of(r);
    String id = r.pathParam("id");
    KeyQueryMetadata owner = metadata(CorrelatorTopology.ADVISORY_LINKS_STORE, id);
    List<String> packages = new ArrayList<>();
    for (Item i :
        isSelf(owner.activeHost())
            ? localAdvisoryPackages(id)
            : remote(owner.activeHost(), "/internal/v1/advisories/" + enc(id) + "/packages")) {
      packages.add(i.item().asText());
    }
    if (packages.isEmpty()) {
      throw HttpError.notFound(
          "advisory '" + id + "' is not known to the correlator (or withdrawn)");
    }
    List<Item> items = shardQuery(packages, "exposures", "advisory=" + enc(id), page);
    return page.respond(items, Map.of("advisory", id, "packages", packages));
  }

  private HttpResponse packageProjects(HttpRequest r) throws Exception {
    Page page = Page.of(r);
    String purl = r.pathParam("purl");
    String packageKey = packageKey(purl);
    if (packageKey == null) {
      throw HttpError.badRequest(
          "'" + purl + "' is not a package URL the correlator can map to a package");
    }
    List<Item> items = shardQuery(List.of(packageKey), "components", null, page);
    return page.respond(items, Map.of("purl", purl, "package", packageKey));
  }

  /** The package key of a purl, as the components were keyed (the same function ingest uses). */
  static String packageKey(String purl) {
    return PackageKeys.ofPurl(purl);
  }

  private List<Item> shardQuery(List<String> packages, String what, String extra, Page page)
      throws Exception {
    Map<HostInfo, List<String>> byHost = new LinkedHashMap<>();
    for (String p : packages) {
      for (int s = 0; s < shards; s++) {
        String shardKey = StoreKeys.shardKey(p, s);
        HostInfo h = metadata(CorrelatorTopology.COMPONENTS_STORE, shardKey).activeHost();
        byHost.computeIfAbsent(h, x -> new ArrayList<>()).add(shardKey);
      }
    }
    List<Item> items = new ArrayList<>();
    for (var e : byHost.entrySet()) {
      if (isSelf(e.getKey())) {
        items.addAll(
            what.equals("exposures")
                ? localShardExposures(e.getValue(), extraValue(extra), page)
                : localShardComponents(e.getValue(), page));
      } else {
        StringBuilder q = new StringBuilder(page.query());
        q.append("&shards=").append(enc(String.join(String.valueOf(StoreKeys.SEP), e.getValue())));
        if (extra != null) {
          q.append('&').append(extra);
        }
        items.addAll(remote(e.getKey(), "/internal/v1/shards/" + what + "?" + q));
      }
    }
    return items;
  }

  private static String extraValue(String extra) {
    return extra == null
        ? null
        : java.net.URLDecoder.decode(
            extra.substring(extra.indexOf('=') + 1), StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------ local answers

  private HttpResponse localProjectExposures(HttpRequest r) {
    return internal(localProjectExposures(r.pathParam("project"), Page.of(r)));
  }

  private HttpResponse localAdvisoryPackages(HttpRequest r) {
    return internal(localAdvisoryPackages(r.pathParam("id")));
  }

  private HttpResponse localShardExposures(HttpRequest r) {
    return internal(localShardExposures(shardsOf(r), r.query("advisory"), Page.of(r)));
  }

  private HttpResponse localShardComponents(HttpRequest r) {
    return internal(localShardComponents(shardsOf(r), Page.of(r)));
  }

  private static List<String> shardsOf(HttpRequest r) {
    String raw = r.query("shards");
    if (raw == null || raw.isEmpty()) {
      throw HttpError.badRequest("query parameter 'shards' is required");
    }
    return List.of(raw.split(String.valueOf(StoreKeys.SEP)));
  }

  List<Item> localProjectExposures(String project, Page page) {
    ReadOnlyKeyValueStore<String, ExposureEvent> store = store(CorrelatorTopology.EXPOSURES_STORE);
    String from = page.cursor() == null ? StoreKeys.prefix(project) : page.cursor() + '\u0000';
    String to = project + (char) (StoreKeys.SEP + 1);
    List<Item> out = new ArrayList<>();
    if (from.compareTo(to) >= 0) {
      return out;
    }
    try (KeyValueIterator<String, ExposureEvent> it = store.range(from, to)) {
      it.forEachRemaining(
          kv -> {
            if (kv.key.startsWith(StoreKeys.prefix(project))) {
              out.add(new Item(kv.key, ExposureJson.node(kv.value)));
            }
          });
    }
    return page.trim(out);
  }

  List<Item> localAdvisoryPackages(String advisoryId) {
    ReadOnlyKeyValueStore<String, AdvisoryLinks> store =
        store(CorrelatorTopology.ADVISORY_LINKS_STORE);
    AdvisoryLinks links = store.get(advisoryId);
    List<Item> out = new ArrayList<>();
    if (links != null) {
      links.packageKeys().forEach(p -> out.add(new Item(p, JSON.getNodeFactory().textNode(p))));
    }
    return out;
  }

  List<Item> localShardExposures(List<String> shardKeys, String advisoryId, Page page) {
    ReadOnlyKeyValueStore<String, ComponentEvent> components =
        store(CorrelatorTopology.COMPONENTS_STORE);
    ReadOnlyKeyValueStore<String, ExposureEvent> exposures =
        store(CorrelatorTopology.EXPOSURES_STORE);
    List<Item> out = new ArrayList<>();
    for (String shardKey : shardKeys) {
      try (KeyValueIterator<String, ComponentEvent> it =
          components.prefixScan(StoreKeys.prefix(shardKey), KEYS)) {
        it.forEachRemaining(
            kv -> {
              ComponentEvent c = kv.value;
              String purl = c.getComponent().getPurl();
              String sortKey = StoreKeys.prefix(c.getProjectId(), purl);
              if (page.after(sortKey)) {
                ExposureEvent e =
                    exposures.get(StoreKeys.exposure(c.getProjectId(), purl, advisoryId));
                if (e != null) {
                  out.add(new Item(sortKey, ExposureJson.node(e)));
                }
              }
            });
      }
    }
    return page.trim(out);
  }

  List<Item> localShardComponents(List<String> shardKeys, Page page) {
    ReadOnlyKeyValueStore<String, ComponentEvent> components =
        store(CorrelatorTopology.COMPONENTS_STORE);
    List<Item> out = new ArrayList<>();
    for (String shardKey : shardKeys) {
      try (KeyValueIterator<String, ComponentEvent> it =
          components.prefixScan(StoreKeys.prefix(shardKey), KEYS)) {
        it.forEachRemaining(
            kv -> {
              ComponentEvent c = kv.value;
              String sortKey = StoreKeys.prefix(c.getProjectId(), c.getComponent().getPurl());
              if (page.after(sortKey)) {
                ObjectNode n = JSON.createObjectNode();
                n.put("project", c.getProject());
                n.put("projectId", c.getProjectId());
                n.put("projectVersion", c.getProjectVersion());
                n.put("purl", c.getComponent().getPurl());
                n.put("version", c.getComponent().getVersion());
                if (c.getComponent().getDirect() != null) {
                  n.put("direct", c.getComponent().getDirect());
                }
                out.add(new Item(sortKey, n));
              }
            });
      }
    }
    return page.trim(out);
  }

  // ------------------------------------------------------------------ plumbing

  /** One result with the key it sorts by (the cursor is the last key of a page). */
  record Item(String key, JsonNode item) {}

  /** Paging parameters. */
  record Page(int limit, String cursor) {
    static Page of(HttpRequest r) {
      int limit = r.queryInt("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
      String c = r.query("cursor");
      String cursor = null;
      if (c != null && !c.isEmpty()) {
        try {
          cursor = new String(Base64.getUrlDecoder().decode(c), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          throw HttpError.badRequest("query parameter 'cursor' is not a cursor of this API");
        }
      }
      return new Page(limit, cursor);
    }

    boolean after(String key) {
      return cursor == null || key.compareTo(cursor) > 0;
    }

    String query() {
      return "limit="
          + limit
          + (cursor == null
              ? ""
              : "&cursor="
                  + Base64.getUrlEncoder()
                      .withoutPadding()
                      .encodeToString(cursor.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The first {@code limit + 1} items after the cursor, in key order: a local answer, one more
     * than a page so the instance that merges the answers knows whether another page follows.
     */
    List<Item> trim(List<Item> items) {
      return first(items, limit + 1);
    }

    private List<Item> first(List<Item> items, int n) {
      List<Item> sorted = new ArrayList<>();
      for (Item i : items) {
        if (after(i.key())) {
          sorted.add(i);
        }
      }
      sorted.sort(Comparator.comparing(Item::key));
      return sorted.size() > n ? new ArrayList<>(sorted.subList(0, n)) : sorted;
    }

    HttpResponse respond(List<Item> items, Map<String, Object> about) {
      TreeMap<String, Item> unique = new TreeMap<>();
      items.forEach(i -> unique.putIfAbsent(i.key(), i));
      List<Item> pageItems = first(new ArrayList<>(unique.values()), limit);
      boolean more = unique.size() > pageItems.size();
      ObjectNode body = JSON.createObjectNode();
      about.forEach((k, v) -> body.set(k, JSON.valueToTree(v)));
      ArrayNode arr = body.putArray("items");
      pageItems.forEach(i -> arr.add(i.item()));
      body.put("count", pageItems.size());
      if (more) {
        String last = pageItems.get(pageItems.size() - 1).key();
        body.put(
            "nextCursor",
            Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(last.getBytes(StandardCharsets.UTF_8)));
      } else {
        body.putNull("nextCursor");
      }
      return HttpResponse.ok(body);
    }
  }

  private HttpResponse internal(List<Item> items) {
    ArrayNode arr = JSON.createArrayNode();
    for (Item i : items) {
      ObjectNode n = arr.addObject();
      n.put("key", i.key());
      n.set("item", i.item());
    }
    return HttpResponse.ok(JSON.createObjectNode().set("items", arr));
  }

  private List<Item> remote(HostInfo host, String pathAndQuery) throws Exception {
    var req =
        java.net.http.HttpRequest.newBuilder(
                URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery))
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build();
    java.net.http.HttpResponse<byte[]> resp;
    try {
      resp = http.send(req, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw unavailable("instance " + host + " did not answer: " + e.getMessage());
    }
    if (resp.statusCode() != 200) {
      throw unavailable("instance " + host + " answered HTTP " + resp.statusCode());
    }
    List<Item> out = new ArrayList<>();
    for (JsonNode n : JSON.readTree(resp.body()).path("items")) {
      out.add(new Item(n.path("key").asText(), n.path("item")));
    }
    return out;
  }

  private Set<HostInfo> allHosts() {
    Set<HostInfo> hosts = new LinkedHashSet<>();
    for (StreamsMetadata m : running().metadataForAllStreamsClients()) {
      hosts.add(m.hostInfo());
    }
    if (hosts.isEmpty()) {
      throw unavailable("no correlator instance owns any partition yet");
    }
    return hosts;
  }

  private KeyQueryMetadata metadata(String store, String key) {
    KeyQueryMetadata m = running().queryMetadataForKey(store, key, KEYS);
    if (m == null || m.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
      throw unavailable("the partition of '" + key + "' has no owner right now (rebalancing)");
    }
    return m;
  }

  private KafkaStreams running() {
    KafkaStreams s = streams.get();
    if (s == null || (s.state() != KafkaStreams.State.RUNNING)) {
      throw unavailable(
          "the correlator is not running (state " + (s == null ? "NEW" : s.state()) + ")");
    }
    return s;
  }

  private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
    try {
      return running()
          .store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
    } catch (InvalidStateStoreException e) {
      throw unavailable("store " + name + " is not queryable right now: " + e.getMessage());
    }
  }

  private boolean isSelf(HostInfo h) {
    return h.equals(self);
  }

  private static HttpError unavailable(String message) {
    return new HttpError(503, "unavailable", message + "; retry shortly");
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
