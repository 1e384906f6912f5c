package io.vigil.correlator;

/**
 * Settings of the correlator (config file section {@code correlator}).
 *
 * @param applicationId Kafka Streams application id (prefixed by the topic prefix); default {@code
 *     vigil-correlator}
 * @param partitions partitions of the two package-keyed repartition topics (components and
 *     advisories must be co-partitioned); default 6
 * @param streamThreads stream threads per instance; default 1
 * @param httpPort port of the query API; default 8083 ({@code 0}: any free port)
 */
public record CorrelatorConfig(
    String applicationId, Integer partitions, Integer streamThreads, Integer httpPort) {
  public CorrelatorConfig {
    applicationId = applicationId == null ? "vigil-correlator" : applicationId;
    partitions = partitions == null ? 6 : partitions;
    streamThreads = streamThreads == null ? 1 : streamThreads;
    httpPort = httpPort == null ? 8083 : httpPort;
    if (partitions < 1) {
      throw new IllegalArgumentException("correlator.partitions must be >= 1");
    }
  }

  public static CorrelatorConfig defaults() {
    return new CorrelatorConfig(null, null, null, null);
  }
}
