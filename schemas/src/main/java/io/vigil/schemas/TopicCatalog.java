package io.vigil.schemas;

import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.AlertDelivery;
import io.vigil.events.v1.Analysis;
import io.vigil.events.v1.AnalysisChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.DeadLetter;
import io.vigil.events.v1.EpssScore;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.FeedStatus;
import io.vigil.events.v1.FixPlanPartial;
import io.vigil.events.v1.KevEntry;
import io.vigil.events.v1.NvdCve;
import io.vigil.events.v1.PolicyDocument;
import io.vigil.events.v1.ProjectContextEntry;
import io.vigil.events.v1.SbomStatus;
import io.vigil.events.v1.SbomSubmission;
import io.vigil.events.v1.SystemicEvent;
import io.vigil.internal.v1.IngestState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Every topic Vigil reads or writes, in one place. Built from explicit settings (prefix,
 * replication), never from global state, so two catalogs can live in one JVM (tests, demo).
 *
 * <p>Keys are UTF-8 strings on every topic; values are Avro records (see {@code
 * io.vigil.schemas.serde}).
 */
public final class TopicCatalog {

  /** Records up to 4 MiB: the broker default (1 MiB) plus headroom; producers stay below it. */
  public static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

  private static final Duration WEEK = Duration.ofDays(7);
  private static final Duration MONTH = Duration.ofDays(30);

  private final String prefix;
  private final short replication;
  private final Topic<String, SbomSubmission> sbomSubmissions;
  private final Topic<String, ComponentEvent> components;
  private final Topic<String, SbomStatus> sbomStatus;
  private final Topic<String, Advisory> advisories;
  private final Topic<String, KevEntry> kev;
  private final Topic<String, EpssScore> epss;
  private final Topic<String, NvdCve> nvd;
  private final Topic<String, ExposureEvent> exposures;
  private final Topic<String, AlertDelivery> alertDeliveries;
  private final Topic<String, IngestState> advisoryIngestState;
  private final Topic<String, Analysis> analyses;
  private final Topic<String, AnalysisChange> analysisHistory;
  private final Topic<String, PolicyDocument> policies;
  private final Topic<String, ProjectContextEntry> projects;
  private final Topic<String, FeedStatus> feedStatus;
  private final Topic<String, SystemicEvent> systemic;
  private final Topic<String, FixPlanPartial> fixPlanPartials;
  private final Map<VigilService, Topic<String, DeadLetter>> deadLetters =
      new EnumMap<>(VigilService.class);

  /**
   * @param prefix prepended to every name (e.g. {@code "staging."}); empty for none
   * @param replicationFactor 1 for a single broker, 3 for production
   */
  public TopicCatalog(String prefix, short replicationFactor) {
    this.prefix = prefix == null ? "" : prefix;
    this.replication = replicationFactor;
    String maxBytes = Integer.toString(MAX_MESSAGE_BYTES);
    sbomSubmissions =
        topic(
            "vigil.sbom.submissions.v1",
            3,
            "delete",
            WEEK,
            SbomSubmission.class,
            "project name",
            "SBOM documents submitted over Kafka or accepted over HTTP, gzip-chunked; ingest-sbom parses them.",
            Map.of("max.message.bytes", maxBytes));
    components =
        topic(
            "vigil.sbom.components.v1",
            6,
            "delete",
            null,
            ComponentEvent.class,
            "project id",
            "Inventory changes: a component ADDED to or REMOVED from a project; kept forever so a new correlator can rebuild from it.",
            Map.of());
    sbomStatus =
        topic(
            "vigil.sbom.status.v1",
            3,
            "compact",
            null,
            SbomStatus.class,
            "submission id",
            "Processing state of each SBOM submission (PROCESSING, COMPLETED, REJECTED with violations); any ingest-sbom instance answers GET /api/v1/sbom/{token} from it.",
            Map.of());
    advisories =
        topic(
            "vigil.advisories.v1",
            6,
            "compact",
            null,
            Advisory.class,
            "advisory id",
            "Normalized advisories (OSV model) from OSV, GHSA; withdrawn ones re-published with `withdrawn` set.",
            Map.of("max.message.bytes", maxBytes));
    kev =
        topic(
            "vigil.enrichment.kev.v1",
            3,
            "compact",
            null,
            KevEntry.class,
            "CVE id",
            "CISA KEV catalog entries; ADDED means a CVE became known-exploited.",
            Map.of());
    epss =
        topic(
            "vigil.enrichment.epss.v1",
            3,
            "compact",
            null,
            EpssScore.class,
            "CVE id",
            "FIRST EPSS scores per CVE.",
            Map.of());
    nvd =
        topic(
            "vigil.enrichment.nvd.v1",
            3,
            "compact",
            null,
            NvdCve.class,
            "CVE id",
            "NVD CVE API 2.0 records: CVSS, CWEs, CPE configurations.",
            Map.of("max.message.bytes", maxBytes));
    exposures =
        topic(
            "vigil.exposures.v1",
            6,
            "delete",
            MONTH,
            ExposureEvent.class,
            "project id",
            "Exposure changes (NEW / RESOLVED / UPDATED) from the correlator; teams subscribe here.",
            Map.of());
    alertDeliveries =
        topic(
            "vigil.alerts.deliveries.v1",
            3,
            "compact",
            null,
            AlertDelivery.class,
            "alert key",
            "Delivery log of alerts per channel; makes delivery idempotent across restarts and replays.",
            Map.of());
    advisoryIngestState =
        topic(
            "vigil.advisories.ingest-state.v1",
            3,
            "compact",
            null,
            IngestState.class,
            "feed|record id, or cursor|name",
            "Internal to ingest-advisories: what it last published per feed record (content hash,"
                + " modified) and its incremental cursors, written in the same transaction as the"
                + " records; makes re-runs publish nothing and restarts resume without gaps.",
            Map.of());
    analyses =
        topic(
            "vigil.analyses.v1",
            3,
            "compact",
            null,
            Analysis.class,
            "analysis key: `component|vuln|project|version|purl`, `project|vuln|project|version` or"
                + " `portfolio|vuln|purl` (schemas README)",
            "Triage decisions: the current analysis (state, justification, author, validity) per"
                + " (scope, vulnerability); a tombstone deletes one. Every change is also on the"
                + " history topic.",
            Map.of());
    analysisHistory =
        topic(
            "vigil.analyses.history.v1",
            3,
            "delete",
            null,
            AnalysisChange.class,
            "analysis key",
            "The triage audit trail: every decision set or deleted (who, when, what it replaced),"
                + " written in the same transaction as the analyses topic; kept forever.",
            Map.of());
    policies =
        topic(
            "vigil.policies.v1",
            1,
            "compact",
            null,
            PolicyDocument.class,
            "policy document name",
            "Triage policies: CEL rules (the YAML of a policy file) per document; the correlator"
                + " evaluates them before an exposure's first alert and re-evaluates the open"
                + " exposures when one changes; a tombstone deletes a document.",
            Map.of());
    projects =
        topic(
            "vigil.projects.v1",
            sbomSubmissions.partitions(), // co-partitioned with the submissions (same key)
            "compact",
            null,
            ProjectContextEntry.class,
            "project name",
            "The project registry: each project's context as an operator set it (owner, team, tags,"
                + " criticality, exposure); a tombstone removes it. ingest-sbom reads it beside the"
                + " submissions (same key, same partitions) and re-emits a project's components"
                + " when its effective context changes.",
            Map.of());
    systemic =
        topic(
            "vigil.systemic.v1",
            1,
            "delete",
            MONTH,
            SystemicEvent.class,
            "vulnerability id",
            "SYSTEMIC events from the correlator: an advisory hit a package a large share of the"
                + " portfolio ships (projects, direct/transitive, versions, mission-essential"
                + " share); once per (vulnerability, package).",
            Map.of());
    fixPlanPartials =
        topic(
            "vigil.fixplan.partials.v1",
            1,
            "delete",
            MONTH,
            FixPlanPartial.class,
            "ISO week (2026-W50)",
            "The weekly portfolio fix plan, one partial per correlator partition per ISO week"
                + " (projects named, packages counted, whole portfolio and per team); alerting"
                + " merges a week's partials and posts the ranked plan as the weekly digest.",
            Map.of("max.message.bytes", maxBytes));
    feedStatus =
        topic(
            "vigil.feeds.status.v1",
            1,
            "compact",
            null,
            FeedStatus.class,
            "source kind (osv, ghsa, nvd, kev, epss)",
            "Freshness of each advisory source (last success, newest record, FRESH/STALE with the"
                + " reasons), after every run and every minute; a change to STALE is the"
                + " FEED_STALE signal.",
            Map.of());
    for (VigilService s : VigilService.values()) {
      deadLetters.put(
          s,
          topic(
              "vigil.dlq." + s.id() + ".v1",
              1,
              "delete",
              MONTH,
              DeadLetter.class,
              "original key",
              "Records " + s.id() + " could not process, with the reason and the raw bytes.",
              Map.of("max.message.bytes", maxBytes)));
    }
  }

  /** The default catalog: no prefix, replication factor 1 (a single local broker). */
  public static TopicCatalog local() {
    return new TopicCatalog("", (short) 1);
  }

  private <V> Topic<String, V> topic(
      String base,
      int partitions,
      String cleanup,
      Duration retention,
      Class<V> valueType,
      String keyMeaning,
      String description,
      Map<String, String> extra) {
    return new Topic<>(
        prefix + base,
        partitions,
        replication,
        cleanup,
        retention,
        String.class,
        valueType,
        keyMeaning,
        description,
        extra);
  }

  public String prefix() {
    return prefix;
  }

  public short replicationFactor() {
    return replication;
  }

  public Topic<String, SbomSubmission> sbomSubmissions() {
    return sbomSubmissions;
  }

  public Topic<String, ComponentEvent> components() {
    return components;
  }

  public Topic<String, SbomStatus> sbomStatus() {
    return sbomStatus;
  }

  public Topic<String, Advisory> advisories() {
    return advisories;
  }

  public Topic<String, KevEntry> kev() {
    return kev;
  }

  public Topic<String, EpssScore> epss() {
    return epss;
  }

  public Topic<String, NvdCve> nvd() {
    return nvd;
  }

  /** SYSTEMIC events (correlator → alerting). */
  public Topic<String, SystemicEvent> systemic() {
    return systemic;
  }

  /** The weekly portfolio fix plan's partials (correlator → alerting). */
  public Topic<String, FixPlanPartial> fixPlanPartials() {
    return fixPlanPartials;
  }

  public Topic<String, ExposureEvent> exposures() {
    return exposures;
  }

  public Topic<String, AlertDelivery> alertDeliveries() {
    return alertDeliveries;
  }

  /** ingest-advisories' internal state (what it last published, cursors); compacted. */
  public Topic<String, IngestState> advisoryIngestState() {
    return advisoryIngestState;
  }

  /** Current triage decisions per analysis key; compacted. */
  public Topic<String, Analysis> analyses() {
    return analyses;
  }

  /** Every change of a triage decision (the audit trail); never compacted, kept forever. */
  public Topic<String, AnalysisChange> analysisHistory() {
    return analysisHistory;
  }

  /** Triage policy documents (CEL rules) per name; compacted. */
  public Topic<String, PolicyDocument> policies() {
    return policies;
  }

  /** The project registry (context per project); compacted, co-partitioned with submissions. */
  public Topic<String, ProjectContextEntry> projects() {
    return projects;
  }

  /** Freshness of each advisory source; compacted. */
  public Topic<String, FeedStatus> feedStatus() {
    return feedStatus;
  }

  public Topic<String, DeadLetter> deadLetters(VigilService service) {
    return deadLetters.get(service);
  }

  /** Every topic, in a stable order (creation, docs). */
  public List<Topic<String, ?>> all() {
    List<Topic<String, ?>> all = new ArrayList<>();
    all.add(sbomSubmissions);
    all.add(components);
    all.add(sbomStatus);
    all.add(advisories);
    all.add(kev);
    all.add(epss);
    all.add(nvd);
    all.add(exposures);
    all.add(alertDeliveries);
    all.add(advisoryIngestState);
    all.add(analyses);
    all.add(analysisHistory);
    all.add(policies);
    all.add(projects);
    all.add(feedStatus);
    all.add(systemic);
    all.add(fixPlanPartials);
    all.addAll(deadLetters.values());
    return List.copyOf(all);
  }

  /** The catalog topic with this name. */
  public java.util.Optional<Topic<String, ?>> byName(String name) {
    return all().stream().filter(t -> t.name().equals(name)).findFirst();
  }
}
