package io.vigil.core.version;

import java.util.Locale;

/**
 * Maven's version order ("Version Order Specification" of the POM reference), as implemented by
 * maven-artifact 3.8.6 {@code ComparableVersion}, in a flat token form.
 *
 * <p>The version is split into tokens at {@code .}, {@code -} and digit/letter transitions; each
 * token remembers its separator. Trailing "null" tokens ({@code 0}, {@code ""}, {@code ga}, {@code
 * final}, {@code release}) are trimmed before each hyphen, which is what makes {@code 1-ga-1 ==
 * 1-1} (ComparableVersion keeps a nested list there and says {@code <}; the OSV fixtures say {@code
 * =}). Qualifiers order {@code alpha < beta < milestone < rc = cr < snapshot < "" = ga = final =
 * release < sp < other (lexical)}; numbers sort after qualifiers; separators order {@code
 * .qualifier < -qualifier < -number < .number}. Everything is case-insensitive and numbers have no
 * size limit.
 *
 * <p>Invalid: the empty string, whitespace, and the characters Maven's model validator bans in a
 * version ({@code \ / : " < > | ? *}).
 */
public final class MavenVersionScheme implements VersionScheme {
  static final MavenVersionScheme INSTANCE = new MavenVersionScheme();

  private static final int DOT = 0;
  private static final int DASH = 1;

  /** Keyword ranks: alpha 0, beta 1, milestone 2, rc 3, snapshot 4, "" 5, sp 6, anything else 7. */
  private static final int UNKNOWN_KEYWORD = 7;

  private static final int RELEASE = 5;
  private static final String BANNED = "\\/:\"<>|?*";

  private MavenVersionScheme() {}

  @Override
  public String name() {
    return "maven";
  }

  @Override
  public Version parse(String raw) {
    if (raw == null || raw.isEmpty()) {
      return invalid(raw, "empty version");
    }
    boolean upper = false;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-') {
        continue;
      }
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        return invalid(raw, "whitespace or control character at position " + i);
      }
      if (BANNED.indexOf(c) >= 0) {
        return invalid(raw, "character '" + c + "' is not allowed in a Maven version");
      }
      upper |= (c >= 'A' && c <= 'Z') || c > 127;
    }
    String s = upper ? raw.toLowerCase(Locale.ROOT) : raw;
    // tokens packed as [prefix, rank, start, end]; rank -1 = number, else the keyword rank.
    // At most one token per separator and per digit/non-digit transition, plus one.
    int count = 1;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '.' || c == '-') {
        count++;
      } else if (i > 0
          && s.charAt(i - 1) != '.'
          && s.charAt(i - 1) != '-'
          && Numbers.isDigit(c) != Numbers.isDigit(s.charAt(i - 1))) {
        count++;
      }
    }
    int[] t = new int[count * STRIDE];
    int n = 0;
    int start = 0;
    int prefix = DOT;
    for (int i = 0; i <= s.length(); i++) {
      char c = i == s.length() ? '.' : s.charAt(i);
      if (c != '.' && c != '-') {
        continue;
      }
      if (start == i) {
        n = put(t, n, prefix, -1, i, i); // an empty piece is the number 0
      } else {
        // split the piece at digit/non-digit transitions; later sub-pieces get a '-' separator
        int pieceStart = start;
        boolean first = true;
        for (int j = start + 1; j <= i; j++) {
          if (j < i && Numbers.isDigit(s.charAt(j)) == Numbers.isDigit(s.charAt(j - 1))) {
            continue;
          }
          int p = first ? prefix : DASH;
          if (Numbers.isDigit(s.charAt(pieceStart))) {
            n = put(t, n, p, -1, pieceStart, j);
          } else {
            n = put(t, n, p, rank(s, pieceStart, j, j != i), pieceStart, j);
          }
          first = false;
          pieceStart = j;
        }
      }
      prefix = c == '.' ? DOT : DASH;
      start = i + 1;
    }
    n = trim(s, t, n);
    return new MavenVersion(raw, s, t, n);
  }

  private static final int STRIDE = 4;
  private static final int PREFIX = 0;
  private static final int RANK = 1;
  private static final int START = 2;
  private static final int END = 3;

  private static int put(int[] t, int n, int prefix, int rank, int start, int end) {
    int o = n * STRIDE;
    t[o + PREFIX] = prefix;
    t[o + RANK] = rank;
    t[o + START] = start;
    t[o + END] = end;
    return n + 1;
  }

  /**
   * The rank of a qualifier: {@code cr} is {@code rc}; {@code ga}, {@code final} and {@code
   * release} are the release qualifier {@code ""}; {@code a}, {@code b}, {@code m} directly
   * followed by a number are alpha, beta, milestone.
   */
  private static int rank(String s, int start, int end, boolean followedByDigit) {
    int len = end - start;
    if (len == 1 && followedByDigit) {
      switch (s.charAt(start)) {
        case 'a':
          return 0;
        case 'b':
          return 1;
        case 'm':
          return 2;
        default:
          break;
      }
    }
    if (is(s, start, end, "alpha")) {
      return 0;
    }
    if (is(s, start, end, "beta")) {
      return 1;
    }
    if (is(s, start, end, "milestone")) {
      return 2;
    }
    if (is(s, start, end, "rc") || is(s, start, end, "cr")) {
      return 3;
    }
    if (is(s, start, end, "snapshot")) {
      return 4;
    }
    if (is(s, start, end, "ga") || is(s, start, end, "final") || is(s, start, end, "release")) {
      return RELEASE;
    }
    if (is(s, start, end, "sp")) {
      return 6;
    }
    return UNKNOWN_KEYWORD;
  }

  private static boolean is(String s, int start, int end, String word) {
    return end - start == word.length() && s.regionMatches(start, word, 0, word.length());
  }

  private static boolean isZero(String s, int start, int end) {
    for (int i = start; i < end; i++) {
      if (s.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }

  private static boolean isNull(String s, int[] t, int i) {
    int o = i * STRIDE;
    return t[o + RANK] < 0 ? isZero(s, t[o + START], t[o + END]) : t[o + RANK] == RELEASE;
  }

  /**
   * Removes trailing null tokens, then repeats the removal before each remaining hyphen; returns
   * the new token count.
   */
  private static int trim(String s, int[] t, int n) {
    int i = n - 1;
    while (i > 0) {
      if (isNull(s, t, i)) {
        System.arraycopy(t, (i + 1) * STRIDE, t, i * STRIDE, (n - i - 1) * STRIDE);
        n--;
        i--;
        continue;
      }
      while (i >= 0 && t[i * STRIDE + PREFIX] != DASH) {
        i--;
      }
      i--;
    }
    return n;
  }

  static final class MavenVersion extends Version {
    /** The version in lower case: token ranges index into it. */
    private final String s;

    private final int[] t;
    private final int n;

    MavenVersion(String raw, String s, int[] t, int n) {
      super(raw);
      this.s = s;
      this.t = t;
      this.n = n;
    }

    @Override
    public VersionScheme scheme() {
      return INSTANCE;
    }

    @Override
    protected int compareValid(Version o) {
      MavenVersion w = (MavenVersion) o;
      int max = Math.max(n, w.n);
      for (int i = 0; i < max; i++) {
        int c;
        if (i >= n) {
          c = -w.compareToPadding(i);
        } else if (i >= w.n) {
          c = compareToPadding(i);
        } else {
          c = compareTokens(w, i);
        }
        if (c != 0) {
          return c;
        }
      }
      return 0;
    }

    /** Token {@code i} against the null token the shorter version is padded with. */
    private int compareToPadding(int i) {
      int o = i * STRIDE;
      if (t[o + RANK] < 0) {
        // A number against the null token: '.0' is equal to nothing, '-N' always more.
        return t[o + PREFIX] == DOT && isZero(s, t[o + START], t[o + END]) ? 0 : 1;
      }
      // A qualifier against the null token, which acts as the release qualifier "".
      return Integer.compare(t[o + RANK], RELEASE);
    }

    private int compareTokens(MavenVersion w, int i) {
      int a = i * STRIDE;
      int b = a;
      int ar = t[a + RANK];
      int br = w.t[b + RANK];
      boolean an = ar < 0;
      boolean bn = br < 0;
      if (t[a + PREFIX] == w.t[b + PREFIX]) {
        if (an && bn) {
          return Numbers.compare(s, t[a + START], t[a + END], w.s, w.t[b + START], w.t[b + END]);
        }
        if (an) {
          return 1;
        }
        if (bn) {
          return -1;
        }
        if (ar == UNKNOWN_KEYWORD && br == UNKNOWN_KEYWORD) {
          return compareRegions(s, t[a + START], t[a + END], w.s, w.t[b + START], w.t[b + END]);
        }
        return Integer.compare(ar, br);
      }
      return Integer.compare(order(t[a + PREFIX], an), order(w.t[b + PREFIX], bn));
    }

    private static int compareRegions(String x, int xs, int xe, String y, int ys, int ye) {
      int len = Math.min(xe - xs, ye - ys);
      for (int k = 0; k < len; k++) {
        char p = x.charAt(xs + k);
        char q = y.charAt(ys + k);
        if (p != q) {
          return p < q ? -1 : 1;
        }
      }
      return Integer.compare(xe - xs, ye - ys);
    }

    /** {@code .qualifier < -qualifier < -number < .number}. */
    private static int order(int prefix, boolean number) {
      if (number) {
        return prefix == DASH ? 2 : 3;
      }
      return prefix == DASH ? 1 : 0;
    }
  }
}
