package io.vigil.platform.http;

import java.util.Locale;
import java.util.Optional;

/**
 * What an API key may do, on every service (config {@code http.roles}, see {@link Roles}).
 *
 * <ul>
 *   <li>{@link #READ}: every read route (queries, findings, statuses, decisions, VEX export, the
 *       console's pages);
 *   <li>{@link #UPLOAD}: submit SBOMs (and every write route that names no other role);
 *   <li>{@link #TRIAGE}: record, change and delete triage decisions, import VEX;
 *   <li>{@link #DELEGATE}: record a decision in the name of another principal (the console's own
 *       key, recording what its logged-in user decided); implies nothing else;
 *   <li>{@link #ADMIN}: everything above.
 * </ul>
 */
public enum Role {
  READ,
  UPLOAD,
  TRIAGE,
  DELEGATE,
  ADMIN;

  /** The lower-case name used in the config file: {@code triage}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role of a label in any case, or empty. */
  public static Optional<Role> fromLabel(String label) {
    if (label == null) {
      return Optional.empty();
    }
    String v = label.strip().toUpperCase(Locale.ROOT);
    for (Role r : values()) {
      if (r.name().equals(v)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
