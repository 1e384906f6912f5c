package io.vigil.alerting.engine;

import io.vigil.events.v1.ExposureEvent;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One (project, vulnerability) group's part of an alert: the state before and after the events it
 * covers, what changed, and whether the channel's routes asked to be told.
 *
 * @param key the group (the stable alert key)
 * @param change what the alert tells about the group
 * @param routed whether a routed event contributed (unrouted events only keep the state right)
 * @param escalated whether a routed UPDATED event made it worse (severity, KEV, EPSS)
 * @param before state before the events
 * @param after state after them (persisted once the alert is delivered or dead-lettered)
 * @param events the exposure events, in order
 * @param sources their positions on the exposures topic
 */
public record AlertUnit(
    GroupKey key,
    Change change,
    boolean routed,
    boolean escalated,
    GroupState before,
    GroupState after,
    List<ExposureEvent> events,
    List<Source> sources) {

  public AlertUnit {
    events = List.copyOf(events);
    sources = List.copyOf(sources);
  }

  /** True when this unit makes the channel send something. */
  public boolean tells() {
    return routed && change != Change.NONE;
  }

  /** Components exposed now that were not before (OPENED: all of them). */
  public Set<String> newComponents() {
    Set<String> s = new LinkedHashSet<>(after.components());
    s.removeAll(before.components());
    return s;
  }

  /** The change between two states, given whether an escalation happened in between. */
  public static Change diff(GroupState before, GroupState after, boolean escalated) {
    boolean wasOpen = before.isOpen();
    boolean isOpen = after.isOpen();
    if (!wasOpen && isOpen) {
      return Change.OPENED;
    }
    if (wasOpen && !isOpen) {
      return Change.RESOLVED;
    }
    if (wasOpen) {
      Set<String> added = new LinkedHashSet<>(after.components());
      added.removeAll(before.components());
      if (!added.isEmpty()) {
        return Change.MORE_COMPONENTS;
      }
      return escalated ? Change.ESCALATED : Change.NONE;
    }
    return Change.NONE;
  }
}
