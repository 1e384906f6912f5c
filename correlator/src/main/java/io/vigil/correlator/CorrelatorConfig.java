package io.vigil.correlator;

/**
 * Settings of the correlator (config file section {@code correlator}). Every field is optional; the
 * default is documented next to it.
 *
 * @param applicationId Kafka Streams application id (prefixed by the topic prefix); default {@code
 *     vigil-correlator}
 * @param partitions partitions of every correlator repartition topic (the package-keyed ones must
 *     be co-partitioned, and so must the CVE-keyed ones; checked at start); default 6
 * @param streamThreads stream threads per instance; default 1
 * @param httpPort port of the query API, {@code /metrics} and {@code /health}; default 8083 ({@code
 *     0}: any free port, {@code -1}: no HTTP server)
 * @param advertisedHost host name other instances use to reach this one's query API (Streams {@code
 *     application.server}); default {@code 127.0.0.1}
 * @param packageShards every package key is split into this many shards by project, so a package
 *     that every project ships (log4j-core) spreads over several partitions instead of stalling
 *     one; advisories are fanned out to every shard; default 4
 * @param rocksdbCacheMb one LRU block cache shared by every RocksDB store of the instance (index
 *     and filter blocks included), in MiB; default 64
 * @param rocksdbWriteBufferMb memtable memory of every store together, charged to the shared cache
 *     (RocksDB WriteBufferManager), in MiB; default 32
 * @param epssMaterialDelta an EPSS change is "material" (an UPDATED event) when the score moved by
 *     at least this much since the last emitted event; default 0.1
 * @param adoptExistingState state built by a version that did not record its settings (see {@code
 *     StartupChecks}) is refused unless this is true: then this configuration's packageShards and
 *     partitions are recorded as what it was built with (set it once, when you know they are);
 *     default false
 * @param ssvc how SSVC's decision points are answered ({@link SsvcConfig}); defaults as there
 * @param systemic when an advisory's package is systemic ({@link SystemicConfig}); defaults as
 *     there
 * @param remediation the remediation targets, due dates of exposures ({@link RemediationConfig});
 *     defaults as there
 * @param fixPlanDigest the weekly portfolio fix plan's partials ({@link FixPlanDigestConfig}); off
 *     by default
 */
public record CorrelatorConfig(
    String applicationId,
    Integer partitions,
    Integer streamThreads,
    Integer httpPort,
    String advertisedHost,
    Integer packageShards,
    Integer rocksdbCacheMb,
    Integer rocksdbWriteBufferMb,
    Double epssMaterialDelta,
    Boolean adoptExistingState,
    SsvcConfig ssvc,
    SystemicConfig systemic,
    RemediationConfig remediation,
    FixPlanDigestConfig fixPlanDigest) {
  public CorrelatorConfig {
    fixPlanDigest = fixPlanDigest == null ? FixPlanDigestConfig.DEFAULTS : fixPlanDigest;
    remediation = remediation == null ? RemediationConfig.DEFAULTS : remediation;
    ssvc = ssvc == null ? SsvcConfig.DEFAULTS : ssvc;
    systemic = systemic == null ? SystemicConfig.DEFAULTS : systemic;
    applicationId = applicationId == null ? "vigil-correlator" : applicationId;
    partitions = partitions == null ? 6 : partitions;
    streamThreads = streamThreads == null ? 1 : streamThreads;
    httpPort = httpPort == null ? 8083 : httpPort;
    advertisedHost = advertisedHost == null ? "127.0.0.1" : advertisedHost;
    packageShards = packageShards == null ? 4 : packageShards;
    rocksdbCacheMb = rocksdbCacheMb == null ? 64 : rocksdbCacheMb;
    rocksdbWriteBufferMb = rocksdbWriteBufferMb == null ? 32 : rocksdbWriteBufferMb;
    epssMaterialDelta = epssMaterialDelta == null ? 0.1 : epssMaterialDelta;
    adoptExistingState = adoptExistingState != null && adoptExistingState;
    if (partitions < 1) {
      throw new IllegalArgumentException("correlator.partitions must be >= 1");
    }
    if (streamThreads < 1) {
      throw new IllegalArgumentException("correlator.streamThreads must be >= 1");
    }
    if (packageShards < 1 || packageShards > 64) {
      throw new IllegalArgumentException("correlator.packageShards must be between 1 and 64");
    }
    if (rocksdbCacheMb < 8 || rocksdbWriteBufferMb < 1 || rocksdbWriteBufferMb >= rocksdbCacheMb) {
      throw new IllegalArgumentException(
          "correlator.rocksdbCacheMb must be >= 8 and larger than correlator.rocksdbWriteBufferMb (>= 1)");
    }
    if (epssMaterialDelta <= 0 || epssMaterialDelta > 1) {
      throw new IllegalArgumentException("correlator.epssMaterialDelta must be in (0, 1]");
    }
  }

  /** Every setting but {@code systemic} (its defaults). */
  public CorrelatorConfig(
      String applicationId,
      Integer partitions,
      Integer streamThreads,
      Integer httpPort,
      String advertisedHost,
      Integer packageShards,
      Integer rocksdbCacheMb,
      Integer rocksdbWriteBufferMb,
      Double epssMaterialDelta,
      Boolean adoptExistingState,
      SsvcConfig ssvc) {
    this(
        applicationId,
        partitions,
        streamThreads,
        httpPort,
        advertisedHost,
        packageShards,
        rocksdbCacheMb,
        rocksdbWriteBufferMb,
        epssMaterialDelta,
        adoptExistingState,
        ssvc,
        null);
  }

  /** Every setting but {@code ssvc} (its defaults). */
  public CorrelatorConfig(
      String applicationId,
      Integer partitions,
      Integer streamThreads,
      Integer httpPort,
      String advertisedHost,
      Integer packageShards,
      Integer rocksdbCacheMb,
      Integer rocksdbWriteBufferMb,
      Double epssMaterialDelta,
      Boolean adoptExistingState) {
    this(
        applicationId,
        partitions,
        streamThreads,
        httpPort,
        advertisedHost,
        packageShards,
        rocksdbCacheMb,
        rocksdbWriteBufferMb,
        epssMaterialDelta,
        adoptExistingState,
        null);
  }

  /** Every setting but {@code adoptExistingState} (false) and {@code ssvc} (its defaults). */
  public CorrelatorConfig(
      String applicationId,
      Integer partitions,
      Integer streamThreads,
      Integer httpPort,
      String advertisedHost,
      Integer packageShards,
      Integer rocksdbCacheMb,
      Integer rocksdbWriteBufferMb,
      Double epssMaterialDelta) {
    this(
        applicationId,
        partitions,
        streamThreads,
        httpPort,
        advertisedHost,
        packageShards,
        rocksdbCacheMb,
        rocksdbWriteBufferMb,
        epssMaterialDelta,
        null,
        null);
  }

  /** The walking skeleton's four settings; everything else at its default. */
  public CorrelatorConfig(
      String applicationId, Integer partitions, Integer streamThreads, Integer httpPort) {
    this(applicationId, partitions, streamThreads, httpPort, null, null, null, null, null);
  }

  /** Every setting but {@code remediation} (its defaults). */
  public CorrelatorConfig(
      String applicationId,
      Integer partitions,
      Integer streamThreads,
      Integer httpPort,
      String advertisedHost,
      Integer packageShards,
      Integer rocksdbCacheMb,
      Integer rocksdbWriteBufferMb,
      Double epssMaterialDelta,
      Boolean adoptExistingState,
      SsvcConfig ssvc,
      SystemicConfig systemic) {
    this(
        applicationId,
        partitions,
        streamThreads,
        httpPort,
        advertisedHost,
        packageShards,
        rocksdbCacheMb,
        rocksdbWriteBufferMb,
        epssMaterialDelta,
        adoptExistingState,
        ssvc,
        systemic,
        null);
  }

  /** Every setting but {@code fixPlanDigest} (off). */
  public CorrelatorConfig(
      String applicationId,
      Integer partitions,
      Integer streamThreads,
      Integer httpPort,
      String advertisedHost,
      Integer packageShards,
      Integer rocksdbCacheMb,
      Integer rocksdbWriteBufferMb,
      Double epssMaterialDelta,
      Boolean adoptExistingState,
      SsvcConfig ssvc,
      SystemicConfig systemic,
      RemediationConfig remediation) {
    this(
        applicationId,
        partitions,
        streamThreads,
        httpPort,
        advertisedHost,
        packageShards,
        rocksdbCacheMb,
        rocksdbWriteBufferMb,
        epssMaterialDelta,
        adoptExistingState,
        ssvc,
        systemic,
        remediation,
        null);
  }

  public CorrelatorConfig withFixPlanDigest(FixPlanDigestConfig settings) {
    return copy().fixPlanDigest(settings).build();
  }

  public CorrelatorConfig withPartitions(int n) {
    return copy().partitions(n).build();
  }

  public CorrelatorConfig withRemediation(RemediationConfig settings) {
    return copy().remediation(settings).build();
  }

  public static CorrelatorConfig defaults() {
    return new CorrelatorConfig(null, null, null, null);
  }

  public CorrelatorConfig withApplicationId(String id) {
    return copy().applicationId(id).build();
  }

  public CorrelatorConfig withHttpPort(int port) {
    return copy().httpPort(port).build();
  }

  public CorrelatorConfig withSsvc(SsvcConfig settings) {
    return copy().ssvc(settings).build();
  }

  public CorrelatorConfig withStreamThreads(int threads) {
    return copy().streamThreads(threads).build();
  }

  public CorrelatorConfig withSystemic(SystemicConfig settings) {
    return copy().systemic(settings).build();
  }

  private Copy copy() {
    return new Copy(this);
  }

  /** A copy with some settings changed: each wither names only what it changes. */
  private static final class Copy {
    private String applicationId;
    private Integer partitions;
    private Integer streamThreads;
    private Integer httpPort;
    private String advertisedHost;
    private Integer packageShards;
    private Integer rocksdbCacheMb;
    private Integer rocksdbWriteBufferMb;
    private Double epssMaterialDelta;
    private Boolean adoptExistingState;
    private SsvcConfig ssvc;
    private SystemicConfig systemic;
    private RemediationConfig remediation;
    private FixPlanDigestConfig fixPlanDigest;

    private Copy(CorrelatorConfig c) {
      applicationId = c.applicationId;
      partitions = c.partitions;
      streamThreads = c.streamThreads;
      httpPort = c.httpPort;
      advertisedHost = c.advertisedHost;
      packageShards = c.packageShards;
      rocksdbCacheMb = c.rocksdbCacheMb;
      rocksdbWriteBufferMb = c.rocksdbWriteBufferMb;
      epssMaterialDelta = c.epssMaterialDelta;
      adoptExistingState = c.adoptExistingState;
      ssvc = c.ssvc;
      systemic = c.systemic;
      remediation = c.remediation;
      fixPlanDigest = c.fixPlanDigest;
    }

    private Copy fixPlanDigest(FixPlanDigestConfig v) {
      fixPlanDigest = v;
      return this;
    }

    private Copy partitions(Integer v) {
      partitions = v;
      return this;
    }

    private Copy applicationId(String v) {
      applicationId = v;
      return this;
    }

    private Copy streamThreads(Integer v) {
      streamThreads = v;
      return this;
    }

    private Copy httpPort(Integer v) {
      httpPort = v;
      return this;
    }

    private Copy ssvc(SsvcConfig v) {
      ssvc = v;
      return this;
    }

    private Copy systemic(SystemicConfig v) {
      systemic = v;
      return this;
    }

    private Copy remediation(RemediationConfig v) {
      remediation = v;
      return this;
    }

    private CorrelatorConfig build() {
      return new CorrelatorConfig(
          applicationId,
          partitions,
          streamThreads,
          httpPort,
          advertisedHost,
          packageShards,
          rocksdbCacheMb,
          rocksdbWriteBufferMb,
          epssMaterialDelta,
          adoptExistingState,
          ssvc,
          systemic,
          remediation,
          fixPlanDigest);
    }
  }
}
