package io.vigil.core.version;

/**
 * dpkg's version order for Debian and Ubuntu: {@code [epoch:]upstream[-revision]}, epoch numeric,
 * then upstream and revision by {@code verrevcmp} (alternating non-digit and digit runs; in the
 * non-digit runs {@code ~} sorts before everything, even the end of the string, and letters before
 * other characters; digit runs compare numerically). A missing revision equals {@code 0}.
 *
 * <p>Invalid, as {@code dpkg} reports an error for them: empty, embedded spaces, an empty or
 * non-numeric epoch, nothing after the colon, an empty upstream or revision.
 */
public final class DpkgVersionScheme implements VersionScheme {
  static final DpkgVersionScheme INSTANCE = new DpkgVersionScheme();

  private DpkgVersionScheme() {}

  @Override
  public String name() {
    return "dpkg";
  }

  @Override
  public Version parse(String raw) {
    if (raw == null) {
      return invalid(raw, "empty version");
    }
    String s = raw.strip();
    if (s.isEmpty()) {
      return invalid(raw, "empty version");
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return invalid(raw, "version string has embedded spaces");
      }
    }
    String epoch = "0";
    int colon = s.indexOf(':');
    if (colon >= 0) {
      String e = s.substring(0, colon);
      if (e.isEmpty()) {
        return invalid(raw, "epoch in version is empty");
      }
      if (!Numbers.allDigits(e)) {
        return invalid(raw, "epoch in version is not a number");
      }
      epoch = Numbers.strip(e);
      s = s.substring(colon + 1);
      if (s.isEmpty()) {
        return invalid(raw, "nothing after colon in version number");
      }
    }
    String upstream = s;
    String revision = "";
    int dash = s.lastIndexOf('-');
    if (dash >= 0) {
      upstream = s.substring(0, dash);
      revision = s.substring(dash + 1);
      if (revision.isEmpty()) {
        return invalid(raw, "revision number is empty");
      }
    }
    if (upstream.isEmpty()) {
      return invalid(raw, "version number is empty");
    }
    return new DpkgVersion(raw, epoch, upstream, revision);
  }

  private static int order(char c) {
    if (Numbers.isDigit(c)) {
      return 0;
    }
    if (Numbers.isLetter(c)) {
      return c;
    }
    if (c == '~') {
      return -1;
    }
    if (c != 0) {
      return c + 256;
    }
    return 0;
  }

  private static char at(String s, int i) {
    return i < s.length() ? s.charAt(i) : 0;
  }

  /** dpkg's {@code verrevcmp}. */
  static int verrevcmp(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() || j < b.length()) {
      int firstDiff = 0;
      while ((i < a.length() && !Numbers.isDigit(a.charAt(i)))
          || (j < b.length() && !Numbers.isDigit(b.charAt(j)))) {
        int ac = order(at(a, i));
        int bc = order(at(b, j));
        if (ac != bc) {
          return ac - bc;
        }
        i++;
        j++;
      }
      while (at(a, i) == '0') {
        i++;
      }
      while (at(b, j) == '0') {
        j++;
      }
      while (Numbers.isDigit(at(a, i)) && Numbers.isDigit(at(b, j))) {
        if (firstDiff == 0) {
          firstDiff = at(a, i) - at(b, j);
        }
        i++;
        j++;
      }
      if (Numbers.isDigit(at(a, i))) {
        return 1;
      }
      if (Numbers.isDigit(at(b, j))) {
        return -1;
      }
      if (firstDiff != 0) {
        return firstDiff;
      }
    }
    return 0;
  }

  static final class DpkgVersion extends Version {
    private final String epoch;
    private final String upstream;
    private final String revision;

    DpkgVersion(String raw, String epoch, String upstream, String revision) {
      super(raw);
      this.epoch = epoch;
      this.upstream = upstream;
      this.revision = revision;
    }

    @Override
    public VersionScheme scheme() {
      return INSTANCE;
    }

    @Override
    protected int compareValid(Version o) {
      DpkgVersion w = (DpkgVersion) o;
      int c = Numbers.compare(epoch, w.epoch);
      if (c != 0) {
        return c;
      }
      c = verrevcmp(upstream, w.upstream);
      if (c != 0) {
        return c;
      }
      return verrevcmp(revision, w.revision);
    }
  }
}
