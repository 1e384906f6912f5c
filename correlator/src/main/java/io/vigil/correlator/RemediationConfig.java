package io.vigil.correlator;

import io.vigil.core.remediation.SlaPolicy;

/**
 * Remediation targets (config section {@code correlator.remediation}): how many days after an
 * exposure was first seen it is due, by severity and SSVC outcome; every field optional, defaults
 * as core's {@link SlaPolicy#DEFAULTS}. The due date is the soonest of the severity's target, the
 * SSVC outcome's (Act, Attend; 0 turns it off) and, for a vulnerability in CISA KEV, the catalog's
 * {@code dueDate} (end of that day, UTC) when {@code kevDueDate}.
 *
 * @param criticalDays default 7
 * @param highDays default 30
 * @param mediumDays default 90
 * @param lowDays default 180
 * @param unratedDays not rated or NONE; default 180
 * @param actDays SSVC Act; default 7
 * @param attendDays SSVC Attend; default 30
 * @param kevDueDate use KEV's due date when earlier; default true
 */
public record RemediationConfig(
    Integer criticalDays,
    Integer highDays,
    Integer mediumDays,
    Integer lowDays,
    Integer unratedDays,
    Integer actDays,
    Integer attendDays,
    Boolean kevDueDate) {

  public static final RemediationConfig DEFAULTS =
      new RemediationConfig(null, null, null, null, null, null, null, null);

  public RemediationConfig {
    policy(
        criticalDays, highDays, mediumDays, lowDays, unratedDays, actDays, attendDays, kevDueDate);
  }

  /** Core's policy (a bad value fails here, naming the key). */
  public SlaPolicy policy() {
    return policy(
        criticalDays, highDays, mediumDays, lowDays, unratedDays, actDays, attendDays, kevDueDate);
  }

  private static SlaPolicy policy(
      Integer critical,
      Integer high,
      Integer medium,
      Integer low,
      Integer unrated,
      Integer act,
      Integer attend,
      Boolean kev) {
    SlaPolicy d = SlaPolicy.DEFAULTS;
    try {
      return new SlaPolicy(
          critical == null ? d.criticalDays() : critical,
          high == null ? d.highDays() : high,
          medium == null ? d.mediumDays() : medium,
          low == null ? d.lowDays() : low,
          unrated == null ? d.unratedDays() : unrated,
          act == null ? d.actDays() : act,
          attend == null ? d.attendDays() : attend,
          kev == null ? d.kevDueDate() : kev);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("correlator." + e.getMessage(), e);
    }
  }
}
