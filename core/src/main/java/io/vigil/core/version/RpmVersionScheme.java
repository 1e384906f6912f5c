package io.vigil.core.version;

/**
 * RPM's order ({@code rpmvercmp} with {@code ~} and {@code ^}) for Red Hat, AlmaLinux, Rocky Linux,
 * SUSE, openSUSE, Mageia and other RPM distributions: {@code [epoch:]version[-release]}, a missing
 * epoch counts as 0 (as rpm does), then version and release compared with rpmvercmp; a version
 * without a release sorts before the same version with one. The string is split the way rpm's own
 * parser ({@code rpmverParse}) splits it: the epoch is the digits before a {@code :}, the release
 * what follows the <em>last</em> {@code -}.
 *
 * <p>Invalid: empty, whitespace, nothing after the epoch (rpm rejects {@code 1:} too). Checked
 * against {@code rpm.labelCompare} on generated pairs ({@code RpmLabelCompareConformanceTest}).
 */
public final class RpmVersionScheme implements VersionScheme {
  static final RpmVersionScheme INSTANCE = new RpmVersionScheme();

  private RpmVersionScheme() {}

  @Override
  public String name() {
    return "rpm";
  }

  @Override
  public Version parse(String raw) {
    if (raw == null || raw.isEmpty()) {
      return invalid(raw, "empty version");
    }
    for (int i = 0; i < raw.length(); i++) {
      if (Character.isWhitespace(raw.charAt(i))) {
        return invalid(raw, "whitespace at position " + i);
      }
    }
    String epoch = "0";
    String vr = raw;
    int colon = raw.indexOf(':');
    if (colon >= 0 && (colon == 0 || Numbers.allDigits(raw.substring(0, colon)))) {
      epoch = colon == 0 ? "0" : raw.substring(0, colon);
      vr = raw.substring(colon + 1);
      if (vr.isEmpty()) {
        return invalid(raw, "nothing after the epoch");
      }
    }
    String version = vr;
    String release = "";
    int dash = vr.lastIndexOf('-');
    if (dash >= 0) {
      version = vr.substring(0, dash);
      release = vr.substring(dash);
    }
    return new RpmVersion(raw, epoch, version, release);
  }

  private static boolean alnum(char c) {
    return Numbers.isDigit(c) || Numbers.isLetter(c);
  }

  /** rpmvercmp, with an empty string sorting before any non-empty one. */
  static int rpmvercmp(String a, String b) {
    if (a.isEmpty() || b.isEmpty()) {
      return a.isEmpty() == b.isEmpty() ? 0 : a.isEmpty() ? -1 : 1;
    }
    int i = 0;
    int j = 0;
    while (true) {
      while (i < a.length() && !alnum(a.charAt(i)) && a.charAt(i) != '~' && a.charAt(i) != '^') {
        i++;
      }
      while (j < b.length() && !alnum(b.charAt(j)) && b.charAt(j) != '~' && b.charAt(j) != '^') {
        j++;
      }
      boolean at = i < a.length() && a.charAt(i) == '~';
      boolean bt = j < b.length() && b.charAt(j) == '~';
      if (at || bt) {
        if (at && bt) {
          i++;
          j++;
          continue;
        }
        return at ? -1 : 1;
      }
      boolean ac = i < a.length() && a.charAt(i) == '^';
      boolean bc = j < b.length() && b.charAt(j) == '^';
      if (ac || bc) {
        if (ac && bc) {
          i++;
          j++;
          continue;
        }
        if (ac) {
          return j == b.length() ? 1 : -1;
        }
        return i == a.length() ? -1 : 1;
      }
      if (i == a.length() || j == b.length()) {
        break;
      }
      boolean digit = Numbers.isDigit(a.charAt(i));
      int si = i;
      int sj = j;
      while (i < a.length()
          && (digit ? Numbers.isDigit(a.charAt(i)) : Numbers.isLetter(a.charAt(i)))) {
        i++;
      }
      while (j < b.length()
          && (digit ? Numbers.isDigit(b.charAt(j)) : Numbers.isLetter(b.charAt(j)))) {
        j++;
      }
      if (sj == j) {
        return digit ? 1 : -1;
      }
      int c;
      if (digit) {
        c = Numbers.compare(a, si, i, b, sj, j);
      } else {
        c = compareRange(a, si, i, b, sj, j);
      }
      if (c != 0) {
        return c;
      }
    }
    int ra = a.length() - i;
    int rb = b.length() - j;
    return Integer.compare(ra, rb);
  }

  private static int compareRange(String a, int as, int ae, String b, int bs, int be) {
    int n = Math.min(ae - as, be - bs);
    for (int k = 0; k < n; k++) {
      char x = a.charAt(as + k);
      char y = b.charAt(bs + k);
      if (x != y) {
        return x < y ? -1 : 1;
      }
    }
    return Integer.compare(ae - as, be - bs);
  }

  static final class RpmVersion extends Version {
    private final String epoch;
    private final String version;
    private final String release;

    RpmVersion(String raw, String epoch, String version, String release) {
      super(raw);
      this.epoch = epoch;
      this.version = version;
      this.release = release;
    }

    @Override
    public VersionScheme scheme() {
      return INSTANCE;
    }

    @Override
    protected int compareValid(Version o) {
      RpmVersion w = (RpmVersion) o;
      int c = rpmvercmp(epoch, w.epoch);
      if (c != 0) {
        return c;
      }
      c = rpmvercmp(version, w.version);
      if (c != 0) {
        return c;
      }
      return rpmvercmp(release, w.release);
    }
  }
}
