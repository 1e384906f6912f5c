package io.vigil.core.version;

/**
 * Packagist (Composer) order: PHP's {@code version_compare} after Composer's stripping of a leading
 * {@code v}/{@code V}, as osv.dev and osv-scalibr implement it. The string is canonicalised ({@code
 * -}, {@code _}, {@code +} become {@code .}; a {@code .} is inserted at every digit/non-digit
 * transition), then compared element by element: numbers numerically (any size), words by their
 * special-form rank {@code (other) < dev < alpha = a < beta = b < RC = rc < # < pl = p} (matched by
 * prefix, as PHP does), a number against a word as {@code #}; when one version runs out, the rest
 * of the other is compared against {@code #}.
 *
 * <p>Invalid: empty (PHP orders anything, so nothing else is rejected).
 */
public final class PackagistVersionScheme implements VersionScheme {
  static final PackagistVersionScheme INSTANCE = new PackagistVersionScheme();

  private static final String[] FORMS = {
    "dev", "alpha", "a", "beta", "b", "RC", "rc", "#", "pl", "p"
  };
  private static final int[] ORDER = {0, 1, 1, 2, 2, 3, 3, 4, 5, 5};
  private static final int NUMBER_RANK = 4;
  private static final String[] NUMBER = {"#"};

  private PackagistVersionScheme() {}

  @Override
  public String name() {
    return "packagist";
  }

  @Override
  public Version parse(String raw) {
    if (raw == null || raw.isEmpty()) {
      return invalid(raw, "empty version");
    }
    String s = raw;
    if (s.charAt(0) == 'v' || s.charAt(0) == 'V') {
      s = s.substring(1);
    }
    if (s.isEmpty()) {
      return invalid(raw, "no version after the 'v'");
    }
    return new PackagistVersion(raw, canonicalise(s).split("\\.", -1));
  }

  /**
   * PHP's canonicalisation as osv.dev and osv-scalibr apply it: {@code -}, {@code _}, {@code +}
   * become {@code .}, and a {@code .} goes between every digit and non-digit neighbour.
   */
  static String canonicalise(String v) {
    StringBuilder b = new StringBuilder(v.length() + 4);
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '-' || c == '_' || c == '+') {
        c = '.';
      }
      if (i > 0 && c != '.') {
        char last = b.charAt(b.length() - 1);
        if (last != '.' && Numbers.isDigit(last) != Numbers.isDigit(c)) {
          b.append('.');
        }
      }
      b.append(c);
    }
    return b.toString();
  }

  /** PHP's special forms, matched by prefix; anything else ranks below {@code dev}. */
  private static int form(String s) {
    for (int i = 0; i < FORMS.length; i++) {
      if (!FORMS[i].isEmpty() && s.startsWith(FORMS[i])) {
        return ORDER[i];
      }
    }
    return -1;
  }

  private static int compareElements(String a, String b) {
    boolean an = Numbers.allDigits(a);
    boolean bn = Numbers.allDigits(b);
    if (an && bn) {
      return Numbers.compare(a, b);
    }
    return Integer.compare(an ? NUMBER_RANK : form(a), bn ? NUMBER_RANK : form(b));
  }

  /** Element-wise comparison; a longer version continues against {@code #} (a number). */
  static int compare(String[] a, int ai, String[] b, int bi) {
    while (ai < a.length && bi < b.length) {
      int c = compareElements(a[ai], b[bi]);
      if (c != 0) {
        return c;
      }
      ai++;
      bi++;
    }
    if (ai < a.length) {
      return Numbers.allDigits(a[ai]) ? 1 : compare(a, ai, NUMBER, 0);
    }
    if (bi < b.length) {
      return Numbers.allDigits(b[bi]) ? -1 : compare(NUMBER, 0, b, bi);
    }
    return 0;
  }

  static final class PackagistVersion extends Version {
    private final String[] elements;

    PackagistVersion(String raw, String[] elements) {
      super(raw);
      this.elements = elements;
    }

    @Override
    public VersionScheme scheme() {
      return INSTANCE;
    }

    @Override
    protected int compareValid(Version o) {
      return compare(elements, 0, ((PackagistVersion) o).elements, 0);
    }
  }
}
