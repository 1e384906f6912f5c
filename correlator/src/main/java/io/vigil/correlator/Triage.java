package io.vigil.correlator;

import io.vigil.core.osv.AliasGroups;
import io.vigil.core.policy.Policy;
import io.vigil.core.policy.PolicyRule;
import io.vigil.core.remediation.SlaPolicy;
import io.vigil.core.triage.Analysis;
import io.vigil.core.triage.AnalysisResolver;
import io.vigil.core.triage.ExposureRef;
import io.vigil.correlator.triage.PolicyDocuments;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.ExposureAnalysis;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.PolicyDocument;
import io.vigil.internal.v1.AnalysisUpdate;
import io.vigil.platform.triage.AnalysisAvro;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Triage in one task of the package-keyed sub-topology: the task's copy of every decision ({@code
 * analyses-store}) and policy document ({@code policies-store}), both broadcast to every partition,
 * applied to the task's open exposures ({@link ExposureTriage} decides what is emitted). A change
 * of a decision or a policy, and a decision reaching its {@code validUntil}, re-decide the open
 * exposures it may concern (a scan of the task's {@code exposures-store}: decisions are rare, open
 * exposures far fewer than components). Clock: the task's wall clock ({@code currentSystemTimeMs}),
 * so tests drive expiry.
 */
final class Triage {
  private static final StringSerializer KEYS = new StringSerializer();

  /**
   * What triage needs of the configuration.
   *
   * @param shards the correlator's {@code packageShards} (to find an exposure's shard)
   * @param fileRules the rules of the configured policy file (evaluated before the topic's)
   * @param remediation the remediation policy (the due dates of the exposures triage stores: {@link
   *     DueIndex})
   */
  record Settings(int shards, List<PolicyRule> fileRules, SlaPolicy remediation) {
    static final Settings NONE = new Settings(1, List.of(), SlaPolicy.DEFAULTS);

    Settings {
      fileRules = List.copyOf(fileRules);
    }
  }

  private final ProcessorContext<String, ExposureEvent> context;
  private final KeyValueStore<String, io.vigil.events.v1.Analysis> analyses;
  private final KeyValueStore<String, PolicyDocument> policies;
  private final KeyValueStore<String, ExposureEvent> exposures;
  private final KeyValueStore<String, Advisory> advisories;
  private final ExpiryIndex expiries;
  private final DueIndex dues;
  private final Settings settings;

  Triage(ProcessorContext<String, ExposureEvent> context, Settings settings) {
    this.context = context;
    this.analyses = context.getStateStore(CorrelatorTopology.ANALYSES_STORE);
    this.policies = context.getStateStore(CorrelatorTopology.POLICIES_STORE);
    this.exposures = context.getStateStore(CorrelatorTopology.EXPOSURES_STORE);
    this.advisories = context.getStateStore(CorrelatorTopology.ADVISORIES_STORE);
    this.expiries =
        new ExpiryIndex(context.getStateStore(CorrelatorTopology.EXPOSURE_EXPIRY_STORE));
    this.dues =
        new DueIndex(
            context.getStateStore(CorrelatorTopology.EXPOSURE_DUE_STORE), settings.remediation());
    this.settings = settings;
  }

  Instant now() {
    return Instant.ofEpochMilli(context.currentSystemTimeMs());
  }

  // ---------------------------------------------------------------- in the correlation rules

  /** Decisions and policy as they stand, read once per input. */
  final class View {
    private List<Analysis> decisions;
    private Policy policy;

    /** A new exposure under the decision that applies to it (SUPPRESSED when it suppresses). */
    ExposureEvent born(ExposureEvent fresh, AliasGroups.Group group, String trigger) {
      ExposureAnalysis a = ExposureTriage.decide(fresh, group.ids(), decisions(), policy(), now());
      return ExposureTriage.born(fresh, a, trigger);
    }

    /** The decision that applies to an exposure now. */
    ExposureAnalysis decide(ExposureEvent e, Collection<String> groupIds) {
      return ExposureTriage.decide(e, groupIds, decisions(), policy(), now());
    }

    private List<Analysis> decisions() {
      if (decisions == null) {
        decisions = Triage.this.decisions(null, null);
      }
      return decisions;
    }

    private Policy policy() {
      if (policy == null) {
        policy = Triage.this.policy(null, null);
      }
      return policy;
    }
  }

  View view() {
    return new View();
  }

  // ---------------------------------------------------------------- decisions changed

  /** A decision was set, replaced or deleted (the analyses topic, broadcast to every task). */
  void onAnalysis(String key, AnalysisUpdate update, long timestamp) {
    io.vigil.events.v1.Analysis before = analyses.get(key);
    io.vigil.events.v1.Analysis after = update.getAnalysis();
    if (Objects.equals(before, after)) {
      return; // the same decision again (a replay, or this task's copy of a broadcast)
    }
    Analysis old = before == null ? null : core(key, before);
    Analysis now = after == null ? null : AnalysisAvro.fromAvro(key, after);
    List<Analysis> decisions = decisions(key, now);
    Policy policy = policy(null, null);
    String trigger =
        key + '@' + (after == null ? "deleted@" + timestamp : after.getDecidedAt().toEpochMilli());
    Instant at = now();
    Map<String, Collection<String>> groups = new HashMap<>();
    List<KeyValue<String, ExposureTriage.Outcome>> outcomes = new ArrayList<>();
    forEachExposure(
        (exposureKey, current) -> {
          Collection<String> ids = groupIds(current, groups);
          ExposureRef ref = ExposureTriage.ref(current, ids);
          if (!concerns(old, ref) && !concerns(now, ref)) {
            return;
          }
          ExposureAnalysis next = ExposureTriage.decide(current, ids, decisions, policy, at);
          var o =
              ExposureTriage.retriage(
                  current,
                  current,
                  next,
                  ExposureCause.ANALYSIS_CHANGED,
                  Instant.ofEpochMilli(timestamp),
                  at,
                  trigger);
          if (o != null) {
            outcomes.add(KeyValue.pair(exposureKey, o));
          }
        });
    apply(outcomes, timestamp);
    if (after == null) {
      analyses.delete(key);
    } else {
      analyses.put(key, after);
    }
  }

  /** A policy document was published or deleted: every open exposure is evaluated again. */
  void onPolicy(String name, PolicyDocument doc, long timestamp) {
    PolicyDocument before = policies.get(name);
    if (Objects.equals(before, doc)) {
      return;
    }
    Policy policy = policy(name, doc == null ? DELETED : doc);
    List<Analysis> decisions = decisions(null, null);
    String trigger =
        "policy:"
            + name
            + '@'
            + (doc == null
                ? "deleted@" + timestamp
                : Exposures.sha256(doc.getRules()).substring(0, 16)
                    + '@'
                    + doc.getUpdatedAt().toEpochMilli());
    retriageAll(
        current -> true,
        decisions,
        policy,
        ExposureCause.POLICY_CHANGED,
        Instant.ofEpochMilli(timestamp),
        trigger,
        timestamp);
    if (doc == null) {
      policies.delete(name);
    } else {
      policies.put(name, doc);
    }
  }

  /**
   * Exposures whose decision reached its {@code validUntil}: decided again (wall-clock
   * punctuation). Only the due ones are read ({@link ExpiryIndex}).
   */
  void onClock(long timestamp) {
    Instant at = now();
    expiries.buildOnce(exposures);
    List<KeyValue<String, ExposureEvent>> due = expiries.due(at, exposures);
    if (due.isEmpty()) {
      return;
    }
    List<Analysis> decisions = decisions(null, null);
    Policy policy = policy(null, null);
    Map<String, Collection<String>> groups = new HashMap<>();
    List<KeyValue<String, ExposureTriage.Outcome>> outcomes = new ArrayList<>();
    for (KeyValue<String, ExposureEvent> kv : due) {
      retriage(
          kv.key,
          kv.value,
          decisions,
          policy,
          ExposureCause.ANALYSIS_EXPIRED,
          at,
          null,
          at,
          groups,
          outcomes);
    }
    apply(outcomes, timestamp);
  }

  private void retriageAll(
      java.util.function.Predicate<ExposureEvent> which,
      List<Analysis> decisions,
      Policy policy,
      ExposureCause cause,
      Instant triggeredAt,
      String trigger,
      long timestamp) {
    Instant at = now();
    Map<String, Collection<String>> groups = new HashMap<>();
    List<KeyValue<String, ExposureTriage.Outcome>> outcomes = new ArrayList<>();
    forEachExposure(
        (exposureKey, current) -> {
          if (which.test(current)) {
            retriage(
                exposureKey,
                current,
                decisions,
                policy,
                cause,
                triggeredAt,
                trigger,
                at,
                groups,
                outcomes);
          }
        });
    apply(outcomes, timestamp);
  }

  /** One exposure decided again (its outcome added to {@code outcomes} when it changed). */
  private void retriage(
      String exposureKey,
      ExposureEvent current,
      List<Analysis> decisions,
      Policy policy,
      ExposureCause cause,
      Instant triggeredAt,
      String trigger,
      Instant at,
      Map<String, Collection<String>> groups,
      List<KeyValue<String, ExposureTriage.Outcome>> outcomes) {
    ExposureAnalysis next =
        ExposureTriage.decide(current, groupIds(current, groups), decisions, policy, at);
    String t =
        trigger != null
            ? trigger
            : current.getAnalysis().getKey()
                + "@expired@"
                + current.getAnalysis().getValidUntil().toEpochMilli();
    var o = ExposureTriage.retriage(current, current, next, cause, triggeredAt, at, t);
    if (o != null) {
      outcomes.add(KeyValue.pair(exposureKey, o));
    }
  }

  // ---------------------------------------------------------------- helpers

  private static final PolicyDocument DELETED = new PolicyDocument();

  /** Every decision of the task's copy, with {@code key} replaced by {@code replacement}. */
  private List<Analysis> decisions(String key, Analysis replacement) {
    List<Analysis> out = new ArrayList<>();
    try (KeyValueIterator<String, io.vigil.events.v1.Analysis> it = analyses.all()) {
      while (it.hasNext()) {
        var kv = it.next();
        if (kv.key.equals(key)) {
          continue;
        }
        Analysis a = core(kv.key, kv.value);
        if (a != null) {
          out.add(a);
        }
      }
    }
    if (replacement != null) {
      out.add(replacement);
    }
    return out;
  }

  /** The policy of the file and the task's documents, with {@code name} replaced (or deleted). */
  private Policy policy(String name, PolicyDocument replacement) {
    SortedMap<String, PolicyDocument> docs = new TreeMap<>();
    try (KeyValueIterator<String, PolicyDocument> it = policies.all()) {
      it.forEachRemaining(kv -> docs.put(kv.key, kv.value));
    }
    if (name != null) {
      if (replacement == DELETED) {
        docs.remove(name);
      } else {
        docs.put(name, replacement);
      }
    }
    return PolicyDocuments.policy(settings.fileRules(), docs);
  }

  private static Analysis core(String key, io.vigil.events.v1.Analysis a) {
    try {
      return AnalysisAvro.fromAvro(key, a);
    } catch (RuntimeException e) {
      return null; // checked before the broadcast; unreadable by this version: not applied
    }
  }

  private static boolean concerns(Analysis a, ExposureRef ref) {
    return a != null && AnalysisResolver.concerns(a, ref, null);
  }

  /** The ids of the exposure's alias group among its shard's advisories (cached per shard). */
  private Collection<String> groupIds(ExposureEvent e, Map<String, Collection<String>> cache) {
    String pkg = PackageKeys.ofComponent(e.getComponent());
    if (pkg == null) {
      return List.of();
    }
    String shardKey = StoreKeys.shardKey(pkg, e.getProjectId(), settings.shards());
    String id = e.getAdvisory().getId();
    return cache.computeIfAbsent(
        shardKey + '\u001F' + id,
        k -> {
          List<Advisory> all = new ArrayList<>();
          try (KeyValueIterator<String, Advisory> it =
              advisories.prefixScan(StoreKeys.prefix(shardKey), KEYS)) {
            it.forEachRemaining(kv -> all.add(kv.value));
          }
          return AdvisoryGroups.of(all).group(id).ids();
        });
  }

  private void forEachExposure(java.util.function.BiConsumer<String, ExposureEvent> action) {
    try (KeyValueIterator<String, ExposureEvent> it = exposures.all()) {
      while (it.hasNext()) {
        var kv = it.next();
        action.accept(kv.key, kv.value);
      }
    }
  }

  private void apply(List<KeyValue<String, ExposureTriage.Outcome>> outcomes, long timestamp) {
    for (var kv : outcomes) {
      exposures.put(kv.key, kv.value.stored());
      expiries.stored(kv.key, kv.value.stored());
      dues.stored(kv.key, null, kv.value.stored());
      ExposureEvent e = kv.value.emitted();
      if (e != null) {
        context.forward(new Record<>(e.getProjectId(), e, timestamp));
      }
    }
  }
}
