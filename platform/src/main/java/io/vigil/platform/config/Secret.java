package io.vigil.platform.config;

import java.util.Objects;

/**
 * A secret value (token, password, webhook URL). Its {@link #toString()} never reveals it, so it
 * cannot leak into logs, exception messages or metric labels by accident; call {@link #reveal()}
 * only where the value is sent to its destination.
 */
public final class Secret {
  private final String value;
  private final String source;

  private Secret(String value, String source) {
    this.value = Objects.requireNonNull(value);
    this.source = source;
  }

  public static Secret of(String value) {
    return new Secret(value, "inline");
  }

  static Secret of(String value, String source) {
    return new Secret(value, source);
  }

  public String reveal() {
    return value;
  }

  /** Where it came from ({@code env:NAME}, {@code file:/path}, {@code inline}), safe to log. */
  public String source() {
    return source;
  }

  public boolean isBlank() {
    return value.isBlank();
  }

  @Override
  public String toString() {
    return "Secret[" + source + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
