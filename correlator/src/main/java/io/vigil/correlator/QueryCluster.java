package io.vigil.correlator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.correlator.LocalQueries.PartitionsUnavailable;
import io.vigil.correlator.QueryPage.Item;
import io.vigil.platform.http.HttpError;
import io.vigil.platform.http.HttpRequest;
import io.vigil.platform.http.HttpResponse;
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
 * What every route class of the query API shares: who owns which partition (Streams metadata,
 * {@code application.server}), this instance's stores ({@link #local()}), the calls to the other
 * instances' {@code /internal/v1/...} routes ({@link Gather}), and the answers of those internal
 * routes ({@link #internal}). An answer is whole or it is a {@code 503} naming the store and the
 * missing partitions.
 */
final class QueryCluster {
  private static final StringSerializer KEYS = new StringSerializer();
  private static final Duration PEER_TIMEOUT = Duration.ofSeconds(30);

  private final Supplier<KafkaStreams> streams;
  private final int shards;
  private final int partitions;
  private final PeerClient peers;
  private final LocalQueries local;
  private volatile HostInfo self;

  QueryCluster(Supplier<KafkaStreams> streams, int shards, int partitions, PeerClient peers) {
    this.streams = streams;
    this.shards = shards;
    this.partitions = partitions;
    this.peers = peers;
    this.local = new LocalQueries(new StreamsStores());
  }

  void self(HostInfo host) {
    this.self = host;
  }

  /** {@code correlator.packageShards}. */
  int shards() {
    return shards;
  }

  /** {@code correlator.partitions}: the partitions of the package-shard stores. */
  int partitions() {
    return partitions;
  }

  /** This instance's own stores. */
  LocalQueries local() {
    return local;
  }

  Gather gather(String store) {
    return new Gather(store);
  }

  boolean isSelf(HostInfo h) {
    return h.equals(self);
  }

  /**
   * The partitions of the package-shard stage (exposures-store, components-store: the same tasks,
   * the same owners) by owner; partitions without one are recorded as missing in {@code g}.
   */
  Map<HostInfo, SortedSet<Integer>> partitionOwners(Gather g) {
    return partitionOwners(g, CorrelatorTopology.EXPOSURES_STORE);
  }

  /**
   * The partitions of the stage that holds {@code store} by owner (another sub-topology with {@code
   * correlator.partitions} partitions, e.g. the SYSTEMIC stage's).
   */
  Map<HostInfo, SortedSet<Integer>> partitionOwners(Gather g, String store) {
    Map<HostInfo, SortedSet<Integer>> owners = new LinkedHashMap<>();
    for (int p = 0; p < partitions; p++) {
      HostInfo owner = owner(g, metadataOfPartition(store, p), p);
      if (owner != null) {
        owners.computeIfAbsent(owner, x -> new TreeSet<>()).add(p);
      }
    }
    return owners;
  }

  /** The owner of a partition, or null (recorded as missing) when it has none right now. */
  static HostInfo owner(Gather g, KeyQueryMetadata m, int partition) {
    HostInfo h = m.activeHost();
    if (h == null || h.port() < 0) {
      g.missing(Set.of(partition), "no instance owns it right now (rebalancing)");
      return null;
    }
    return h;
  }

  KeyQueryMetadata metadata(String store, String key) {
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

  // ------------------------------------------------------------------ internal routes' side

  /** A local answer for another instance: its items, or 503 naming the partitions it lacks. */
  HttpResponse internal(Supplier<List<Item>> answer) {
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

  static List<Integer> partitionsOf(HttpRequest r) {
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

  static List<String> shardsOf(HttpRequest r) {
    String raw = r.query("shards");
    if (raw == null || raw.isEmpty()) {
      throw HttpError.badRequest("query parameter 'shards' is required");
    }
    return List.of(raw.split(String.valueOf(StoreKeys.SEP)));
  }

  static String join(Set<Integer> parts) {
    return parts.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  // ------------------------------------------------------------------ plumbing

  /**
   * The answers of one request, local and remote; {@link #items()} fails with 503 when any
   * partition could not be answered, naming every one of them.
   */
  final class Gather {
    private final String store;
    private final List<Item> items = new ArrayList<>();
    private final SortedSet<Integer> missing = new TreeSet<>();
    private final List<String> reasons = new ArrayList<>();

    private Gather(String store) {
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
}
