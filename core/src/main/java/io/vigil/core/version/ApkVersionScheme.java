package io.vigil.core.version;

/**
 * apk-tools' version order for Alpine (and Wolfi, Chainguard, MinimOS): {@code
 * digit{.digit}...{letter}{_suffix{#}}...{~hash}{-r#}}, ported from apk-tools 3 {@code
 * src/version.c}. Suffixes order {@code _alpha < _beta < _pre < _rc < (none) < _cvs < _svn < _git <
 * _hg < _p}; a component with a leading zero compares as a string (Gentoo rule); the revision
 * {@code -rN} is numeric.
 *
 * <p>apk itself still orders strings that its own validator rejects ({@code apk version -t a b}),
 * and the OSV fixtures record those answers, so such versions are ordered too but carry a {@link
 * Version#note() note}; only the empty string is invalid.
 */
public final class ApkVersionScheme implements VersionScheme {
  static final ApkVersionScheme INSTANCE = new ApkVersionScheme();

  static final int INITIAL_DIGIT = 0;
  static final int DIGIT = 1;
  static final int LETTER = 2;
  static final int SUFFIX = 3;
  static final int SUFFIX_NO = 4;
  static final int COMMIT_HASH = 5;
  static final int REVISION_NO = 6;
  static final int END = 7;
  static final int INVALID = 8;

  static final int SUFFIX_INVALID = 0;
  static final int SUFFIX_NONE = 5;
  private static final String[] SUFFIXES = {
    "", "alpha", "beta", "pre", "rc", "", "cvs", "svn", "git", "hg", "p"
  };

  private ApkVersionScheme() {}

  @Override
  public String name() {
    return "apk";
  }

  @Override
  public Version parse(String raw) {
    if (raw == null || raw.isEmpty()) {
      return invalid(raw, "empty version");
    }
    Tokenizer t = new Tokenizer(raw);
    t.first();
    while (t.token < END) {
      t.next();
    }
    String note =
        t.token != END
            ? "not a well-formed apk version (apk's validator rejects it at position "
                + t.pos
                + "); ordered as 'apk version -t' orders it"
            : t.emptyRevision
                ? "not a well-formed apk version ('-r' without a number, which apk's validator"
                    + " rejects); ordered as -r0, as the OSV fixtures order it"
                : null;
    return new ApkVersion(raw, note);
  }

  private static int suffixValue(String s, int start, int end) {
    String v = s.substring(start, end);
    for (int i = 1; i < SUFFIXES.length; i++) {
      if (i != SUFFIX_NONE && SUFFIXES[i].equals(v)) {
        return i;
      }
    }
    return SUFFIX_INVALID;
  }

  /** The token state machine of apk-tools 3 over one string. */
  static final class Tokenizer {
    final String s;
    int pos;
    int token;
    int suffix;
    int valueStart;
    int valueEnd;
    int tokenStart;
    boolean afterRevision;

    /**
     * {@code -r} with no number: apk's validator rejects it, while the OSV fixtures order it as
     * {@code -r0} ({@code 1-r = 1-r0}); ordered that way, with a note.
     */
    boolean emptyRevision;

    Tokenizer(String s) {
      this.s = s;
    }

    void first() {
      token = INITIAL_DIGIT;
      parseDigits();
    }

    private void parseDigits() {
      valueStart = pos;
      while (pos < s.length() && Numbers.isDigit(s.charAt(pos))) {
        pos++;
      }
      valueEnd = pos;
      if (valueEnd == valueStart) {
        token = INVALID;
      }
    }

    void next() {
      tokenStart = pos;
      afterRevision = token == REVISION_NO;
      if (pos >= s.length()) {
        token = END;
        return;
      }
      char c = s.charAt(pos);
      if (c >= 'a' && c <= 'z') {
        if (token > DIGIT) {
          token = INVALID;
          return;
        }
        valueStart = pos;
        valueEnd = pos + 1;
        token = LETTER;
        pos++;
      } else if (c == '.' || Numbers.isDigit(c)) {
        if (c == '.') {
          if (token > DIGIT) {
            token = INVALID;
            return;
          }
          pos++;
        }
        if (token == INITIAL_DIGIT || token == DIGIT) {
          token = DIGIT;
        } else if (token == SUFFIX) {
          token = SUFFIX_NO;
        } else {
          token = INVALID;
          return;
        }
        parseDigits();
      } else if (c == '_') {
        if (token > SUFFIX_NO) {
          token = INVALID;
          return;
        }
        pos++;
        valueStart = pos;
        while (pos < s.length() && s.charAt(pos) >= 'a' && s.charAt(pos) <= 'z') {
          pos++;
        }
        valueEnd = pos;
        suffix = suffixValue(s, valueStart, valueEnd);
        token = suffix == SUFFIX_INVALID ? INVALID : SUFFIX;
      } else if (c == '~') {
        if (token >= COMMIT_HASH) {
          token = INVALID;
          return;
        }
        pos++;
        valueStart = pos;
        while (pos < s.length() && isHex(s.charAt(pos))) {
          pos++;
        }
        valueEnd = pos;
        token = valueEnd == valueStart ? INVALID : COMMIT_HASH;
      } else if (c == '-') {
        if (token >= REVISION_NO || !s.startsWith("-r", pos)) {
          token = INVALID;
          return;
        }
        pos += 2;
        token = REVISION_NO;
        // "-r" without digits reads as "-r0" (the OSV fixtures: 1-r = 1-r0)
        valueStart = pos;
        while (pos < s.length() && Numbers.isDigit(s.charAt(pos))) {
          pos++;
        }
        valueEnd = pos;
        emptyRevision = valueEnd == valueStart;
      } else {
        token = INVALID;
      }
    }

    private static boolean isHex(char c) {
      return Numbers.isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
  }

  private static int compareValues(Tokenizer a, Tokenizer b) {
    int la = a.valueEnd - a.valueStart;
    int lb = b.valueEnd - b.valueStart;
    int n = Math.min(la, lb);
    for (int i = 0; i < n; i++) {
      char x = a.s.charAt(a.valueStart + i);
      char y = b.s.charAt(b.valueStart + i);
      if (x != y) {
        return x < y ? -1 : 1;
      }
    }
    return Integer.compare(la, lb);
  }

  private static int tokenCompare(Tokenizer a, Tokenizer b) {
    switch (a.token) {
      case DIGIT:
        if (a.s.charAt(a.valueStart) == '0' || b.s.charAt(b.valueStart) == '0') {
          return compareValues(a, b);
        }
        return Numbers.compare(a.s, a.valueStart, a.valueEnd, b.s, b.valueStart, b.valueEnd);
      case INITIAL_DIGIT:
      case SUFFIX_NO:
      case REVISION_NO:
        return Numbers.compare(a.s, a.valueStart, a.valueEnd, b.s, b.valueStart, b.valueEnd);
      case LETTER:
        return Character.compare(a.s.charAt(a.valueStart), b.s.charAt(b.valueStart));
      case SUFFIX:
        return Integer.compare(a.suffix, b.suffix);
      default:
        return compareValues(a, b);
    }
  }

  /** apk-tools 3 {@code apk_version_compare} for two well-formed versions. */
  static int apkCompare(String x, String y) {
    Tokenizer a = new Tokenizer(x);
    Tokenizer b = new Tokenizer(y);
    a.first();
    b.first();
    while (a.token == b.token && a.token < END) {
      int r = tokenCompare(a, b);
      if (r != 0) {
        return r;
      }
      a.next();
      b.next();
    }
    if (a.token == b.token) {
      return 0;
    }
    if (a.token == SUFFIX && a.suffix < SUFFIX_NONE) {
      return -1;
    }
    if (b.token == SUFFIX && b.suffix < SUFFIX_NONE) {
      return 1;
    }
    return a.token > b.token ? -1 : 1;
  }

  /**
   * Where a version stops being well-formed: {@code [prefixEnd, afterRevision]}, or null when it is
   * well-formed.
   */
  private static int[] malformation(String v) {
    Tokenizer t = new Tokenizer(v);
    t.first();
    if (t.token == INVALID) {
      return new int[] {0, 0};
    }
    while (t.token < END) {
      t.next();
    }
    return t.token == END ? null : new int[] {t.tokenStart, t.afterRevision ? 1 : 0};
  }

  /** A well-formed prefix where a missing revision reads as {@code -r0}. */
  private static String withRevision(String prefix) {
    return prefix.contains("-r") ? prefix : prefix + "-r0";
  }

  /**
   * The order of two versions when at least one is malformed, as {@code apk version -t} and the OSV
   * fixtures give it: compare the well-formed prefixes (a missing revision counting as {@code
   * -r0}); on a tie a well-formed version beats a malformed one, two malformed ones compare their
   * unparsed rest as strings, except that anything after a revision is ignored. Versions with no
   * well-formed prefix at all sort first, among themselves as strings.
   */
  static int order(String x, String y) {
    int[] mx = malformation(x);
    int[] my = malformation(y);
    if (mx == null && my == null) {
      return apkCompare(x, y);
    }
    boolean emptyX = mx != null && mx[0] == 0;
    boolean emptyY = my != null && my[0] == 0;
    if (emptyX || emptyY) {
      return emptyX && emptyY ? x.compareTo(y) : emptyX ? -1 : 1;
    }
    String px = mx == null ? x : x.substring(0, mx[0]);
    String py = my == null ? y : y.substring(0, my[0]);
    int c = apkCompare(withRevision(px), withRevision(py));
    if (c != 0) {
      return c;
    }
    if (mx == null || my == null) {
      return mx == null ? 1 : -1;
    }
    if (mx[1] == 1 || my[1] == 1) {
      return 0;
    }
    return x.substring(mx[0]).compareTo(y.substring(my[0]));
  }

  static final class ApkVersion extends Version {
    private final String note;

    ApkVersion(String raw, String note) {
      super(raw);
      this.note = note;
    }

    @Override
    public VersionScheme scheme() {
      return INSTANCE;
    }

    @Override
    public String note() {
      return note;
    }

    @Override
    protected int compareValid(Version o) {
      return order(raw(), o.raw());
    }
  }
}
