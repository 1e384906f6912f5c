package io.vigil.correlator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.correlator.LocalQueries.PartitionsUnavailable;
import io.vigil.correlator.QueryPage.Item;
import io.vigil.correlator.fixplan.FixPlan;
import io.vigil.correlator.fixplan.FixPlanJson;
import io.vigil.correlator.fixplan.FixPlanMarkdown;
import io.vigil.correlator.fixplan.FixPlanner;
import io.vigil.platform.http.HttpError;
import io.vigil.platform.http.HttpRequest;
import io.vigil.platform.http.HttpResponse;
import io.vigil.platform.http.HttpService;
import io.vigil.platform.http.PeerClient;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The correlator's query API, served by every instance. Each request is split by partition: the
 * partitions this instance owns are read here ({@link LocalQueries}), the others are asked of their
 * owners (Streams metadata, {@code application.server}) over {@code /internal/v1/...} routes with
 * {@link PeerClient} (the service's own scheme, trust store and internal key):
 *
 * <ul>
 *   <li>{@code GET /api/v1/projects/{project}/exposures}: the project's current exposures (every
 *       partition of {@code exposures-store}: exposures live with their package's shard);
 *   <li>{@code GET /api/v1/advisories/{id}/exposures}: the blast radius, every project and
 *       component exposed to the advisory (its packages from the owner of the advisory, then the
 *       owners of each package shard);
 *   <li>{@code GET /api/v1/packages/{purl}/projects}: who ships a package, at which versions (the
 *       owners of the package's shards).
 * </ul>
 *
 * An answer is whole or it is an error: when a partition has no owner (rebalancing) or its owner
 * cannot be reached or does not own it after all (two instances advertising one address), the
 * answer is {@code 503} with {@code details.store} and {@code details.missingPartitions}, never a
 * shorter list. Pages: see {@link QueryPage}.
 */
final class QueryApi {
  private static final StringSerializer KEYS = new StringSerializer();
  private static final Duration PEER_TIMEOUT = Duration.ofSeconds(30);

  private final Supplier<KafkaStreams> streams;
  private final int shards;
  private final int partitions;
  private final PeerClient peers;
  private final LocalQueries local;
  private volatile HostInfo self;

  /**
   * @param shards {@code correlator.packageShards}
   * @param partitions {@code correlator.partitions}: the partitions of the package-shard stores
   * @param peers how this instance calls the others
   */
  QueryApi(Supplier<KafkaStreams> streams, int shards, int partitions, PeerClient peers) {
    this.streams = streams;
    this.shards = shards;
    this.partitions = partitions;
    this.peers = peers;
    this.local = new LocalQueries(new StreamsStores());
  }

  /** The address this instance advertises ({@code application.server}). */
  void self(HostInfo host) {
    this.self = host;
  }

  void register(HttpService.Builder b) {
    b.route("GET", "/api/v1/projects/{project}/exposures", this::projectExposures);
    b.route("GET", "/api/v1/projects/{project}/fix-plan", this::fixPlan);
    b.route("GET", "/api/v1/advisories/{id}/exposures", this::advisoryExposures);
    b.route("GET", "/api/v1/packages/{purl*}/projects", this::packageProjects);
    b.route("GET", "/api/v1/exposures/summary", this::exposureSummary);
    b.route("GET", "/api/v1/risk/top", this::riskTop);
    b.route("GET", "/api/v1/advisories/{id}", this::advisory);
    b.route("GET", "/internal/v1/projects/{project}/exposures", this::localProjectExposures);
    b.route("GET", "/internal/v1/exposures/summary", this::localExposureSummary);
    b.route("GET", "/internal/v1/risk/partial", this::localRiskPartial);
    b.route("GET", "/internal/v1/shards/advisory", this::localShardAdvisory);
    b.route("GET", "/internal/v1/advisories/{id}/packages", this::localAdvisoryPackages);
    b.route("GET", "/internal/v1/shards/exposures", this::localShardExposures);
    b.route("GET", "/internal/v1/shards/components", this::localShardComponents);
  }

  // ------------------------------------------------------------------ public routes

  private HttpResponse projectExposures(HttpRequest r) throws Exception {
    QueryPage page = QueryPage.of(r);
    String project = r.pathParam("project");
    return page.respond(projectExposures(project, page), Map.of("project", project));
  }

  /**
   * The project's fix plan ({@code FixPlanner}) over all its open exposures, read page by page;
   * JSON, or Markdown with {@code ?format=markdown}.
   */
  private HttpResponse fixPlan(HttpRequest r) throws Exception {
    String project = r.pathParam("project");
    String format = Optional.ofNullable(r.query("format")).orElse("json");
    if (!format.equals("json") && !format.equals("markdown")) {
      throw HttpError.badRequest(
          "query parameter 'format' must be json or markdown, not '" + format + "'");
    }
    List<JsonNode> open = new ArrayList<>();
    QueryPage page = new QueryPage(QueryPage.MAX_LIMIT, null);
    while (page != null) {
      QueryPage.Slice slice = page.slice(projectExposures(project, page));
      slice.items().forEach(i -> open.add(i.item()));
      page = slice.next();
    }
    FixPlan plan = FixPlanner.plan(project, open);
    return format.equals("markdown")
        ? HttpResponse.text(200, "text/markdown; charset=utf-8", FixPlanMarkdown.render(plan))
        : HttpResponse.ok(FixPlanJson.node(plan));
  }

  /** One page's worth of the project's exposures from every owner of exposures-store. */
  private List<Item> projectExposures(String project, QueryPage page) throws Exception {
    Gather g = new Gather(CorrelatorTopology.EXPOSURES_STORE);
    Map<HostInfo, SortedSet<Integer>> owners = exposureOwners(g);
    for (var e : owners.entrySet()) {
      SortedSet<Integer> parts = e.getValue();
      if (isSelf(e.getKey())) {
        g.local(() -> local.projectExposures(project, parts, page));
      } else {
        g.remote(
            e.getKey(),
            parts,
            "/internal/v1/projects/"
                + enc(project)
                + "/exposures?"
                + page.query()
                + "&partitions="
                + join(parts));
      }
    }
    return g.items();
  }

  /** The exposures-store partitions by owner (null owners recorded as missing in {@code g}). */
  private Map<HostInfo, SortedSet<Integer>> exposureOwners(Gather g) {
    Map<HostInfo, SortedSet<Integer>> owners = new LinkedHashMap<>();
    for (int p = 0; p < partitions; p++) {
      HostInfo owner = owner(g, metadataOfPartition(CorrelatorTopology.EXPOSURES_STORE, p), p);
      if (owner != null) {
        owners.computeIfAbsent(owner, x -> new TreeSet<>()).add(p);
      }
    }
    return owners;
  }

  private HttpResponse exposureSummary(HttpRequest r) throws Exception {
    int top = r.queryInt("top", 10, 1, 100);
    Gather g = new Gather(CorrelatorTopology.EXPOSURES_STORE);
    for (var e : exposureOwners(g).entrySet()) {
      SortedSet<Integer> parts = e.getValue();
      if (isSelf(e.getKey())) {
        g.local(() -> local.exposureSummary(parts));
      } else {
        g.remote(e.getKey(), parts, "/internal/v1/exposures/summary?partitions=" + join(parts));
      }
    }
    PortfolioSummary summary = new PortfolioSummary();
    for (Item i : g.items()) {
      summary.merge(i.item());
    }
    return HttpResponse.ok(summary.answer(top));
  }

  private HttpResponse riskTop(HttpRequest r) throws Exception {
    int top = r.queryInt("top", 20, 1, 1000);
    Gather g = new Gather(CorrelatorTopology.COMPONENTS_STORE);
    for (var e : exposureOwners(g).entrySet()) { // components-store: the same tasks, same owners
      SortedSet<Integer> parts = e.getValue();
      if (isSelf(e.getKey())) {
        g.local(() -> local.riskPartial(parts));
      } else {
        g.remote(e.getKey(), parts, "/internal/v1/risk/partial?partitions=" + join(parts));
      }
    }
    return HttpResponse.ok(RiskTop.answer(g.items().stream().map(Item::item).toList(), top));
  }

  private HttpResponse advisory(HttpRequest r) throws Exception {
    String id = r.pathParam("id");
    List<String> packages = advisoryPackages(id);
    Gather g = new Gather(CorrelatorTopology.ADVISORIES_STORE);
    Map<HostInfo, List<String>> keysByHost = new LinkedHashMap<>();
    Map<HostInfo, SortedSet<Integer>> partsByHost = new LinkedHashMap<>();
    for (String p : packages) {
      // every shard of a package holds the same advisory record: shard 0 is enough
      String shardKey = StoreKeys.shardKey(p, 0);
      KeyQueryMetadata m = metadata(CorrelatorTopology.ADVISORIES_STORE, shardKey);
      HostInfo h = owner(g, m, m.partition());
      if (h != null) {
        keysByHost.computeIfAbsent(h, x -> new ArrayList<>()).add(shardKey);
        partsByHost.computeIfAbsent(h, x -> new TreeSet<>()).add(m.partition());
      }
    }
    for (var e : keysByHost.entrySet()) {
      List<String> keys = e.getValue();
      if (isSelf(e.getKey())) {
        g.local(() -> local.shardAdvisories(keys, id));
      } else {
        g.remote(
            e.getKey(),
            partsByHost.get(e.getKey()),
            "/internal/v1/shards/advisory?advisory="
                + enc(id)
                + "&shards="
                + enc(String.join(String.valueOf(StoreKeys.SEP), keys)));
      }
    }
    return HttpResponse.ok(AdvisoryJson.merge(id, packages, g.items()));
  }

  /** The package keys an advisory lists, from the owner of its links; 404 when unknown. */
  private List<String> advisoryPackages(String id) throws Exception {
    Gather links = new Gather(CorrelatorTopology.ADVISORY_LINKS_STORE);
    KeyQueryMetadata m = metadata(CorrelatorTopology.ADVISORY_LINKS_STORE, id);
    HostInfo owner = owner(links, m, m.partition());
    if (owner != null && isSelf(owner)) {
      links.local(() -> local.advisoryPackages(id));
    } else if (owner != null) {
      links.remote(
          owner, Set.of(m.partition()), "/internal/v1/advisories/" + enc(id) + "/packages");
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

  private List<Item> shardQuery(List<String> packages, String what, String advisory, QueryPage page)
      throws Exception {
    Gather g = new Gather(CorrelatorTopology.COMPONENTS_STORE);
    Map<HostInfo, List<String>> keysByHost = new LinkedHashMap<>();
    Map<HostInfo, SortedSet<Integer>> partsByHost = new LinkedHashMap<>();
    for (String p : packages) {
      for (int s = 0; s < shards; s++) {
        String shardKey = StoreKeys.shardKey(p, s);
        KeyQueryMetadata m = metadata(CorrelatorTopology.COMPONENTS_STORE, shardKey);
        HostInfo h = owner(g, m, m.partition());
        if (h != null) {
          keysByHost.computeIfAbsent(h, x -> new ArrayList<>()).add(shardKey);
          partsByHost.computeIfAbsent(h, x -> new TreeSet<>()).add(m.partition());
        }
      }
    }
    for (var e : keysByHost.entrySet()) {
      List<String> keys = e.getValue();
      if (isSelf(e.getKey())) {
        g.local(
            () ->
                what.equals("exposures")
                    ? local.shardExposures(keys, advisory, page)
                    : local.shardComponents(keys, page));
      } else {
        StringBuilder q = new StringBuilder(page.query());
        q.append("&shards=").append(enc(String.join(String.valueOf(StoreKeys.SEP), keys)));
        if (advisory != null) {
          q.append("&advisory=").append(enc(advisory));
        }
        g.remote(e.getKey(), partsByHost.get(e.getKey()), "/internal/v1/shards/" + what + "?" + q);
      }
    }
    return g.items();
  }

  // ------------------------------------------------------------------ internal routes

  private HttpResponse localProjectExposures(HttpRequest r) {
    List<Integer> parts = partitionsOf(r);
    return internal(() -> local.projectExposures(r.pathParam("project"), parts, QueryPage.of(r)));
  }

  private static List<Integer> partitionsOf(HttpRequest r) {
    String raw = r.query("partitions");
    if (raw == null || raw.isEmpty()) {
      throw HttpError.badRequest("query parameter 'partitions' is required");
    }
    try {
      return Arrays.stream(raw.split(",")).map(Integer::valueOf).toList();
    } catch (NumberFormatException e) {
      throw HttpError.badRequest("query parameter 'partitions' must be a list of numbers");
    }
  }

  private HttpResponse localRiskPartial(HttpRequest r) {
    return internal(() -> local.riskPartial(partitionsOf(r)));
  }

  private HttpResponse localExposureSummary(HttpRequest r) {
    return internal(() -> local.exposureSummary(partitionsOf(r)));
  }

  private HttpResponse localShardAdvisory(HttpRequest r) {
    String advisory = r.query("advisory");
    if (advisory == null || advisory.isEmpty()) {
      throw HttpError.badRequest("query parameter 'advisory' is required");
    }
    return internal(() -> local.shardAdvisories(shardsOf(r), advisory));
  }

  private HttpResponse localAdvisoryPackages(HttpRequest r) {
    return internal(() -> local.advisoryPackages(r.pathParam("id")));
  }

  private HttpResponse localShardExposures(HttpRequest r) {
    return internal(() -> local.shardExposures(shardsOf(r), r.query("advisory"), QueryPage.of(r)));
  }

  private HttpResponse localShardComponents(HttpRequest r) {
    return internal(() -> local.shardComponents(shardsOf(r), QueryPage.of(r)));
  }

  private static List<String> shardsOf(HttpRequest r) {
    String raw = r.query("shards");
    if (raw == null || raw.isEmpty()) {
      throw HttpError.badRequest("query parameter 'shards' is required");
    }
    return List.of(raw.split(String.valueOf(StoreKeys.SEP)));
  }

  /** A local answer for another instance: its items, or 503 naming the partitions it lacks. */
  private HttpResponse internal(Supplier<List<Item>> answer) {
    running();
    try {
      ArrayNode arr = JsonNodeFactory.instance.arrayNode();
      for (Item i : answer.get()) {
        ObjectNode n = arr.addObject();
        n.put("key", i.key());
        n.set("item", i.item());
      }
      return HttpResponse.ok(JsonNodeFactory.instance.objectNode().set("items", arr));
    } catch (PartitionsUnavailable e) {
      throw unavailable(e.store(), e.partitions(), e.getMessage());
    }
  }

  // ------------------------------------------------------------------ plumbing

  /**
   * The answers of one request, local and remote; {@link #items()} fails with 503 when any
   * partition could not be answered, naming every one of them.
   */
  private final class Gather {
    private final String store;
    private final List<Item> items = new ArrayList<>();
    private final SortedSet<Integer> missing = new TreeSet<>();
    private final List<String> reasons = new ArrayList<>();

    Gather(String store) {
      this.store = store;
    }

    void missing(Set<Integer> parts, String reason) {
      missing.addAll(parts);
      if (!reasons.contains(reason)) {
        reasons.add(reason);
      }
    }

    void local(Supplier<List<Item>> read) {
      try {
        items.addAll(read.get());
      } catch (PartitionsUnavailable e) {
        missing(
            e.partitions(),
            "this instance ("
                + address(self)
                + ") does not hold them active (still restoring them, or several instances"
                + " advertise this address: set correlator.advertisedHost per instance)");
      }
    }

    void remote(HostInfo host, Set<Integer> parts, String pathAndQuery)
        throws InterruptedException {
      PeerClient.Response resp;
      try {
        resp = peers.get(host.host(), host.port(), pathAndQuery, PEER_TIMEOUT);
      } catch (IOException e) {
        missing(parts, "instance " + address(host) + " did not answer: " + e.getMessage());
        return;
      }
      JsonNode body = resp.json();
      if (resp.status() != 200) {
        Set<Integer> lacking = new TreeSet<>();
        body.path("details").path("missingPartitions").forEach(n -> lacking.add(n.asInt()));
        missing(
            lacking.isEmpty() ? parts : lacking,
            "instance "
                + address(host)
                + " answered HTTP "
                + resp.status()
                + Optional.ofNullable(body.path("message").textValue())
                    .map(m -> " (" + m + ")")
                    .orElse(""));
        return;
      }
      for (JsonNode n : body.path("items")) {
        items.add(new Item(n.path("key").asText(), n.path("item")));
      }
    }

    List<Item> items() {
      if (!missing.isEmpty()) {
        throw unavailable(store, missing, String.join("; ", reasons));
      }
      return items;
    }
  }

  /** The owner of a partition, or null (recorded as missing) when it has none right now. */
  private static HostInfo owner(Gather g, KeyQueryMetadata m, int partition) {
    HostInfo h = m.activeHost();
    if (h == null || h.port() < 0) {
      g.missing(Set.of(partition), "no instance owns it right now (rebalancing)");
      return null;
    }
    return h;
  }

  private KeyQueryMetadata metadata(String store, String key) {
    return checked(store, key, running().queryMetadataForKey(store, key, KEYS));
  }

  private KeyQueryMetadata metadataOfPartition(String store, int partition) {
    return checked(
        store,
        "partition " + partition,
        running()
            .queryMetadataForKey(
                store, "", (topic, key, value, n) -> Optional.of(Set.of(partition))));
  }

  private static KeyQueryMetadata checked(String store, String what, KeyQueryMetadata m) {
    if (m == null || m.equals(KeyQueryMetadata.NOT_AVAILABLE) || m.partition() < 0) {
      throw new HttpError(
          503,
          "unavailable",
          "the owner of " + store + " " + what + " is not known yet (rebalancing); retry shortly");
    }
    return m;
  }

  private KafkaStreams running() {
    KafkaStreams s = streams.get();
    if (s == null || (s.state() != KafkaStreams.State.RUNNING)) {
      throw new HttpError(
          503,
          "unavailable",
          "the correlator is not running (state "
              + (s == null ? "NEW" : s.state())
              + "); retry shortly");
    }
    return s;
  }

  /** This instance's stores through Kafka Streams: one partition, active copies only. */
  private final class StreamsStores implements LocalQueries.Stores {
    @Override
    public int partitionOf(String store, String key) {
      return metadata(store, key).partition();
    }

    @Override
    public <V> ReadOnlyKeyValueStore<String, V> partition(String store, int partition) {
      return running()
          .store(
              StoreQueryParameters.fromNameAndType(
                      store, QueryableStoreTypes.<String, V>keyValueStore())
                  .withPartition(partition));
    }
  }

  private boolean isSelf(HostInfo h) {
    return h.equals(self);
  }

  private static String address(HostInfo h) {
    return h.host() + ":" + h.port();
  }

  private static HttpError unavailable(String store, Set<Integer> missing, String reason) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("store", store);
    details.put("missingPartitions", new ArrayList<>(missing));
    return new HttpError(
        503,
        "unavailable",
        "cannot answer completely: partitions "
            + missing
            + " of "
            + store
            + " are unavailable: "
            + reason
            + "; retry shortly",
        details);
  }

  private static String join(Set<Integer> parts) {
    return parts.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
