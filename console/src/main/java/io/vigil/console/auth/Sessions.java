package io.vigil.console.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.platform.config.Secret;
import io.vigil.platform.http.Role;
import io.vigil.platform.http.Roles;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Logins and sessions without server-side state, so any console instance serves any user: a session
 * is a cookie holding the key's <em>name</em>, a fingerprint of the key (an HMAC of it, so a
 * rotated or removed key ends its sessions at once), the expiry and a random CSRF token, signed
 * with HMAC-SHA256 under {@code console.sessionSecret}. The roles are looked up on every request
 * (platform's {@code http.roles}, the one role model of every service), so a changed role applies
 * at once. The key itself is never stored, rendered or logged.
 *
 * <p>CSRF: the synchronizer token pattern, with the token kept in the signed session: every form
 * carries it and every POST must send it back ({@link #csrfMatches}). The login form, before any
 * session, gets its own short-lived signed token cookie ({@link #loginToken()}).
 */
public final class Sessions {
  public static final String SESSION_COOKIE = "vigil_session";
  public static final String LOGIN_COOKIE = "vigil_login";
  static final Duration LOGIN_FORM_TTL = Duration.ofMinutes(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] secret;
  private final Map<String, Secret> keys;
  private final Roles roles;
  private final Duration ttl;
  private final Clock clock;

  /**
   * @param sessionSecret signs cookies; null: a random secret for this process
   * @param keys the API keys that may log in ({@code http.apiKeys}); empty: no login (open mode,
   *     every visitor reads)
   */
  public Sessions(
      Secret sessionSecret, Map<String, Secret> keys, Roles roles, Duration ttl, Clock clock) {
    this.secret =
        sessionSecret == null
            ? randomBytes(32)
            : sessionSecret.reveal().getBytes(StandardCharsets.UTF_8);
    this.keys = new TreeMap<>(keys);
    this.roles = roles == null ? Roles.none() : roles;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** Whether users must log in (some API key is configured). */
  public boolean loginRequired() {
    return !keys.isEmpty();
  }

  /**
   * The session of a visitor when no key is configured: read only (a decision needs a name for its
   * audit trail).
   */
  public Session open() {
    return new Session(null, EnumSet.of(Role.READ), Instant.MAX, hmac("open-csrf"));
  }

  /**
   * Checks an API key typed into the login form, in constant time against every key: the new
   * session's cookie value, or empty when the key is not one of {@code http.apiKeys}.
   */
  public Optional<String> login(String presentedKey) {
    if (presentedKey == null || presentedKey.isEmpty()) {
      return Optional.empty();
    }
    byte[] p = presentedKey.getBytes(StandardCharsets.UTF_8);
    String match = null;
    for (var e : keys.entrySet()) {
      if (MessageDigest.isEqual(p, e.getValue().reveal().getBytes(StandardCharsets.UTF_8))) {
        match = e.getKey();
      }
    }
    if (match == null) {
      return Optional.empty();
    }
    ObjectNode payload = JSON.createObjectNode();
    payload.put("k", match);
    payload.put("f", fingerprint(keys.get(match)));
    payload.put("e", clock.instant().plus(ttl).getEpochSecond());
    payload.put("c", token());
    return Optional.of(sign(payload));
  }

  /** The session a cookie value stands for, or empty (absent, forged, expired, key gone). */
  public Optional<Session> session(String cookieValue) {
    Optional<JsonNode> payload = verify(cookieValue);
    if (payload.isEmpty()) {
      return Optional.empty();
    }
    JsonNode p = payload.get();
    String name = p.path("k").asText(null);
    Secret key = name == null ? null : keys.get(name);
    if (key == null
        || !MessageDigest.isEqual(bytes(fingerprint(key)), bytes(p.path("f").asText()))) {
      return Optional.empty();
    }
    return Optional.of(
        new Session(
            name,
            roles.rolesOf(name),
            Instant.ofEpochSecond(p.path("e").asLong()),
            p.path("c").asText()));
  }

  /** A signed token cookie for the login form (CSRF before any session) and the token itself. */
  public String[] loginToken() {
    String token = token();
    ObjectNode payload = JSON.createObjectNode();
    payload.put("l", token);
    payload.put("e", clock.instant().plus(LOGIN_FORM_TTL).getEpochSecond());
    return new String[] {sign(payload), token};
  }

  /** Whether the login form's posted token is the one its cookie carries. */
  public boolean loginTokenMatches(String cookieValue, String posted) {
    return verify(cookieValue)
        .map(p -> p.path("l").asText(""))
        .filter(t -> !t.isEmpty())
        .map(t -> csrfMatches(t, posted))
        .orElse(false);
  }

  /** Constant-time comparison of a session's CSRF token with the one a request sent. */
  public static boolean csrfMatches(String expected, String posted) {
    return expected != null
        && posted != null
        && MessageDigest.isEqual(bytes(expected), bytes(posted));
  }

  public Duration ttl() {
    return ttl;
  }

  private Optional<JsonNode> verify(String cookieValue) {
    if (cookieValue == null) {
      return Optional.empty();
    }
    int dot = cookieValue.indexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    String body = cookieValue.substring(0, dot);
    String sig = cookieValue.substring(dot + 1);
    if (!MessageDigest.isEqual(bytes(hmac(body)), bytes(sig))) {
      return Optional.empty();
    }
    try {
      JsonNode p = JSON.readTree(Base64.getUrlDecoder().decode(body));
      if (p.path("e").asLong() < clock.instant().getEpochSecond()) {
        return Optional.empty();
      }
      return Optional.of(p);
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private String sign(ObjectNode payload) {
    String body =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8));
    return body + "." + hmac(body);
  }

  private String fingerprint(Secret key) {
    return hmac("key:" + key.reveal()).substring(0, 22);
  }

  private String hmac(String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static String token() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(24));
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
