/**
 * Remediation clocks (issue 16 item 5): due dates from a policy per severity and SSVC outcome,
 * KEV's own due date when earlier ({@link io.vigil.core.remediation.SlaPolicy}), and an exposure's
 * clock: first seen, exposed for, time to fix, overdue ({@link
 * io.vigil.core.remediation.RemediationClock}).
 */
package io.vigil.core.remediation;
