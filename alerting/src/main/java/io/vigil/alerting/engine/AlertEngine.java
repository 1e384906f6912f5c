package io.vigil.alerting.engine;

import io.vigil.alerting.ChannelConfig;
import io.vigil.alerting.RouteConfig;
import io.vigil.alerting.Severities;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The noise-control and idempotence core of alerting, pure and single-threaded (the consumer thread
 * owns it): exposure events in, alerts out.
 *
 * <ul>
 *   <li><b>Groups.</b> Each channel keeps one state per (vulnerability, project): the open
 *       exposures of that project to that vulnerability. Aliases share the canonical {@code
 *       vulnerabilityId}, so a GHSA and its CVE are one group and alert once; a group alerts when
 *       it opens, gains components, escalates or resolves (a diff of its state, so a NEW followed
 *       by its RESOLVED within the window says nothing).
 *   <li><b>Bursts.</b> Changed groups wait in a batch: on chat channels one per vulnerability (a
 *       digest listing the projects) or, for a project's first SBOM, one per project (a summary);
 *       on Jira one per group (one issue). RESOLVED exposures whose component an SBOM update
 *       removed wait in one batch per channel, whatever their vulnerability and project, so an
 *       upgrade that ends five vulnerabilities is one message, not five. A batch becomes an {@link
 *       Alert} when no event joined it for the quiet period, or the window since its first event
 *       has passed.
 *   <li><b>Malicious packages.</b> An exposure to a malicious package ({@code malicious}: an OSV
 *       {@code MAL-} record) is never summarised with a first SBOM nor digested with other
 *       vulnerabilities: on chat channels it is a batch of its own ({@link Alert.Kind#MALICIOUS},
 *       one per package record), and any batch it joins is due at once, whatever the quiet period
 *       and window.
 *   <li><b>Overdue.</b> An {@code OVERDUE} event (the correlator's, once per exposure past its due
 *       date) tells {@link Change#OVERDUE} for its group: on chat channels in one batch per team of
 *       the project ({@link Alert.Kind#OVERDUE}, the per-team summary of what went overdue in the
 *       burst), on Jira as a comment on the group's issue. It leaves the open set as it is.
 *   <li><b>Replays.</b> A group remembers the exposures-topic offset of its last applied event (all
 *       events of a project are on one partition, keyed by project id), so an event at or below it,
 *       seen again after a restart or a replay from the start, is skipped.
 * </ul>
 */
public final class AlertEngine {

  /** What became of one event. */
  public record Accepted(List<String> joined, List<String> replayed) {
    /** Number of alert units the event joined (the deliveries its offset waits for). */
    public int units() {
      return joined.size();
    }
  }

  private record BatchId(String channel, String key) {}

  /** The batch of a chat channel's RESOLVED groups whose last component an SBOM removed. */
  private static final String RESOLUTIONS = "RESOLUTIONS";

  /** The prefix of a chat channel's batch of one team's overdue exposures. */
  private static final String OVERDUE = "OVERDUE|";

  /** The prefix of a chat channel's batch of one malicious-package record's exposures. */
  private static final String MALICIOUS = "MALICIOUS|";

  private static final class PendingUnit {
    final GroupKey key;
    final GroupState before;
    GroupState after;
    boolean routed;
    boolean escalated;
    boolean overdue;
    final List<ExposureEvent> events = new ArrayList<>();
    final List<Source> sources = new ArrayList<>();
    final Batch batch;

    PendingUnit(GroupKey key, GroupState before, Batch batch) {
      this.key = key;
      this.before = before;
      this.batch = batch;
    }
  }

  private static final class Batch {
    final BatchId id;
    final Alert.Kind kind;
    final Map<GroupKey, PendingUnit> units = new LinkedHashMap<>();
    final Instant first;
    Instant last;
    boolean urgent;

    Batch(BatchId id, Alert.Kind kind, Instant now) {
      this.id = id;
      this.kind = kind;
      this.first = now;
      this.last = now;
    }
  }

  private final Map<String, ChannelConfig> channels;
  private final Routing routing;
  private final Duration window;
  private final Duration quiet;
  private final Map<GroupKey, GroupState> states = new HashMap<>();
  private final Map<String, Integer> openGroups = new HashMap<>();
  private final Map<GroupKey, PendingUnit> pending = new HashMap<>();
  private final Map<BatchId, Batch> batches = new LinkedHashMap<>();

  public AlertEngine(
      Map<String, ChannelConfig> channels,
      List<RouteConfig> routes,
      Duration window,
      Duration quiet) {
    this.channels = new LinkedHashMap<>(channels);
    this.routing = new Routing(routes);
    this.window = window;
    this.quiet = quiet;
  }

  /** Restores group states read back from the delivery log (before any event). */
  public void load(Collection<GroupState> loaded) {
    for (GroupState s : loaded) {
      if (!channels.containsKey(s.key().channel())) {
        continue; // a channel that is no longer configured
      }
      GroupState old = states.put(s.key(), s);
      countOpen(s.key(), old, s);
    }
  }

  /** Number of groups known (for metrics). */
  public int groups() {
    return states.size();
  }

  /** The state of a group, or null. */
  public GroupState state(GroupKey key) {
    return states.get(key);
  }

  /**
   * Applies one event: joins it to the pending alert of its group on every channel it is routed to
   * (or whose group it changes).
   */
  public Accepted accept(ExposureEvent e, int partition, long offset, Instant now) {
    Set<String> routed = routing.channels(e);
    List<String> joined = new ArrayList<>();
    List<String> replayed = new ArrayList<>();
    for (var entry : channels.entrySet()) {
      String channel = entry.getKey();
      ChannelConfig cfg = entry.getValue();
      boolean malicious = e.getMalicious();
      boolean inventory =
          !malicious
              && e.getInitialInventory()
              && e.getCause() == ExposureCause.NEW_COMPONENT
              && e.getType() == ExposureType.NEW;
      boolean removed =
          e.getType() == ExposureType.RESOLVED && e.getCause() == ExposureCause.COMPONENT_REMOVED;
      boolean overdue = e.getType() == ExposureType.OVERDUE;
      String inventoryMode = cfg.effectiveInitialInventory();
      // SUPPRESSED only keeps the group's state right (the exposure stops counting): it is never
      // told, nor is a suppression born with the exposure (no state to change)
      boolean isRouted =
          routed.contains(channel)
              && !(inventory && inventoryMode.equals("skip"))
              && e.getType() != ExposureType.SUPPRESSED;
      GroupKey key = new GroupKey(channel, e.getAdvisory().getVulnerabilityId(), e.getProjectId());
      GroupState state = states.get(key);
      if (!isRouted && state == null) {
        continue;
      }
      if (state != null && state.hasApplied(partition, offset)) {
        replayed.add(channel);
        continue;
      }
      GroupState before = state != null ? state : GroupState.empty(key, cfg.type());
      GroupState after = before.apply(e, partition, offset, now);
      states.put(key, after);
      countOpen(key, before, after);

      PendingUnit unit = pending.get(key);
      Batch batch;
      if (unit == null) {
        BatchId id =
            new BatchId(
                channel,
                overdue && cfg.isChat() && !malicious
                    ? OVERDUE + GroupKey.escape(teamOf(e))
                    : batchKey(
                        cfg,
                        key,
                        inventory && inventoryMode.equals("summary"),
                        removed,
                        malicious));
        batch = batches.computeIfAbsent(id, i -> new Batch(i, kindOf(cfg, i.key()), now));
        unit = new PendingUnit(key, before, batch);
        batch.units.put(key, unit);
        pending.put(key, unit);
      } else {
        batch = unit.batch;
      }
      unit.after = after;
      unit.events.add(e);
      unit.sources.add(new Source(partition, offset));
      if (isRouted) {
        unit.routed = true;
        if (e.getType() == ExposureType.UPDATED && escalates(e)) {
          unit.escalated = true;
        }
        if (overdue) {
          unit.overdue = true;
        }
      }
      batch.last = now;
      if (malicious && isRouted) {
        batch.urgent = true;
      }
      joined.add(channel);
    }
    return new Accepted(joined, replayed);
  }

  /** Alerts whose burst is over (quiet period or window elapsed), oldest first. */
  public List<Alert> flushDue(Instant now) {
    List<Alert> out = new ArrayList<>();
    for (Iterator<Batch> it = batches.values().iterator(); it.hasNext(); ) {
      Batch b = it.next();
      ChannelConfig cfg = channels.get(b.id.channel());
      Duration q = cfg.quietPeriod() != null ? cfg.quietPeriod() : quiet;
      Duration w = cfg.digestWindow() != null ? cfg.digestWindow() : window;
      if (b.urgent || !now.isBefore(b.last.plus(q)) || !now.isBefore(b.first.plus(w))) {
        it.remove();
        out.add(freeze(b, now));
      }
    }
    return out;
  }

  /** Every pending alert now (shutdown, rebalance, replay). */
  public List<Alert> flushAll(Instant now) {
    List<Alert> out = new ArrayList<>();
    for (Batch b : batches.values()) {
      out.add(freeze(b, now));
    }
    batches.clear();
    return out;
  }

  public boolean hasPending() {
    return !batches.isEmpty();
  }

  /**
   * Records the outcome of a delivered (or dead-lettered) alert: the target's ids of its groups.
   */
  public void completed(Map<GroupKey, String> externalIds) {
    externalIds.forEach(
        (k, ext) -> {
          GroupState s = states.get(k);
          if (s != null && ext != null && !ext.equals(s.externalId())) {
            states.put(k, s.withExternalId(ext));
          }
        });
  }

  /**
   * Forgets resolved groups last touched before {@code now - retention} (nothing pending); returns
   * their keys so the delivery log can drop them too.
   */
  public List<GroupKey> expire(Instant now, Duration retention) {
    Instant cutoff = now.minus(retention);
    List<GroupKey> out = new ArrayList<>();
    for (Iterator<GroupState> it = states.values().iterator(); it.hasNext(); ) {
      GroupState s = it.next();
      if (!s.isOpen()
          && !pending.containsKey(s.key())
          && s.updatedAt() != null
          && s.updatedAt().isBefore(cutoff)) {
        it.remove();
        out.add(s.key());
      }
    }
    return out;
  }

  private Alert freeze(Batch b, Instant now) {
    ChannelConfig cfg = channels.get(b.id.channel());
    List<AlertUnit> units = new ArrayList<>();
    for (PendingUnit u : b.units.values()) {
      pending.remove(u.key);
      Change change = AlertUnit.diff(u.before, u.after, u.escalated);
      if (u.overdue && overdueOnly(change, u.events)) {
        change = Change.OVERDUE;
      }
      units.add(
          new AlertUnit(
              u.key, change, u.routed, u.escalated, u.before, u.after, u.events, u.sources));
    }
    Set<String> resolved = new LinkedHashSet<>();
    if (b.kind == Alert.Kind.DIGEST || b.kind == Alert.Kind.RESOLUTIONS) {
      for (AlertUnit u : units) {
        String v = u.key().vulnerabilityId();
        if (u.change() == Change.RESOLVED
            && u.tells()
            && openGroups.getOrDefault(vulnKey(b.id.channel(), v), 0) == 0) {
          resolved.add(v);
        }
      }
    }
    return new Alert(
        b.id.channel(),
        cfg.type(),
        b.kind,
        b.id.key(),
        deliveryId(b.id, units),
        units,
        List.copyOf(resolved),
        now);
  }

  /**
   * Whether a unit with a routed OVERDUE event tells OVERDUE: nothing else changed, or the group
   * opened on this channel by OVERDUE events alone (a route that matches OVERDUE only).
   */
  private static boolean overdueOnly(Change diff, List<ExposureEvent> events) {
    return diff == Change.NONE
        || (diff == Change.OPENED
            && events.stream().allMatch(e -> e.getType() == ExposureType.OVERDUE));
  }

  /** The team of an exposure's project ("" when unknown). */
  static String teamOf(ExposureEvent e) {
    var c = e.getProjectContext();
    return c == null || c.getTeam() == null ? "" : c.getTeam();
  }

  private static String batchKey(
      ChannelConfig cfg,
      GroupKey key,
      boolean inventorySummary,
      boolean removed,
      boolean malicious) {
    if (!cfg.isChat()) {
      return "ISSUE|" + key.alertKey();
    }
    if (malicious) {
      return MALICIOUS + GroupKey.escape(key.vulnerabilityId());
    }
    if (inventorySummary) {
      return "INVENTORY|" + GroupKey.escape(key.projectId());
    }
    if (removed) {
      return RESOLUTIONS;
    }
    return "DIGEST|" + GroupKey.escape(key.vulnerabilityId());
  }

  private static Alert.Kind kindOf(ChannelConfig cfg, String batchKey) {
    if (!cfg.isChat()) {
      return Alert.Kind.ISSUE;
    }
    if (batchKey.equals(RESOLUTIONS)) {
      return Alert.Kind.RESOLUTIONS;
    }
    if (batchKey.startsWith(MALICIOUS)) {
      return Alert.Kind.MALICIOUS;
    }
    if (batchKey.startsWith(OVERDUE)) {
      return Alert.Kind.OVERDUE;
    }
    return batchKey.startsWith("INVENTORY|") ? Alert.Kind.INVENTORY : Alert.Kind.DIGEST;
  }

  private void countOpen(GroupKey key, GroupState before, GroupState after) {
    boolean was = before != null && before.isOpen();
    boolean is = after.isOpen();
    if (was != is) {
      openGroups.merge(vulnKey(key.channel(), key.vulnerabilityId()), is ? 1 : -1, Integer::sum);
    }
  }

  private static String vulnKey(String channel, String vulnerabilityId) {
    return channel + "|" + vulnerabilityId;
  }

  /**
   * An UPDATED event that makes things worse: a more urgent SSVC outcome (Attend → Act), higher
   * severity, newly in KEV, or EPSS up.
   */
  public static boolean escalates(ExposureEvent e) {
    var prev = e.getPrevious();
    if (prev == null) {
      return true;
    }
    if (e.getSsvc() != null
        && prev.getSsvcOutcome() != null
        && e.getSsvc().getOutcome().ordinal() > prev.getSsvcOutcome().ordinal()) {
      return true;
    }
    var a = e.getAdvisory();
    if (Severities.rank(a.getSeverity()) > Severities.rank(prev.getSeverity())) {
      return true;
    }
    if (e.getKev() != null && !prev.getInKev()) {
      return true;
    }
    return e.getEpss() != null
        && (prev.getEpss() == null || e.getEpss().getScore() > prev.getEpss());
  }

  /** Same channel, batch and events (by position), same id. */
  static String deliveryId(BatchId id, List<AlertUnit> units) {
    StringBuilder b = new StringBuilder(id.channel()).append('\n').append(id.key()).append('\n');
    units.stream()
        .sorted(Comparator.comparing(u -> u.key().alertKey()))
        .forEach(
            u -> {
              b.append(u.key().alertKey());
              u.sources()
                  .forEach(s -> b.append(':').append(s.partition()).append('@').append(s.offset()));
              b.append('\n');
            });
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256")
              .digest(b.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
