package io.vigil.schemas.serde;

import java.util.Map;

/**
 * Serde settings. The registry-free single-object format is the default; setting {@code
 * schema.registry.url} switches writers to the Confluent wire format. Readers accept both formats
 * whatever the setting (Confluent-framed values need the registry to be configured).
 *
 * @param format what writers produce
 * @param registryUrl base URL of a Confluent-API schema registry, or null
 * @param registryUserInfo {@code user:password} for HTTP basic auth, or null (a secret: never
 *     logged, never in {@link #toString()})
 * @param autoRegister register writer schemas on first use (else look them up and fail if absent)
 */
public record SerdeConfig(
    WireFormat format, String registryUrl, String registryUserInfo, boolean autoRegister) {

  public static final String REGISTRY_URL = "schema.registry.url";
  public static final String REGISTRY_USER_INFO = "basic.auth.user.info";
  public static final String AUTO_REGISTER = "auto.register.schemas";

  public SerdeConfig {
    if (format == WireFormat.CONFLUENT && (registryUrl == null || registryUrl.isBlank())) {
      throw new IllegalArgumentException(
          "the Confluent wire format needs " + REGISTRY_URL + " to be set");
    }
  }

  /** Registry-free single-object encoding (the default). */
  public static SerdeConfig registryFree() {
    return new SerdeConfig(WireFormat.SINGLE_OBJECT, null, null, false);
  }

  /** Confluent wire format against the registry at {@code url}, auto-registering schemas. */
  public static SerdeConfig confluent(String url) {
    return new SerdeConfig(WireFormat.CONFLUENT, url, null, true);
  }

  /**
   * From client-style properties: {@code schema.registry.url} (presence selects the Confluent
   * format), {@code basic.auth.user.info}, {@code auto.register.schemas} (default true).
   */
  public static SerdeConfig fromProperties(Map<String, ?> props) {
    Object url = props.get(REGISTRY_URL);
    if (url == null || url.toString().isBlank()) {
      return registryFree();
    }
    Object user = props.get(REGISTRY_USER_INFO);
    Object auto = props.get(AUTO_REGISTER);
    return new SerdeConfig(
        WireFormat.CONFLUENT,
        url.toString(),
        user == null ? null : user.toString(),
        auto == null || Boolean.parseBoolean(auto.toString()));
  }

  @Override
  public String toString() {
    return "SerdeConfig[format="
        + format
        + ", registryUrl="
        + registryUrl
        + ", auth="
        + (registryUserInfo == null ? "none" : "basic(***)")
        + ", autoRegister="
        + autoRegister
        + "]";
  }
}
