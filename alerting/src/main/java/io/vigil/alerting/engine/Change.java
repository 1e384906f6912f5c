package io.vigil.alerting.engine;

/** What an alert tells about one (project, vulnerability) group. */
public enum Change {
  /** The project became exposed to the vulnerability (through one or more components). */
  OPENED,
  /** Still exposed, and further components of the project now are too. */
  MORE_COMPONENTS,
  /** Still exposed, and the vulnerability got worse: higher severity, added to KEV, EPSS up. */
  ESCALATED,
  /** No component of the project is exposed to it any longer. */
  RESOLVED,
  /**
   * Still exposed, past the due date of the correlator's remediation policy (an {@code OVERDUE}
   * event, emitted once per exposure).
   */
  OVERDUE,
  /** Nothing to tell (state only: an alias of an open exposure, a downgrade, ...). */
  NONE
}
