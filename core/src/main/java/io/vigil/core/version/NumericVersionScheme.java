package io.vigil.core.version;

/**
 * Dotted integer versions: CRAN (separators {@code .} or {@code -}) and Hackage ({@code .} only).
 * Components compare numerically; with an equal prefix the longer version is greater ({@code 0.1.0
 * < 0.1.0.0}), as R's {@code package_version} and Haskell's {@code Data.Version} do.
 *
 * <p>Invalid: empty, anything but digits and separators, empty components.
 */
public final class NumericVersionScheme implements VersionScheme {
  static final NumericVersionScheme CRAN = new NumericVersionScheme("cran", ".-");
  static final NumericVersionScheme HACKAGE = new NumericVersionScheme("hackage", ".");

  private final String name;
  private final String separators;

  private NumericVersionScheme(String name, String separators) {
    this.name = name;
    this.separators = separators;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Version parse(String raw) {
    if (raw == null || raw.isEmpty()) {
      return invalid(raw, "empty version");
    }
    java.util.List<String> parts = new java.util.ArrayList<>(4);
    int start = 0;
    for (int i = 0; i <= raw.length(); i++) {
      if (i == raw.length() || separators.indexOf(raw.charAt(i)) >= 0) {
        if (i == start) {
          return invalid(raw, "empty component at position " + i);
        }
        parts.add(Numbers.strip(raw.substring(start, i)));
        start = i + 1;
      } else if (!Numbers.isDigit(raw.charAt(i))) {
        return invalid(
            raw, "character '" + raw.charAt(i) + "' is not allowed in a " + name + " version");
      }
    }
    return new NumericVersion(this, raw, parts.toArray(new String[0]));
  }

  static final class NumericVersion extends Version {
    private final NumericVersionScheme scheme;
    private final String[] parts;

    NumericVersion(NumericVersionScheme scheme, String raw, String[] parts) {
      super(raw);
      this.scheme = scheme;
      this.parts = parts;
    }

    @Override
    public VersionScheme scheme() {
      return scheme;
    }

    @Override
    protected int compareValid(Version o) {
      NumericVersion w = (NumericVersion) o;
      int n = Math.min(parts.length, w.parts.length);
      for (int i = 0; i < n; i++) {
        int c = Numbers.compare(parts[i], w.parts[i]);
        if (c != 0) {
          return c;
        }
      }
      return Integer.compare(parts.length, w.parts.length);
    }
  }
}
