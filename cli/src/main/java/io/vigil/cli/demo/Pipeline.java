package io.vigil.cli.demo;

import io.vigil.advisories.AdvisoryPublisher;
import io.vigil.alerting.AlertingConfig;
import io.vigil.alerting.AlertingService;
import io.vigil.console.ConsoleConfig;
import io.vigil.console.ConsoleService;
import io.vigil.correlator.CorrelatorConfig;
import io.vigil.correlator.CorrelatorService;
import io.vigil.platform.http.HttpSecurity;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.kafka.Quiescence;
import io.vigil.platform.kafka.TopicAdmin;
import io.vigil.platform.metrics.Metrics;
import io.vigil.sbom.IngestSbomConfig;
import io.vigil.sbom.SbomIngestService;
import io.vigil.sbom.dt.DependencyTrackConfig;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The four services in one JVM against one Kafka cluster: what {@code vigil demo} runs and what the
 * end-to-end tests drive. Each service is the same class its own subcommand runs.
 */
public final class Pipeline implements AutoCloseable {
  private final KafkaSettings kafka;
  private final CorrelatorConfig correlatorConfig;
  private final AlertingConfig alertingConfig;
  private final Admin admin;
  private final CorrelatorService correlator;
  private final AlertingService alerting;
  private final SbomIngestService sbom;
  private final IngestSbomConfig sbomConfig;
  private final AdvisoryPublisher advisories;
  private final List<String> extraGroups = new ArrayList<>();
  private ConsoleService console;

  private Pipeline(
      KafkaSettings kafka,
      CorrelatorConfig cc,
      AlertingConfig ac,
      PrintStream console,
      IngestSbomConfig sbomBase,
      HttpSecurity sbomSecurity)
      throws InterruptedException {
    this.kafka = kafka;
    this.correlatorConfig = cc;
    this.alertingConfig = ac;
    this.admin = Admin.create(kafka.admin());
    TopicAdmin.ensure(admin, kafka.catalog().all());
    this.correlator = new CorrelatorService(kafka, cc, new Metrics("correlator")).start();
    this.alerting = new AlertingService(kafka, ac, console).start();
    // one base URL for Dependency-Track clients: ingest-sbom asks the correlator's query API
    this.sbomConfig =
        sbomBase.withDependencyTrack(
            DependencyTrackConfig.defaults()
                .withQueryApi(correlator.url(), null)
                .withCorrelatorApplicationId(cc.applicationId()));
    this.sbom = new SbomIngestService(kafka, sbomConfig, new Metrics("ingest-sbom"), sbomSecurity);
    this.advisories = new AdvisoryPublisher(kafka);
  }

  /** Starts every service and waits until the correlator is RUNNING. */
  public static Pipeline start(
      KafkaSettings kafka, CorrelatorConfig cc, AlertingConfig ac, PrintStream console)
      throws InterruptedException {
    return start(kafka, cc, ac, console, new IngestSbomConfig(0, null, null));
  }

  /**
   * With ingest-sbom's own settings (API keys, ...); its Dependency-Track API is pointed at this
   * pipeline's correlator whatever they say.
   */
  public static Pipeline start(
      KafkaSettings kafka,
      CorrelatorConfig cc,
      AlertingConfig ac,
      PrintStream console,
      IngestSbomConfig sbom)
      throws InterruptedException {
    return start(kafka, cc, ac, console, sbom, HttpSecurity.none());
  }

  /**
   * With ingest-sbom's settings and the API keys and roles of its HTTP API (triage, VEX); the
   * console started by {@link #startConsole} shares the keys.
   */
  public static Pipeline start(
      KafkaSettings kafka,
      CorrelatorConfig cc,
      AlertingConfig ac,
      PrintStream console,
      IngestSbomConfig sbom,
      HttpSecurity sbomSecurity)
      throws InterruptedException {
    Pipeline p = new Pipeline(kafka, cc, ac, console, sbom, sbomSecurity);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (p.correlator.streams().state() != KafkaStreams.State.RUNNING
        || p.sbom.streams().state() != KafkaStreams.State.RUNNING) {
      if (System.nanoTime() > deadline
          || p.correlator.streams().state() == KafkaStreams.State.ERROR
          || p.sbom.streams().state() == KafkaStreams.State.ERROR) {
        p.close();
        throw new IllegalStateException(
            "the correlator and ingest-sbom did not reach RUNNING (states "
                + p.correlator.streams().state()
                + ", "
                + p.sbom.streams().state()
                + ")");
      }
      Thread.sleep(50);
    }
    return p;
  }

  public KafkaSettings kafka() {
    return kafka;
  }

  /** Base URL of the correlator's query API. */
  public String queryUrl() {
    return correlator.url();
  }

  /** Base URL of ingest-sbom's HTTP API (also Dependency-Track's API). */
  public String sbomUrl() {
    return sbom.url();
  }

  public AdvisoryPublisher advisories() {
    return advisories;
  }

  public AlertingService alerting() {
    return alerting;
  }

  public CorrelatorService correlator() {
    return correlator;
  }

  /**
   * Starts the console on this pipeline's query API and triage API ({@code config}'s URLs are
   * replaced, its keys kept): logins with {@code security}'s API keys ({@link HttpSecurity#none()}:
   * open, read only).
   */
  public ConsoleService startConsole(ConsoleConfig config, HttpSecurity security) {
    if (console != null) {
      throw new IllegalStateException("the console is already running");
    }
    console =
        new ConsoleService(
                kafka,
                config
                    .withQueryApi(List.of(queryUrl()), config.queryApiKey())
                    .withTriageApi(sbomUrl(), config.triageApiKey()),
                security,
                new Metrics("console"))
            .start();
    return console;
  }

  /** The console, once {@link #startConsole} started it (else null). */
  public ConsoleService console() {
    return console;
  }

  /** Another consumer group that must be caught up before the pipeline counts as quiescent. */
  public void alsoWaitFor(String groupId) {
    extraGroups.add(groupId);
  }

  /** Waits until every service has processed everything published so far. */
  public boolean awaitQuiescent(Duration timeout) throws InterruptedException {
    List<String> groups = new ArrayList<>();
    groups.add(kafka.topicPrefix() + correlatorConfig.applicationId());
    groups.add(alertingConfig.groupId());
    groups.add(kafka.topicPrefix() + sbomConfig.applicationId());
    groups.addAll(extraGroups);
    String exposures = kafka.catalog().exposures().name();
    String components = kafka.catalog().components().name();
    return Quiescence.await(
        admin,
        groups,
        t -> t.endsWith("-repartition") || t.equals(exposures) || t.equals(components),
        Duration.ofMillis(600),
        timeout);
  }

  /**
   * Waits until the correlator has processed everything published so far (the demo publishes the
   * advisories, waits, then uploads the SBOMs: their exposures are then computed against every
   * advisory, whatever order the correlator's tasks would have read the two topics in).
   */
  public boolean awaitCorrelatorCaughtUp(Duration timeout) throws InterruptedException {
    return Quiescence.await(
        admin,
        List.of(kafka.topicPrefix() + correlatorConfig.applicationId()),
        t -> t.endsWith("-repartition"),
        Duration.ofMillis(600),
        timeout);
  }

  @Override
  public void close() {
    if (console != null) {
      console.close();
    }
    advisories.close();
    sbom.close();
    alerting.close();
    correlator.close();
    admin.close();
  }
}
