package io.vigil.correlator;

import io.vigil.platform.http.HttpService;
import io.vigil.platform.http.PeerClient;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The correlator's query API, served by every instance: the route classes ({@link QueryRoutes}),
 * each registered with one line, over one {@link QueryCluster}. Each request is split by partition:
 * the partitions this instance owns are read here ({@link LocalQueries}), the others are asked of
 * their owners (Streams metadata, {@code application.server}) over {@code /internal/v1/...} routes
 * with {@link PeerClient} (the service's own scheme, trust store and internal key).
 *
 * <p>An answer is whole or it is an error: when a partition has no owner (rebalancing) or its owner
 * cannot be reached or does not own it after all (two instances advertising one address), the
 * answer is {@code 503} with {@code details.store} and {@code details.missingPartitions}, never a
 * shorter list. Pages: see {@link QueryPage}.
 */
final class QueryApi {
  private final QueryCluster cluster;
  private final List<QueryRoutes> routes;

  /**
   * @param shards {@code correlator.packageShards}
   * @param partitions {@code correlator.partitions}: the partitions of the package-shard stores
   * @param peers how this instance calls the others
   */
  QueryApi(Supplier<KafkaStreams> streams, int shards, int partitions, PeerClient peers) {
    this.cluster = new QueryCluster(streams, shards, partitions, peers);
    ExposureRoutes exposures = new ExposureRoutes(cluster);
    this.routes =
        List.of(
            exposures,
            new FixPlanRoutes(exposures),
            new BlastRadiusRoutes(cluster),
            new ComponentRoutes(cluster),
            new PortfolioFixPlanRoutes(cluster),
            new HistoryRoutes(cluster, Clock.systemUTC()));
  }

  /**
   * The plumbing the route classes share, for those registered beside {@link #register} because
   * they need settings this class does not hold (remediation's policy).
   */
  QueryCluster cluster() {
    return cluster;
  }

  /** The address this instance advertises ({@code application.server}). */
  void self(HostInfo host) {
    cluster.self(host);
  }

  void register(HttpService.Builder b) {
    routes.forEach(r -> r.register(b));
  }

  /** The package key of a purl, as the components were keyed (the same function ingest uses). */
  static String packageKey(String purl) {
    return PackageKeys.ofPurl(purl);
  }
}
