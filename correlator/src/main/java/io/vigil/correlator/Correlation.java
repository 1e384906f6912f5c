package io.vigil.correlator;

import io.vigil.core.ssvc.SsvcSettings;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.ExposureEvent;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The correlation rules of one task of the package-keyed sub-topology: components × advisories ×
 * enrichment of one set of package shards, and the current exposures, so only changes are emitted.
 * The three processors of that sub-topology delegate here, and this class to one collaborator per
 * input ({@link ComponentCorrelation}, {@link AdvisoryCorrelation}, {@link EnrichmentCorrelation})
 * over what they share ({@link ShardContext}); everything is a function of the stores and the
 * incoming record (the emission time aside), so a replay emits the same events.
 *
 * <p><b>All or nothing.</b> Every input is evaluated before anything is written: a component's
 * exposure changes are decided first and then written and emitted together, and the input itself
 * (the component, the advisory, the enrichment) is stored only after every component was dealt
 * with. So an input that fails before its loop leaves the stores as they were (the failure goes to
 * the dead-letter topic, and the same input sent again is evaluated again: the content checks
 * compare with what was stored, and nothing was). A component that fails inside an advisory's or an
 * enrichment's loop is left exactly as it was, every other component of the shard is evaluated, and
 * the input is then dead-lettered with the failed components named ({@link
 * ComponentsFailedException}).
 */
final class Correlation {
  /**
   * Called before each component is evaluated against an input (a fault-injection point for tests;
   * a no-op otherwise).
   */
  interface Probe {
    Probe NONE = component -> {};

    void evaluating(ComponentEvent component);
  }

  private final ComponentCorrelation components;
  private final AdvisoryCorrelation advisories;
  private final EnrichmentCorrelation enrichments;

  Correlation(
      ProcessorContext<String, ExposureEvent> context,
      double epssDelta,
      SsvcSettings ssvc,
      Probe probe,
      Triage.Settings triageSettings) {
    ShardContext shard = new ShardContext(context, epssDelta, ssvc, probe, triageSettings);
    this.components = new ComponentCorrelation(shard);
    this.advisories = new AdvisoryCorrelation(shard);
    this.enrichments = new EnrichmentCorrelation(shard);
  }

  /**
   * A component was added to, removed from or updated in a project: see {@link
   * ComponentCorrelation}.
   */
  void onComponent(String shardKey, ComponentEvent event, long timestamp) {
    components.onComponent(shardKey, event, timestamp);
  }

  /** An advisory of this shard's package changed: see {@link AdvisoryCorrelation}. */
  void onAdvisory(String shardKey, Advisory advisory, long timestamp) {
    advisories.onAdvisory(shardKey, advisory, timestamp);
  }

  /** KEV, EPSS or NVD news about a CVE: see {@link EnrichmentCorrelation}. */
  void onEnrichment(String shardKey, CveEnrichment update, long timestamp) {
    enrichments.onEnrichment(shardKey, update, timestamp);
  }
}
