package io.vigil.console.auth;

import java.util.Locale;
import java.util.Map;

/** What a logged-in key may do: read every page, or also triage (issue 15's decisions). */
public enum Role {
  READ,
  TRIAGE;

  /** The role of a key name under {@code console.roles}; a key not listed reads. */
  public static Role of(String keyName, Map<String, String> roles) {
    String r = keyName == null ? null : roles.get(keyName);
    return r != null && r.toLowerCase(Locale.ROOT).equals("triage") ? TRIAGE : READ;
  }

  public boolean canTriage() {
    return this == TRIAGE;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
