package io.vigil.console.auth;

import java.time.Instant;

/**
 * A logged-in user: the name of the API key they logged in with (never the key), its role, when the
 * session ends, and the session's CSRF token (every form posts it back).
 */
public record Session(String keyName, Role role, Instant expires, String csrfToken) {
  @Override
  public String toString() {
    return "Session[" + keyName + ", " + role + ", until " + expires + "]";
  }
}
