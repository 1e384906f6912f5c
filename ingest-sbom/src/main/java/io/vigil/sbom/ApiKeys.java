package io.vigil.sbom;

import io.vigil.platform.http.HttpError;
import io.vigil.platform.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * API key authentication ({@code X-Api-Key}, as Dependency-Track, or {@code Authorization: Bearer},
 * as the service-wide {@code http.apiKeys}) with per-key project scope. No configured key means the
 * API is open. Keys are compared in constant time and never logged.
 */
public final class ApiKeys {
  public static final String HEADER = "X-Api-Key";

  private final List<IngestSbomConfig.ApiKey> keys;

  public ApiKeys(List<IngestSbomConfig.ApiKey> keys) {
    this.keys = List.copyOf(keys);
  }

  public boolean enabled() {
    return !keys.isEmpty();
  }

  /**
   * The key the request presents; null when authentication is off.
   *
   * @throws HttpError 401 when keys are configured and the request has none or an unknown one
   */
  public IngestSbomConfig.ApiKey authenticate(HttpRequest request) {
    if (keys.isEmpty()) {
      return null;
    }
    String presented = request.header(HEADER);
    String authorization = request.header("Authorization");
    if ((presented == null || presented.isBlank())
        && authorization != null
        && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      presented = authorization.substring(7);
    }
    if (presented == null || presented.isBlank()) {
      throw new HttpError(
          401,
          "unauthorized",
          "an API key is required (header " + HEADER + " or Authorization: Bearer)");
    }
    byte[] p = presented.strip().getBytes(StandardCharsets.UTF_8);
    IngestSbomConfig.ApiKey match = null;
    for (IngestSbomConfig.ApiKey k : keys) {
      // every key is compared, whatever matched, so timing does not tell which keys exist
      if (MessageDigest.isEqual(p, k.key().reveal().getBytes(StandardCharsets.UTF_8))) {
        match = k;
      }
    }
    if (match == null) {
      throw new HttpError(401, "unauthorized", "the API key is not valid");
    }
    return match;
  }

  /**
   * @throws HttpError 403 when the key may not act on the project
   */
  public static void authorize(IngestSbomConfig.ApiKey key, String project) {
    if (key != null && !key.allows(project)) {
      throw new HttpError(
          403,
          "forbidden",
          "the API key '" + key.name() + "' may not submit to or read project '" + project + "'");
    }
  }
}
