package io.vigil.console.auth;

import io.vigil.platform.http.Role;
import java.time.Instant;
import java.util.Set;

/**
 * A logged-in user: the name of the API key they logged in with (never the key), what it may do
 * (platform's {@code http.roles}, looked up per request), when the session ends, and the session's
 * CSRF token (every form posts it back).
 */
public record Session(String keyName, Set<Role> roles, Instant expires, String csrfToken) {
  public Session {
    roles = Set.copyOf(roles);
  }

  /** May record triage decisions ({@code triage} or {@code admin} under {@code http.roles}). */
  public boolean canTriage() {
    return keyName != null && roles.contains(Role.TRIAGE);
  }

  @Override
  public String toString() {
    return "Session[" + keyName + ", " + roles + ", until " + expires + "]";
  }
}
