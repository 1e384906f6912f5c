package io.vigil.core.version;

/**
 * The version grammar and order of one ecosystem (or a family of ecosystems sharing one order).
 * Implementations are stateless singletons obtained from {@link VersionSchemes}.
 */
public interface VersionScheme {

  /** A short stable name: {@code maven}, {@code semver}, {@code pypi}, {@code dpkg}... */
  String name();

  /**
   * Parses {@code raw}; never throws and never returns null (invalid input gives an invalid
   * version).
   */
  Version parse(String raw);

  /**
   * Parses and compares two strings: the answer of {@code vigil versions compare}.
   *
   * @return the order, or the reason one of them is not a version of this scheme
   */
  default Comparison compare(String a, String b) {
    Version va = parse(a);
    if (!va.isValid()) {
      return Comparison.error(
          "'" + a + "' is not a valid " + name() + " version: " + va.invalidReason());
    }
    Version vb = parse(b);
    if (!vb.isValid()) {
      return Comparison.error(
          "'" + b + "' is not a valid " + name() + " version: " + vb.invalidReason());
    }
    return Comparison.of(va.compareTo(vb));
  }

  /** Convenience for schemes: an invalid version of this scheme. */
  default Version invalid(String raw, String reason) {
    return new InvalidVersion(this, raw == null ? "" : raw, reason);
  }
}
