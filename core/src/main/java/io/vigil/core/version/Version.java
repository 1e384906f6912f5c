package io.vigil.core.version;

/**
 * One version string parsed by the {@link VersionScheme} of its ecosystem.
 *
 * <p>A version is either valid, and then totally preordered against every other valid version of
 * the same scheme by {@link #compareTo}, or invalid with a {@link #invalidReason() reason}. Invalid
 * versions are never ordered: {@code compareTo} throws rather than guess, so callers must check
 * {@link #isValid()} first (the matcher turns an invalid version into an INDETERMINATE result).
 *
 * <p>Instances are immutable and thread-safe; parse once and compare many times.
 */
public abstract class Version implements Comparable<Version> {
  private final String raw;

  protected Version(String raw) {
    this.raw = raw;
  }

  /** The string exactly as given to {@link VersionScheme#parse}. */
  public final String raw() {
    return raw;
  }

  /** The scheme that parsed this version. */
  public abstract VersionScheme scheme();

  public boolean isValid() {
    return true;
  }

  /** Why this is not a version of its ecosystem, or null when it is valid. */
  public String invalidReason() {
    return null;
  }

  /**
   * A note on a version that the ecosystem's own tool orders although it breaks the ecosystem's
   * grammar (a PyPI legacy version, an apk version {@code apk version -t} still accepts), or null.
   */
  public String note() {
    return null;
  }

  /**
   * Ecosystem order: negative, zero or positive. Both versions must be valid and of the same
   * scheme.
   *
   * @throws IllegalArgumentException when either version is invalid or the schemes differ
   */
  @Override
  public final int compareTo(Version other) {
    if (!isValid() || !other.isValid()) {
      Version bad = isValid() ? other : this;
      throw new IllegalArgumentException(
          "cannot order invalid "
              + bad.scheme().name()
              + " version '"
              + bad.raw()
              + "': "
              + bad.invalidReason());
    }
    if (other.scheme() != scheme()) {
      throw new IllegalArgumentException(
          "cannot order a "
              + scheme().name()
              + " version against a "
              + other.scheme().name()
              + " version");
    }
    return Integer.signum(compareValid(other));
  }

  /** Compares two valid versions of this scheme; {@code other} has this version's class. */
  protected abstract int compareValid(Version other);

  /** Equality is ecosystem equality's cheap cousin: same scheme and same raw string. */
  @Override
  public final boolean equals(Object o) {
    return o instanceof Version v && v.scheme() == scheme() && v.raw.equals(raw);
  }

  @Override
  public final int hashCode() {
    return raw.hashCode();
  }

  @Override
  public String toString() {
    return raw;
  }
}
