package io.vigil.core.version;

/** A string that is not a version of its scheme; carries the reason and is never ordered. */
final class InvalidVersion extends Version {
  private final VersionScheme scheme;
  private final String reason;

  InvalidVersion(VersionScheme scheme, String raw, String reason) {
    super(raw);
    this.scheme = scheme;
    this.reason = reason;
  }

  @Override
  public VersionScheme scheme() {
    return scheme;
  }

  @Override
  public boolean isValid() {
    return false;
  }

  @Override
  public String invalidReason() {
    return reason;
  }

  @Override
  protected int compareValid(Version other) {
    throw new IllegalStateException("invalid versions are never ordered");
  }
}
