package io.vigil.platform.http;

import io.vigil.platform.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a request's API key ({@code X-Api-Key: KEY}, as Dependency-Track, or {@code Authorization:
 * Bearer KEY}) against the configured keys in constant time; yields the key's name, which handlers
 * may use for per-key scopes ({@link HttpRequest#apiKeyName()}).
 */
final class ApiKeys {
  private final Map<String, Secret> keys;

  ApiKeys(Map<String, Secret> keys) {
    this.keys = Map.copyOf(keys);
  }

  /** The name of the matching key, or empty. */
  Optional<String> authenticate(String xApiKey, String authorization) {
    String presented = xApiKey;
    if (presented == null
        && authorization != null
        && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      presented = authorization.substring(7).trim();
    }
    if (presented == null || presented.isEmpty()) {
      return Optional.empty();
    }
    byte[] p = presented.getBytes(StandardCharsets.UTF_8);
    String match = null;
    for (var e : keys.entrySet()) {
      // compare against every key, always: the time taken does not say which one matched
      if (MessageDigest.isEqual(p, e.getValue().reveal().getBytes(StandardCharsets.UTF_8))) {
        match = e.getKey();
      }
    }
    return Optional.ofNullable(match);
  }
}
