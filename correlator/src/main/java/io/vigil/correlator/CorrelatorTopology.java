package io.vigil.correlator;

import io.vigil.core.ssvc.SsvcSettings;
import io.vigil.correlator.history.DailyOpen;
import io.vigil.correlator.history.FixedExposure;
import io.vigil.correlator.triage.BroadcastPartitioner;
import io.vigil.correlator.triage.PolicyDocuments;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.Analysis;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.EpssScore;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.KevEntry;
import io.vigil.events.v1.NvdCve;
import io.vigil.events.v1.PolicyDocument;
import io.vigil.internal.v1.AnalysisUpdate;
import io.vigil.platform.triage.AnalysisAvro;
import io.vigil.schemas.TopicCatalog;
import io.vigil.schemas.serde.SerdeFactory;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The correlator, as one topology of three keyed stages:
 *
 * <pre>
 *  advisories (key id) ─ fan_out_advisory_changes [advisory-packages-store]
 *      ├─ advisories-by-package (key package shard) ───────────────────────────┐
 *      └─ advisories-by-cve (key CVE) ─┐                                       │
 *  kev · epss · nvd (key CVE) ─ enrichment-by-cve ─┤                           │
 *                  link_advisory_to_cve / join_enrichment_by_cve               │
 *                  [cve-advisories-store, enrichment-by-cve-store]             │
 *                      └─ enrichment-by-package (key package shard) ───────────┤
 *  components (key project) ─ components-by-package (key package shard) ───────┤
 *         correlate_component_with_advisories / correlate_advisory_with_components /
 *         apply_enrichment_to_exposures  [components-by-package-store, advisories-by-package-store,
 *                                         enrichment-by-package-store, exposures-store]
 *                                              └─ exposures (key project)
 * </pre>
 *
 * <p>Package-keyed records are keyed by <em>package shard</em> (package key + a shard chosen by
 * project, see {@link StoreKeys}); the three package-shard repartitions, and the two CVE-keyed
 * ones, have {@code partitions} partitions each, so they are co-partitioned (checked again at start
 * by {@link CoPartitioning}). Every source, processor, store, repartition and sink is named, so the
 * names (and the changelog topics derived from them) are stable across releases. The build is pure:
 * no I/O.
 */
public final class CorrelatorTopology {
  public static final String ADVISORY_LINKS_STORE = "advisory-packages-store";
  public static final String CVE_ADVISORIES_STORE = "cve-advisories-store";
  public static final String CVE_ENRICHMENT_STORE = "enrichment-by-cve-store";
  public static final String COMPONENTS_STORE = "components-by-package-store";
  public static final String ADVISORIES_STORE = "advisories-by-package-store";
  public static final String PACKAGE_ENRICHMENT_STORE = "enrichment-by-package-store";
  public static final String EXPOSURES_STORE = "exposures-store";
  public static final String EXPOSURE_INDEX_STORE = "exposures-by-advisory-store";
  public static final String COMPONENT_INDEX_STORE = "components-by-project-store";

  /** The exposures by the expiry of their decision ({@link ExpiryIndex}). */
  public static final String EXPOSURE_EXPIRY_STORE = "exposure-expiry-store";

  /**
   * The exposures that were resolved, by exposure key: each one's RESOLVED event (the evidence of
   * what was fixed and when: {@link KevEvidenceRoutes}).
   */
  public static final String RESOLVED_EXPOSURES_STORE = "resolved-exposures-store";

  /** The open exposures by their due date ({@link DueIndex}). */
  public static final String EXPOSURE_DUE_STORE = "exposure-due-store";

  public static final String ANALYSES_STORE = "analyses-store";
  public static final String POLICIES_STORE = "policies-store";
  public static final String PORTFOLIO_COMPONENTS_STORE = "portfolio-components-store";
  public static final String PORTFOLIO_PROJECTS_STORE = "portfolio-projects-store";
  public static final String PACKAGE_USES_STORE = "package-uses-store";

  /**
   * Per package its reach counts, kept with {@code package-uses-store} ({@link PackageReachIndex}).
   */
  public static final String PACKAGE_REACH_STORE = "package-reach-store";

  public static final String SYSTEMIC_PORTFOLIO_STORE = "systemic-portfolio-store";
  public static final String SYSTEMIC_ADVISORIES_STORE = "systemic-advisories-store";

  /**
   * A new advisory's NEW exposures per package while they are gathered ({@link SystemicAnnouncer}).
   */
  public static final String SYSTEMIC_PENDING_STORE = "systemic-pending-store";

  /** Every exposure fixed, for time to fix ({@link PortfolioHistoryProcessor}). */
  public static final String FIXED_EXPOSURES_STORE = "fixed-exposures-store";

  /** Open exposures by severity per UTC day, for the trend ({@link PortfolioHistoryProcessor}). */
  public static final String OPEN_DAILY_STORE = "open-exposures-daily-store";

  public static final String COMPONENTS_REPARTITION = "components-by-package";
  public static final String ADVISORIES_REPARTITION = "advisories-by-package";
  public static final String PACKAGE_ENRICHMENT_REPARTITION = "enrichment-by-package";
  public static final String CVE_LINKS_REPARTITION = "advisories-by-cve";
  public static final String CVE_ENRICHMENT_REPARTITION = "enrichment-by-cve";
  public static final String ANALYSES_BROADCAST = "analyses-to-every-partition";
  public static final String POLICIES_BROADCAST = "policies-to-every-partition";
  public static final String PORTFOLIO_REPARTITION = "portfolio-presence";
  public static final String SYSTEMIC_INPUTS_REPARTITION = "systemic-inputs-by-package";
  public static final String SYSTEMIC_EXPOSURES_REPARTITION = "new-advisory-exposures-by-package";

  /** How often each task looks for triage decisions that reached their validUntil. */
  static final Duration TRIAGE_EXPIRY_CHECK = Duration.ofSeconds(30);

  /** How often each task looks for exposures that passed their due date (OVERDUE). */
  static final Duration OVERDUE_CHECK = Duration.ofMinutes(1);

  /** Repartitions read by one sub-topology: each group must have one partition count. */
  public static final List<List<String>> CO_PARTITIONED =
      List.of(
          List.of(
              COMPONENTS_REPARTITION,
              ADVISORIES_REPARTITION,
              PACKAGE_ENRICHMENT_REPARTITION,
              ANALYSES_BROADCAST,
              POLICIES_BROADCAST),
          List.of(CVE_LINKS_REPARTITION, CVE_ENRICHMENT_REPARTITION),
          List.of(SYSTEMIC_INPUTS_REPARTITION, SYSTEMIC_EXPOSURES_REPARTITION));

  private CorrelatorTopology() {}

  public static Topology build(TopicCatalog topics, SerdeFactory serdes, CorrelatorConfig config) {
    return build(topics, serdes, config, Correlation.Probe.NONE);
  }

  /** The topology with a probe called before each component is evaluated (tests). */
  static Topology build(
      TopicCatalog topics, SerdeFactory serdes, CorrelatorConfig config, Correlation.Probe probe) {
    StreamsBuilder builder = new StreamsBuilder();
    Serde<String> keys = Serdes.String();
    // a component event read is written on unchanged (repartition, store): not encoded again
    Serde<ComponentEvent> componentSerde = new ReadBytesSerde<>(serdes.value(topics.components()));
    Serde<Advisory> advisorySerde = serdes.value(topics.advisories());
    Serde<ExposureEvent> exposureSerde = serdes.value(topics.exposures());
    Serde<KevEntry> kevSerde = serdes.value(topics.kev());
    Serde<EpssScore> epssSerde = serdes.value(topics.epss());
    Serde<NvdCve> nvdSerde = serdes.value(topics.nvd());
    Serde<CveLink> linkSerde = new JsonSerde<>(CveLink.class);
    Serde<CveEnrichment> enrichmentSerde = new JsonSerde<>(CveEnrichment.class);
    Serde<CveEnrichment.Input> inputSerde = new JsonSerde<>(CveEnrichment.Input.class);
    int shards = config.packageShards();
    int partitions = config.partitions();
    double epssDelta = config.epssMaterialDelta();
    Triage.Settings triage = new Triage.Settings(shards, List.of(), config.remediation().policy());
    Serde<Analysis> analysisSerde = serdes.value(topics.analyses());
    Serde<PolicyDocument> policySerde = serdes.value(topics.policies());
    Serde<AnalysisUpdate> updateSerde = serdes.internal(AnalysisUpdate.class);
    SsvcSettings ssvc = config.ssvc().settings();

    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(ADVISORY_LINKS_STORE),
            keys,
            new JsonSerde<>(AdvisoryLinks.class)));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(CVE_ADVISORIES_STORE), keys, linkSerde));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(CVE_ENRICHMENT_STORE), keys, enrichmentSerde));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(COMPONENTS_STORE), keys, componentSerde));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(ADVISORIES_STORE), keys, advisorySerde));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(PACKAGE_ENRICHMENT_STORE), keys, enrichmentSerde));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(EXPOSURES_STORE), keys, exposureSerde));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(EXPOSURE_INDEX_STORE), keys, Serdes.String()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(COMPONENT_INDEX_STORE), keys, Serdes.String()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(EXPOSURE_EXPIRY_STORE), keys, keys));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(EXPOSURE_DUE_STORE), keys, keys));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(RESOLVED_EXPOSURES_STORE), keys, exposureSerde));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(ANALYSES_STORE), keys, analysisSerde));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(POLICIES_STORE), keys, policySerde));

    // ---- stage 1: advisories by id → fan-out to package shards and CVEs
    KStream<String, Object> fanOut =
        builder.stream(
                topics.advisories().name(),
                Consumed.with(keys, advisorySerde).withName("consume_from_advisories_topic"))
            .process(
                () -> new AdvisoryFanOutProcessor(shards),
                Named.as("fan_out_advisory_changes"),
                ADVISORY_LINKS_STORE);
    KStream<String, Advisory> advisoriesByPackage =
        fanOut
            .filter((k, v) -> v instanceof Advisory, Named.as("keep_advisories_for_packages"))
            .mapValues(v -> (Advisory) v, Named.as("as_package_advisory"))
            .repartition(
                Repartitioned.with(keys, advisorySerde)
                    .withName(ADVISORIES_REPARTITION)
                    .withNumberOfPartitions(partitions));
    KStream<String, CveLink> linksByCve =
        fanOut
            .filter((k, v) -> v instanceof CveLink, Named.as("keep_links_for_cves"))
            .mapValues(v -> (CveLink) v, Named.as("as_cve_link"))
            .repartition(
                Repartitioned.with(keys, linkSerde)
                    .withName(CVE_LINKS_REPARTITION)
                    .withNumberOfPartitions(partitions));

    // ---- components by project → package shards
    KStream<String, ComponentEvent> componentsByProject =
        builder.stream(
            topics.components().name(),
            Consumed.with(keys, componentSerde).withName("consume_from_components_topic"));
    KStream<String, ComponentEvent> componentsByPackage =
        componentsByProject
            .selectKey(
                (project, e) -> {
                  // the purl is parsed once per event: a null key marks "no package"
                  String pkg = e == null ? null : PackageKeys.ofComponent(e.getComponent());
                  return pkg == null ? null : StoreKeys.shardKey(pkg, e.getProjectId(), shards);
                },
                Named.as("select_package_shard_of_component"))
            .filter((shardKey, e) -> shardKey != null, Named.as("drop_components_without_package"))
            .repartition(
                Repartitioned.with(keys, componentSerde)
                    .withName(COMPONENTS_REPARTITION)
                    .withNumberOfPartitions(partitions));

    // ---- stage 2: enrichment by CVE, joined with the advisories that alias it
    KStream<String, CveEnrichment.Input> kev =
        builder.stream(
                topics.kev().name(),
                Consumed.with(keys, kevSerde).withName("consume_from_kev_topic"))
            .mapValues(EnrichmentInputs::kev, Named.as("read_kev_entry"));
    KStream<String, CveEnrichment.Input> epss =
        builder.stream(
                topics.epss().name(),
                Consumed.with(keys, epssSerde).withName("consume_from_epss_topic"))
            .mapValues(EnrichmentInputs::epss, Named.as("read_epss_score"));
    KStream<String, CveEnrichment.Input> nvd =
        builder.stream(
                topics.nvd().name(),
                Consumed.with(keys, nvdSerde).withName("consume_from_nvd_topic"))
            .mapValues(EnrichmentInputs::nvd, Named.as("read_nvd_cve"));
    KStream<String, CveEnrichment.Input> enrichmentByCve =
        kev.merge(epss, Named.as("merge_kev_and_epss"))
            .merge(nvd, Named.as("merge_enrichment_feeds"))
            .repartition(
                Repartitioned.with(keys, inputSerde)
                    .withName(CVE_ENRICHMENT_REPARTITION)
                    .withNumberOfPartitions(partitions));
    KStream<String, CveEnrichment> forNewLinks =
        linksByCve.process(
            () -> new CveLinkProcessor(shards),
            Named.as("link_advisory_to_cve"),
            CVE_ADVISORIES_STORE,
            CVE_ENRICHMENT_STORE);
    KStream<String, CveEnrichment> forChangedEnrichment =
        enrichmentByCve.process(
            () -> new CveEnrichmentProcessor(shards),
            Named.as("join_enrichment_by_cve"),
            CVE_ADVISORIES_STORE,
            CVE_ENRICHMENT_STORE);
    KStream<String, CveEnrichment> enrichmentByPackage =
        forNewLinks
            .merge(forChangedEnrichment, Named.as("merge_enrichment_for_packages"))
            .repartition(
                Repartitioned.with(keys, enrichmentSerde)
                    .withName(PACKAGE_ENRICHMENT_REPARTITION)
                    .withNumberOfPartitions(partitions));

    // ---- triage: decisions and policies, checked, then broadcast to every package-shard task
    KStream<String, AnalysisUpdate> analysesEverywhere =
        builder.stream(
                topics.analyses().name(),
                Consumed.with(keys, analysisSerde).withName("consume_from_analyses_topic"))
            .mapValues(
                (key, a) -> {
                  if (a != null) {
                    AnalysisAvro.fromAvro(key, a); // refused here, with the reason, not N times
                  }
                  return new AnalysisUpdate(key, a);
                },
                Named.as("check_analysis"))
            .repartition(
                Repartitioned.with(keys, updateSerde)
                    .withName(ANALYSES_BROADCAST)
                    .withNumberOfPartitions(partitions)
                    .withStreamPartitioner(new BroadcastPartitioner<>()));
    KStream<String, PolicyDocument> policiesEverywhere =
        builder.stream(
                topics.policies().name(),
                Consumed.with(keys, policySerde).withName("consume_from_policies_topic"))
            .mapValues(PolicyDocuments::validated, Named.as("compile_policy_document"))
            .repartition(
                Repartitioned.with(keys, policySerde)
                    .withName(POLICIES_BROADCAST)
                    .withNumberOfPartitions(partitions)
                    .withStreamPartitioner(new BroadcastPartitioner<>()));

    // ---- stage 3: per package shard: components × advisories × enrichment → exposure changes
    String[] correlationStores = {
      COMPONENTS_STORE,
      ADVISORIES_STORE,
      EXPOSURES_STORE,
      EXPOSURE_INDEX_STORE,
      COMPONENT_INDEX_STORE,
      EXPOSURE_EXPIRY_STORE,
      EXPOSURE_DUE_STORE,
      RESOLVED_EXPOSURES_STORE,
      PACKAGE_ENRICHMENT_STORE,
      ANALYSES_STORE,
      POLICIES_STORE
    };
    KStream<String, ExposureEvent> fromComponents =
        componentsByPackage.process(
            () -> new ComponentChangeProcessor(epssDelta, ssvc, probe, triage),
            Named.as("correlate_component_with_advisories"),
            correlationStores);
    KStream<String, ExposureEvent> fromAdvisories =
        advisoriesByPackage.process(
            () -> new AdvisoryChangeProcessor(epssDelta, ssvc, probe, triage),
            Named.as("correlate_advisory_with_components"),
            correlationStores);
    KStream<String, ExposureEvent> fromEnrichment =
        enrichmentByPackage.process(
            () -> new EnrichmentChangeProcessor(epssDelta, ssvc, probe, triage),
            Named.as("apply_enrichment_to_exposures"),
            correlationStores);

    KStream<String, ExposureEvent> fromAnalyses =
        analysesEverywhere.process(
            () -> new AnalysisUpdateProcessor(triage, TRIAGE_EXPIRY_CHECK, OVERDUE_CHECK),
            Named.as("apply_analysis_to_exposures"),
            correlationStores);
    KStream<String, ExposureEvent> fromPolicies =
        policiesEverywhere.process(
            () -> new PolicyUpdateProcessor(triage),
            Named.as("apply_policies_to_exposures"),
            correlationStores);

    KStream<String, ExposureEvent> exposures =
        fromComponents
            .merge(fromAdvisories, Named.as("merge_exposure_changes"))
            .merge(fromEnrichment, Named.as("merge_enrichment_exposure_changes"))
            .merge(fromAnalyses, Named.as("merge_analysis_exposure_changes"))
            .merge(fromPolicies, Named.as("merge_policy_exposure_changes"));
    exposures.to(
        topics.exposures().name(),
        Produced.with(keys, exposureSerde).withName("produce_to_exposures_topic"));
    history(builder, exposures);
    if (config.fixPlanDigest().enabled()) {
      FixPlanDigestTopology.add(builder, topics, serdes, config, exposures);
    }
    if (config.systemic().enabled()) {
      SystemicTopology.add(builder, topics, serdes, config, componentsByProject, exposures);
    }
    return builder.build();
  }

  /**
   * The portfolio's history (time to fix, the daily open counts), beside {@code exposures-store} in
   * the package-shard stage: {@link PortfolioHistoryProcessor}.
   */
  private static void history(StreamsBuilder builder, KStream<String, ExposureEvent> exposures) {
    Serde<String> keys = Serdes.String();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(FIXED_EXPOSURES_STORE),
            keys,
            new JsonSerde<>(FixedExposure.class)));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(OPEN_DAILY_STORE),
            keys,
            new JsonSerde<>(DailyOpen.class)));
    exposures.process(
        PortfolioHistoryProcessor::new,
        Named.as("record_portfolio_history"),
        EXPOSURES_STORE,
        FIXED_EXPOSURES_STORE,
        OPEN_DAILY_STORE);
  }
}
