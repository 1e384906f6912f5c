package io.vigil.console.live;

/**
 * The counters the Live page shows move with each event: events seen since the console started
 * reading (its backlog included), by type (SUPPRESSED: a triage decision or policy silenced an open
 * exposure; UNSUPPRESSED: lifted, alerted as new; OVERDUE: an open exposure passed its due date),
 * NEW by severity, NEW in KEV, and the newest event's emission time (epoch ms; how far behind the
 * page is).
 */
public record LiveCounters(
    long events,
    long newExposures,
    long resolved,
    long updated,
    long newCritical,
    long newHigh,
    long newKev,
    long suppressed,
    long unsuppressed,
    long overdue,
    long lastEmittedMs) {
  public static final LiveCounters ZERO = new LiveCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  LiveCounters plus(LiveEvent e) {
    boolean isNew = e.type().equals("NEW");
    return new LiveCounters(
        events + 1,
        newExposures + (isNew ? 1 : 0),
        resolved + (e.type().equals("RESOLVED") ? 1 : 0),
        updated + (e.type().equals("UPDATED") ? 1 : 0),
        newCritical + (isNew && e.severity().equals("CRITICAL") ? 1 : 0),
        newHigh + (isNew && e.severity().equals("HIGH") ? 1 : 0),
        newKev + (isNew && e.kev() ? 1 : 0),
        suppressed + (e.type().equals("SUPPRESSED") ? 1 : 0),
        unsuppressed + (e.type().equals("UNSUPPRESSED") ? 1 : 0),
        overdue + (e.type().equals("OVERDUE") ? 1 : 0),
        Math.max(lastEmittedMs, e.emittedAt().toEpochMilli()));
  }
}
