package io.vigil.platform.http;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one role model of every service's API and of the console: API key name → {@link Role}s
 * (config {@code http.roles}).
 *
 * <pre>
 * http:
 *   apiKeys: {ci: ..., oncall: ..., auditor: ..., console: ...}
 *   roles:
 *     ci: [upload]                       # uploads SBOMs, reads nothing
 *     oncall: [read, triage]             # reads and triages
 *     auditor: [read]                    # reads only: cannot triage, cannot upload
 *     console: [read, triage, delegate]  # the console's key: records its users' decisions
 * </pre>
 *
 * <b>Defaults keep what keys could do before roles existed:</b> a key not listed has {@link
 * #DEFAULT} ({@code read} and {@code upload}); triage needs {@code triage} (or {@code admin}). A
 * request without any key (no key configured: the trusted-network mode) may do everything — the
 * console stays read-only then, since its decisions need a name for the audit trail. {@code admin}
 * implies every role.
 */
public final class Roles {
  /** What a key not listed under {@code http.roles} may do. */
  public static final Set<Role> DEFAULT = EnumSet.of(Role.READ, Role.UPLOAD);

  private static final Roles NONE = new Roles(Map.of());

  private final Map<String, Set<Role>> byKey;

  private Roles(Map<String, Set<Role>> byKey) {
    this.byKey = Map.copyOf(byKey);
  }

  /** No role configured: every key has the defaults. */
  public static Roles none() {
    return NONE;
  }

  /**
   * Reads {@code http.roles} (key name → role labels).
   *
   * @throws IllegalArgumentException naming the key and the label that is not a role, or a key
   *     listed with no role
   */
  public static Roles of(Map<String, ? extends Collection<String>> config) {
    if (config == null || config.isEmpty()) {
      return NONE;
    }
    Map<String, Set<Role>> out = new LinkedHashMap<>();
    for (var e : config.entrySet()) {
      Set<Role> roles = EnumSet.noneOf(Role.class);
      Collection<String> labels = e.getValue() == null ? List.of() : e.getValue();
      for (String label : labels) {
        roles.add(
            Role.fromLabel(label)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "http.roles."
                                + e.getKey()
                                + ": '"
                                + label
                                + "' is not a role (read, upload, triage, delegate, admin)")));
      }
      if (roles.isEmpty()) {
        throw new IllegalArgumentException(
            "http.roles." + e.getKey() + ": list at least one role (read, upload, triage, ...)");
      }
      out.put(e.getKey(), roles);
    }
    return new Roles(out);
  }

  /** The config file's {@code http.roles} mapping (Jackson binds it here). */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static Roles fromConfig(Map<String, List<String>> config) {
    return of(config);
  }

  /** These roles plus {@code more} (for keys not yet listed); a listed key keeps its own. */
  public Roles withDefaultsFor(Map<String, Set<Role>> more) {
    Map<String, Set<Role>> out = new LinkedHashMap<>(more);
    out.putAll(byKey);
    return new Roles(out);
  }

  /**
   * The roles of a key: its listed ones ({@code admin} expanded to all), else {@link #DEFAULT}; a
   * null name (no key configured: trusted network) has every role.
   */
  public Set<Role> rolesOf(String keyName) {
    if (keyName == null) {
      return EnumSet.allOf(Role.class);
    }
    Set<Role> listed = byKey.get(keyName);
    if (listed == null) {
      return EnumSet.copyOf(DEFAULT);
    }
    return listed.contains(Role.ADMIN) ? EnumSet.allOf(Role.class) : EnumSet.copyOf(listed);
  }

  /** May the key (null: no key configured) act in {@code role}? */
  public boolean allows(String keyName, Role role) {
    return rolesOf(keyName).contains(role);
  }

  /**
   * @throws HttpError 403 naming the key and the role it lacks
   */
  public void require(String keyName, Role role) {
    if (!allows(keyName, role)) {
      throw forbidden(keyName, role);
    }
  }

  /** The 403 for a key lacking a role: names the key and the role, never the key's value. */
  public static HttpError forbidden(String keyName, Role role) {
    return new HttpError(
        403,
        "forbidden",
        "the API key '"
            + keyName
            + "' may not do this: it needs the role '"
            + role.label()
            + "' (http.roles)");
  }

  /** The key names with listed roles (for logs: names only). */
  public List<String> listed() {
    return new ArrayList<>(byKey.keySet());
  }

  @Override
  public String toString() {
    return "Roles" + byKey;
  }
}
