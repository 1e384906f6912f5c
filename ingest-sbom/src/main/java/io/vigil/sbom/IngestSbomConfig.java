package io.vigil.sbom;

import io.vigil.core.sbom.SbomLimits;
import io.vigil.platform.config.Secret;
import io.vigil.sbom.dt.DependencyTrackConfig;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Settings of ingest-sbom (config file section {@code ingestSbom}).
 *
 * <pre>
 * ingestSbom:
 *   httpPort: 8081
 *   maxDocumentBytes: 52428800          # 50 MiB, after decompression
 *   lenient: false                      # true: accept schema-invalid documents with warnings
 *   versionsAreSeparateInventories: false
 *   apiKeys:                            # none: the API is open
 *     - name: ci-payments
 *       key: ${env:VIGIL_KEY_PAYMENTS}
 *       projects: ["payments-*"]        # globs; absent or empty: every project
 *   dependencyTrack:                    # Dependency-Track's findings and metrics (README)
 *     queryApiUrl: http://correlator:8083
 *   maxComponents: 100000               # per SBOM (README, Limits: what a heap accepts)
 *   maxDocumentTokens: 4000000          # JSON/YAML tokens, XML elements, tag-value lines
 *   attestationKey: ${file:/run/secrets/vigil/sbom-attestation-key}   # shared by instances
 *   stuckAfter: PT2M                    # readiness DOWN when a partition makes no progress
 *   documentBudgetBytes: 25165824       # 24 MiB of documents in work at once
 * </pre>
 *
 * @param httpPort port of the upload API; default 8081 ({@code 0}: any free port)
 * @param maxDocumentBytes largest accepted SBOM, after decompression; default 50 MiB
 * @param versionsAreSeparateInventories when true, {@code project@version} is the inventory
 *     identity (each version has its own inventory); default false (a project has one inventory,
 *     replaced by each new SBOM whatever its version)
 * @param lenient default validation mode: false (strict) rejects schema-invalid documents; a
 *     request can ask for lenient itself ({@code ?lenient=true})
 * @param apiKeys API keys ({@code X-Api-Key}) and the projects each may submit to and read; none
 *     configured means no authentication
 * @param applicationId Kafka Streams application id (prefixed by the topic prefix); default {@code
 *     vigil-ingest-sbom}
 * @param streamThreads stream threads per instance; default 2 (the submissions topic has 3
 *     partitions)
 * @param uploadWait how long {@code POST /api/v1/sbom} waits for the component events to be
 *     committed before answering 202 with state PROCESSING; default 30 s
 * @param chunkBytes largest chunk of a submission record; documents above it are gzip-compressed
 *     and split; default 768 KiB (below the 1 MiB broker default)
 * @param incompleteSubmissionTimeout how long chunks of a submission wait for the rest before the
 *     submission is rejected; default 1 h
 * @param statusHistory statuses kept per inventory on the status topic (older ones are deleted);
 *     default 20
 * @param maxComponents components accepted per SBOM (nested ones included); default 100,000, sized
 *     for the shipped 768 MiB pod (README, "Limits")
 * @param maxDocumentTokens JSON/YAML tokens (skipped members included), XML elements or tag-value
 *     lines accepted per SBOM; default 4,000,000, sized likewise
 * @param attestationKey key (at least 16 bytes) with which the HTTP API attests to the processor
 *     that it validated a document's schema ({@link io.vigil.sbom.attestation.SchemaAttestation});
 *     share it between instances; none: a random key per instance (the processor then validates
 *     again the uploads another instance took)
 * @param stuckAfter how long an input partition may wait without progress (records behind an
 *     unchanged committed offset) before readiness reports it; default 2 minutes
 * @param documentBudgetBytes bytes of SBOM documents one instance reads and processes at once
 *     (uploads being validated and submissions being processed together); a document that does not
 *     fit waits, a larger one runs alone; default 24 MiB, sized for the shipped heap
 * @param dependencyTrack the Dependency-Track-compatible API ({@link DependencyTrackConfig}: where
 *     the correlator's query API is, for findings and metrics); default: no query API
 */
public record IngestSbomConfig(
    Integer httpPort,
    Long maxDocumentBytes,
    Boolean versionsAreSeparateInventories,
    Boolean lenient,
    List<ApiKey> apiKeys,
    String applicationId,
    Integer streamThreads,
    Duration uploadWait,
    Integer chunkBytes,
    Duration incompleteSubmissionTimeout,
    Integer statusHistory,
    Integer maxComponents,
    Long maxDocumentTokens,
    Secret attestationKey,
    Duration stuckAfter,
    Long documentBudgetBytes,
    DependencyTrackConfig dependencyTrack) {

  public IngestSbomConfig {
    httpPort = httpPort == null ? 8081 : httpPort;
    maxDocumentBytes = maxDocumentBytes == null ? 50L * 1024 * 1024 : maxDocumentBytes;
    versionsAreSeparateInventories =
        versionsAreSeparateInventories != null && versionsAreSeparateInventories;
    lenient = lenient != null && lenient;
    apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
    applicationId = applicationId == null ? "vigil-ingest-sbom" : applicationId;
    streamThreads = streamThreads == null ? 2 : streamThreads;
    uploadWait = uploadWait == null ? Duration.ofSeconds(30) : uploadWait;
    chunkBytes = chunkBytes == null ? 768 * 1024 : chunkBytes;
    incompleteSubmissionTimeout =
        incompleteSubmissionTimeout == null ? Duration.ofHours(1) : incompleteSubmissionTimeout;
    statusHistory = statusHistory == null ? 20 : statusHistory;
    dependencyTrack = dependencyTrack == null ? DependencyTrackConfig.defaults() : dependencyTrack;
    maxComponents = maxComponents == null ? SbomLimits.DEFAULT.maxComponents() : maxComponents;
    maxDocumentTokens =
        maxDocumentTokens == null ? SbomLimits.DEFAULT.maxTokens() : maxDocumentTokens;
    stuckAfter = stuckAfter == null ? Duration.ofMinutes(2) : stuckAfter;
    documentBudgetBytes = documentBudgetBytes == null ? 24L * 1024 * 1024 : documentBudgetBytes;
    if (documentBudgetBytes < 1024) {
      throw new IllegalArgumentException("ingestSbom.documentBudgetBytes must be >= 1024");
    }
    if (maxComponents < 1 || maxDocumentTokens < 1) {
      throw new IllegalArgumentException(
          "ingestSbom.maxComponents and ingestSbom.maxDocumentTokens must be >= 1");
    }
    if (stuckAfter.isNegative() || stuckAfter.isZero()) {
      throw new IllegalArgumentException("ingestSbom.stuckAfter must be positive");
    }
    if (maxDocumentBytes < 1) {
      throw new IllegalArgumentException("ingestSbom.maxDocumentBytes must be >= 1");
    }
    if (chunkBytes < 1024 || chunkBytes > 4 * 1024 * 1024 - 64 * 1024) {
      throw new IllegalArgumentException("ingestSbom.chunkBytes must be between 1 KiB and 3.9 MiB");
    }
    if (statusHistory < 1) {
      throw new IllegalArgumentException("ingestSbom.statusHistory must be >= 1");
    }
    for (ApiKey k : apiKeys) {
      if (k.name() == null || k.name().isBlank() || k.key() == null || k.key().isBlank()) {
        throw new IllegalArgumentException("ingestSbom.apiKeys: every key needs a name and a key");
      }
    }
  }

  /** The walking skeleton's constructor: every other setting takes its default. */
  public IngestSbomConfig(
      Integer httpPort, Long maxDocumentBytes, Boolean versionsAreSeparateInventories) {
    this(
        httpPort,
        maxDocumentBytes,
        versionsAreSeparateInventories,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** Every setting but the Dependency-Track API's (which takes its defaults). */
  public IngestSbomConfig(
      Integer httpPort,
      Long maxDocumentBytes,
      Boolean versionsAreSeparateInventories,
      Boolean lenient,
      List<ApiKey> apiKeys,
      String applicationId,
      Integer streamThreads,
      Duration uploadWait,
      Integer chunkBytes,
      Duration incompleteSubmissionTimeout,
      Integer statusHistory) {
    this(
        httpPort,
        maxDocumentBytes,
        versionsAreSeparateInventories,
        lenient,
        apiKeys,
        applicationId,
        streamThreads,
        uploadWait,
        chunkBytes,
        incompleteSubmissionTimeout,
        statusHistory,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  public static IngestSbomConfig defaults() {
    return new IngestSbomConfig(null, null, null);
  }

  /** The work one document may ask of the parser. */
  public SbomLimits limits() {
    return new SbomLimits(maxComponents, maxDocumentTokens, SbomLimits.DEFAULT.maxYamlAliases());
  }

  /** The same settings with other document limits. */
  public IngestSbomConfig withLimits(int components, long tokens) {
    return new IngestSbomConfig(
        httpPort,
        maxDocumentBytes,
        versionsAreSeparateInventories,
        lenient,
        apiKeys,
        applicationId,
        streamThreads,
        uploadWait,
        chunkBytes,
        incompleteSubmissionTimeout,
        statusHistory,
        components,
        tokens,
        attestationKey,
        stuckAfter,
        documentBudgetBytes,
        dependencyTrack);
  }

  /** The same settings with another attestation key and stuck-partition delay. */
  public IngestSbomConfig withRecovery(Secret key, Duration stuck) {
    return new IngestSbomConfig(
        httpPort,
        maxDocumentBytes,
        versionsAreSeparateInventories,
        lenient,
        apiKeys,
        applicationId,
        streamThreads,
        uploadWait,
        chunkBytes,
        incompleteSubmissionTimeout,
        statusHistory,
        maxComponents,
        maxDocumentTokens,
        key,
        stuck,
        documentBudgetBytes,
        dependencyTrack);
  }

  /** The inventory identity of a project (and version). */
  public String projectId(String project, String version) {
    return versionsAreSeparateInventories && version != null ? project + "@" + version : project;
  }

  public IngestSbomConfig withHttpPort(int port) {
    return new IngestSbomConfig(
        port,
        maxDocumentBytes,
        versionsAreSeparateInventories,
        lenient,
        apiKeys,
        applicationId,
        streamThreads,
        uploadWait,
        chunkBytes,
        incompleteSubmissionTimeout,
        statusHistory,
        maxComponents,
        maxDocumentTokens,
        attestationKey,
        stuckAfter,
        documentBudgetBytes,
        dependencyTrack);
  }

  public IngestSbomConfig withApiKeys(List<ApiKey> keys) {
    return new IngestSbomConfig(
        httpPort,
        maxDocumentBytes,
        versionsAreSeparateInventories,
        lenient,
        keys,
        applicationId,
        streamThreads,
        uploadWait,
        chunkBytes,
        incompleteSubmissionTimeout,
        statusHistory,
        maxComponents,
        maxDocumentTokens,
        attestationKey,
        stuckAfter,
        documentBudgetBytes,
        dependencyTrack);
  }

  public IngestSbomConfig withVersionsAreSeparateInventories(boolean separate) {
    return new IngestSbomConfig(
        httpPort,
        maxDocumentBytes,
        separate,
        lenient,
        apiKeys,
        applicationId,
        streamThreads,
        uploadWait,
        chunkBytes,
        incompleteSubmissionTimeout,
        statusHistory,
        maxComponents,
        maxDocumentTokens,
        attestationKey,
        stuckAfter,
        documentBudgetBytes,
        dependencyTrack);
  }

  public IngestSbomConfig withChunkBytes(int bytes) {
    return new IngestSbomConfig(
        httpPort,
        maxDocumentBytes,
        versionsAreSeparateInventories,
        lenient,
        apiKeys,
        applicationId,
        streamThreads,
        uploadWait,
        bytes,
        incompleteSubmissionTimeout,
        statusHistory,
        maxComponents,
        maxDocumentTokens,
        attestationKey,
        stuckAfter,
        documentBudgetBytes,
        dependencyTrack);
  }

  public IngestSbomConfig withDependencyTrack(DependencyTrackConfig dt) {
    return new IngestSbomConfig(
        httpPort,
        maxDocumentBytes,
        versionsAreSeparateInventories,
        lenient,
        apiKeys,
        applicationId,
        streamThreads,
        uploadWait,
        chunkBytes,
        incompleteSubmissionTimeout,
        statusHistory,
        maxComponents,
        maxDocumentTokens,
        attestationKey,
        stuckAfter,
        documentBudgetBytes,
        dt);
  }

  /**
   * An API key: its name (logged, recorded as {@code submittedBy}), the secret key, and the
   * projects it may submit to and read ({@code *} globs; null or empty: every project).
   */
  public record ApiKey(String name, Secret key, List<String> projects) {
    public ApiKey {
      projects = projects == null ? List.of() : List.copyOf(projects);
    }

    /** True when this key may act on {@code project}. */
    public boolean allows(String project) {
      if (projects.isEmpty()) {
        return true;
      }
      for (String glob : projects) {
        if (glob(glob).matcher(project).matches()) {
          return true;
        }
      }
      return false;
    }

    private static Pattern glob(String glob) {
      StringBuilder re = new StringBuilder();
      for (char c : glob.toCharArray()) {
        if (c == '*') {
          re.append(".*");
        } else if (c == '?') {
          re.append('.');
        } else {
          re.append(Pattern.quote(String.valueOf(c)));
        }
      }
      return Pattern.compile(re.toString());
    }

    @Override
    public String toString() {
      return "ApiKey[" + name + ", projects=" + projects + "]";
    }
  }
}
