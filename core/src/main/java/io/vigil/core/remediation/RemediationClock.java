package io.vigil.core.remediation;

import java.time.Duration;
import java.time.Instant;

/**
 * One exposure's remediation clock (issue 16 item 5): first seen, due, and when it ended. Pure.
 *
 * @param firstSeen when the exposure was first seen (its opening event's trigger)
 * @param due when it must be fixed ({@link SlaPolicy#dueAt})
 * @param resolvedAt when it ended, or null while open
 * @param fixed true when it ended because the component was upgraded or removed (not because an
 *     advisory was withdrawn or its ranges changed)
 */
public record RemediationClock(
    Instant firstSeen, SlaPolicy.Due due, Instant resolvedAt, boolean fixed) {

  public static RemediationClock open(Instant firstSeen, SlaPolicy.Due due) {
    return new RemediationClock(firstSeen, due, null, false);
  }

  public boolean isOpen() {
    return resolvedAt == null;
  }

  /** How long it was (or, while open, has been) exposed; zero when the clocks disagree. */
  public Duration exposedFor(Instant now) {
    Instant end = resolvedAt == null ? now : resolvedAt;
    return end.isBefore(firstSeen) ? Duration.ZERO : Duration.between(firstSeen, end);
  }

  /** Time to fix: how long a fixed exposure was exposed; null when open or not fixed. */
  public Duration timeToFix() {
    return fixed && resolvedAt != null ? exposedFor(resolvedAt) : null;
  }

  /** Open past its due date at {@code now}. */
  public boolean overdue(Instant now) {
    return resolvedAt == null && now.isAfter(due.at());
  }

  /** How far past due: at {@code now} while open, at its end once resolved; zero when in time. */
  public Duration lateBy(Instant now) {
    Instant end = resolvedAt == null ? now : resolvedAt;
    return end.isAfter(due.at()) ? Duration.between(due.at(), end) : Duration.ZERO;
  }

  /** Fixed by its due date. */
  public boolean fixedInTime() {
    return fixed && resolvedAt != null && !resolvedAt.isAfter(due.at());
  }
}
