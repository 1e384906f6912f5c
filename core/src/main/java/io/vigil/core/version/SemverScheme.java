package io.vigil.core.version;

/**
 * SemVer 2.0 precedence (§11) for npm, crates.io, Hex, SwiftURL, Bitnami and Go, with the variants
 * NuGet (prerelease case-insensitive) and Pub (build metadata ordered after the prerelease).
 *
 * <p>Accepted beyond strict SemVer, as the OSV fixtures and osv-scalibr require: a leading {@code
 * v}, fewer or more than three numeric components (missing ones count as zero, so {@code 1.0 ==
 * 1.0.0}), leading zeros, and numbers of any size. Prerelease identifiers compare numerically when
 * all digits, otherwise by ASCII (case-sensitive, except NuGet); numeric identifiers sort first; a
 * longer prerelease wins a tie. Build metadata is ignored (except Pub). Go toolchain versions
 * ({@code go1.21.3}, {@code go1.21rc2}) are read as {@code 1.21.3}, {@code 1.21.0-rc.2}.
 *
 * <p>Invalid: empty strings, anything not starting with a digit (after {@code v}), empty
 * identifiers ({@code 1..2}, {@code 1.2.3-}), and characters outside {@code [0-9A-Za-z.+-]}.
 */
public final class SemverScheme implements VersionScheme {
  static final SemverScheme SEMVER = new SemverScheme("semver", false, false, false);
  static final SemverScheme GO = new SemverScheme("go", false, false, true);
  static final SemverScheme NUGET = new SemverScheme("nuget", true, false, false);
  static final SemverScheme PUB = new SemverScheme("pub", false, true, false);

  private static final String[] NONE = new String[0];

  private final String name;
  private final boolean caseInsensitive;
  private final boolean orderedBuild;
  private final boolean goToolchain;

  private SemverScheme(
      String name, boolean caseInsensitive, boolean orderedBuild, boolean goToolchain) {
    this.name = name;
    this.caseInsensitive = caseInsensitive;
    this.orderedBuild = orderedBuild;
    this.goToolchain = goToolchain;
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
    String s = raw;
    if (goToolchain && s.startsWith("go") && s.length() > 2 && Numbers.isDigit(s.charAt(2))) {
      s = goToolchainToSemver(s.substring(2));
    }
    int i = 0;
    int n = s.length();
    if (s.charAt(0) == 'v' || s.charAt(0) == 'V') {
      i = 1;
    }
    int parts = 1;
    for (int k = i; k < n && (Numbers.isDigit(s.charAt(k)) || s.charAt(k) == '.'); k++) {
      if (s.charAt(k) == '.') {
        parts++;
      }
    }
    String[] core = new String[parts];
    int count = 0;
    while (true) {
      int start = i;
      while (i < n && Numbers.isDigit(s.charAt(i))) {
        i++;
      }
      if (i == start) {
        return invalid(
            raw,
            i < n
                ? "expected a digit at position " + i + " but found '" + s.charAt(i) + "'"
                : "expected a number at the end");
      }
      core[count++] = Numbers.digits(s, start, i);
      if (i < n && s.charAt(i) == '.') {
        i++;
        continue;
      }
      break;
    }
    String[] pre = NONE;
    String[] build = NONE;
    if (i < n && s.charAt(i) == '-') {
      int end = s.indexOf('+', i + 1);
      end = end < 0 ? n : end;
      String bad = checkIdentifiers(s, i + 1, end, "prerelease");
      if (bad != null) {
        return invalid(raw, bad);
      }
      pre = s.substring(i + 1, end).split("\\.", -1);
      i = end;
    }
    if (i < n && s.charAt(i) == '+') {
      String bad = checkIdentifiers(s, i + 1, n, "build metadata");
      if (bad != null) {
        return invalid(raw, bad);
      }
      build = orderedBuild ? s.substring(i + 1).split("\\.", -1) : NONE;
      i = n;
    }
    if (i < n) {
      return invalid(raw, "unexpected character '" + s.charAt(i) + "' at position " + i);
    }
    String[] c = count == core.length ? core : java.util.Arrays.copyOf(core, count);
    return new SemverVersion(this, raw, c, pre, build);
  }

  private static String checkIdentifiers(String s, int start, int end, String what) {
    if (start >= end) {
      return "empty " + what;
    }
    boolean empty = true;
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      if (c == '.') {
        if (empty) {
          return "empty " + what + " identifier at position " + i;
        }
        empty = true;
      } else if (Numbers.isDigit(c) || Numbers.isLetter(c) || c == '-') {
        empty = false;
      } else {
        return "character '" + c + "' is not allowed in " + what + " (position " + i + ")";
      }
    }
    return empty ? "empty " + what + " identifier at the end" : null;
  }

  /**
   * {@code 1.21.3} stays; {@code 1.21} becomes {@code 1.21.0}; {@code 1.21rc2} becomes {@code
   * 1.21.0-rc.2}.
   */
  private static String goToolchainToSemver(String v) {
    int i = 0;
    while (i < v.length() && (Numbers.isDigit(v.charAt(i)) || v.charAt(i) == '.')) {
      i++;
    }
    String nums = v.substring(0, i);
    String rest = v.substring(i);
    int dots = 0;
    for (int k = 0; k < nums.length(); k++) {
      if (nums.charAt(k) == '.') {
        dots++;
      }
    }
    StringBuilder b = new StringBuilder(nums);
    for (; dots < 2; dots++) {
      b.append(".0");
    }
    if (!rest.isEmpty()) {
      int j = 0;
      while (j < rest.length() && Numbers.isLetter(rest.charAt(j))) {
        j++;
      }
      b.append('-').append(rest, 0, j);
      if (j < rest.length()) {
        b.append('.').append(rest.substring(j));
      }
    }
    return b.toString();
  }

  static final class SemverVersion extends Version {
    private final SemverScheme scheme;
    private final String[] core;
    private final String[] pre;
    private final String[] build;

    SemverVersion(SemverScheme scheme, String raw, String[] core, String[] pre, String[] build) {
      super(raw);
      this.scheme = scheme;
      this.core = core;
      this.pre = pre;
      this.build = build;
    }

    @Override
    public VersionScheme scheme() {
      return scheme;
    }

    @Override
    protected int compareValid(Version o) {
      SemverVersion w = (SemverVersion) o;
      int n = Math.max(core.length, w.core.length);
      for (int i = 0; i < n; i++) {
        String a = i < core.length ? core[i] : "0";
        String b = i < w.core.length ? w.core[i] : "0";
        int c = Numbers.compare(a, b);
        if (c != 0) {
          return c;
        }
      }
      if (pre.length == 0 || w.pre.length == 0) {
        if (pre.length != w.pre.length) {
          return pre.length == 0 ? 1 : -1;
        }
      } else {
        int c = compareIdentifiers(pre, w.pre, scheme.caseInsensitive);
        if (c != 0) {
          return c;
        }
      }
      if (scheme.orderedBuild) {
        if (build.length == 0 || w.build.length == 0) {
          return Integer.compare(build.length, w.build.length);
        }
        return compareIdentifiers(build, w.build, false);
      }
      return 0;
    }

    private static int compareIdentifiers(String[] a, String[] b, boolean ignoreCase) {
      int n = Math.min(a.length, b.length);
      for (int i = 0; i < n; i++) {
        boolean an = Numbers.allDigits(a[i]);
        boolean bn = Numbers.allDigits(b[i]);
        int c;
        if (an && bn) {
          c = Numbers.compare(a[i], b[i]);
        } else if (an) {
          c = -1;
        } else if (bn) {
          c = 1;
        } else {
          c = ignoreCase ? a[i].compareToIgnoreCase(b[i]) : a[i].compareTo(b[i]);
        }
        if (c != 0) {
          return c;
        }
      }
      return Integer.compare(a.length, b.length);
    }
  }
}
