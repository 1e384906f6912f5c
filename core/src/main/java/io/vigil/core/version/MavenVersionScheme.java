package io.vigil.core.version;

import java.util.ArrayList;
import java.util.List;
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

  private static final byte DOT = 0;
  private static final byte DASH = 1;

  private static final String[] KEYWORDS = {
    "alpha", "beta", "milestone", "rc", "snapshot", "", "sp"
  };
  private static final int UNKNOWN_KEYWORD = KEYWORDS.length;
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
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        return invalid(raw, "whitespace or control character at position " + i);
      }
      if (BANNED.indexOf(c) >= 0) {
        return invalid(raw, "character '" + c + "' is not allowed in a Maven version");
      }
    }
    String s = raw.toLowerCase(Locale.ROOT);
    List<String> values = new ArrayList<>(8);
    List<Byte> prefixes = new ArrayList<>(8);
    int start = 0;
    byte prefix = DOT;
    for (int i = 0; i <= s.length(); i++) {
      if (i == s.length() || s.charAt(i) == '.' || s.charAt(i) == '-') {
        addRawToken(s, start, i, prefix, values, prefixes);
        if (i < s.length()) {
          prefix = s.charAt(i) == '.' ? DOT : DASH;
        }
        start = i + 1;
      }
    }
    trim(values, prefixes);
    int n = values.size();
    byte[] p = new byte[n];
    String[] v = new String[n];
    int[] rank = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = prefixes.get(i);
      v[i] = values.get(i);
      rank[i] = Numbers.allDigits(v[i]) ? -1 : keyword(v[i]);
    }
    return new MavenVersion(raw, p, v, rank);
  }

  /** One piece between separators, split further at digit/non-digit transitions. */
  private static void addRawToken(
      String s, int start, int end, byte prefix, List<String> values, List<Byte> prefixes) {
    if (start == end) {
      values.add("0");
      prefixes.add(prefix);
      return;
    }
    int pieceStart = start;
    boolean first = true;
    for (int i = start + 1; i <= end; i++) {
      boolean transition =
          i == end || Numbers.isDigit(s.charAt(i)) != Numbers.isDigit(s.charAt(i - 1));
      if (!transition) {
        continue;
      }
      String piece = s.substring(pieceStart, i);
      boolean followedByMore = i != end;
      values.add(normalise(piece, followedByMore));
      prefixes.add(first ? prefix : DASH);
      first = false;
      pieceStart = i;
    }
  }

  private static String normalise(String piece, boolean followedByDigit) {
    switch (piece) {
      case "cr":
        return "rc";
      case "ga":
      case "final":
      case "release":
        return "";
      default:
        break;
    }
    if (followedByDigit) {
      switch (piece) {
        case "a":
          return "alpha";
        case "b":
          return "beta";
        case "m":
          return "milestone";
        default:
          break;
      }
    }
    if (Numbers.isDigit(piece.charAt(0))) {
      return Numbers.strip(piece);
    }
    return piece;
  }

  private static boolean isNull(String v) {
    return v.equals("0") || v.isEmpty();
  }

  /** Removes trailing null tokens, then repeats the removal before each remaining hyphen. */
  private static void trim(List<String> values, List<Byte> prefixes) {
    int i = values.size() - 1;
    while (i > 0) {
      if (isNull(values.get(i))) {
        values.remove(i);
        prefixes.remove(i);
        i--;
        continue;
      }
      while (i >= 0 && prefixes.get(i) != DASH) {
        i--;
      }
      i--;
    }
  }

  private static int keyword(String v) {
    for (int i = 0; i < KEYWORDS.length; i++) {
      if (KEYWORDS[i].equals(v)) {
        return i;
      }
    }
    return UNKNOWN_KEYWORD;
  }

  static final class MavenVersion extends Version {
    private final byte[] prefix;
    private final String[] value;

    /** -1 for a number, else the keyword index ({@link #UNKNOWN_KEYWORD} for other words). */
    private final int[] rank;

    MavenVersion(String raw, byte[] prefix, String[] value, int[] rank) {
      super(raw);
      this.prefix = prefix;
      this.value = value;
      this.rank = rank;
    }

    @Override
    public VersionScheme scheme() {
      return INSTANCE;
    }

    @Override
    protected int compareValid(Version o) {
      MavenVersion w = (MavenVersion) o;
      int n = Math.max(value.length, w.value.length);
      for (int i = 0; i < n; i++) {
        int c;
        if (i >= value.length) {
          c = -compareToPadding(w, i);
        } else if (i >= w.value.length) {
          c = compareToPadding(this, i);
        } else {
          c = compareTokens(this, i, w, i);
        }
        if (c != 0) {
          return c;
        }
      }
      return 0;
    }

    /** Token {@code i} of {@code v} against the null token the shorter version is padded with. */
    private static int compareToPadding(MavenVersion v, int i) {
      if (v.rank[i] < 0) {
        // A number against the null token: '.0' is equal to nothing, '-N' always more.
        return v.prefix[i] == DOT && Numbers.isZero(v.value[i]) ? 0 : 1;
      }
      // A qualifier against the null token, which acts as the release qualifier "".
      return Integer.compare(v.rank[i], RELEASE);
    }

    private static int compareTokens(MavenVersion a, int i, MavenVersion b, int j) {
      boolean an = a.rank[i] < 0;
      boolean bn = b.rank[j] < 0;
      if (a.prefix[i] == b.prefix[j]) {
        if (an && bn) {
          return Numbers.compare(a.value[i], b.value[j]);
        }
        if (an) {
          return 1;
        }
        if (bn) {
          return -1;
        }
        int ra = a.rank[i];
        int rb = b.rank[j];
        if (ra == UNKNOWN_KEYWORD && rb == UNKNOWN_KEYWORD) {
          return a.value[i].compareTo(b.value[j]);
        }
        return Integer.compare(ra, rb);
      }
      return Integer.compare(order(a.prefix[i], an), order(b.prefix[j], bn));
    }

    /** {@code .qualifier < -qualifier < -number < .number}. */
    private static int order(byte prefix, boolean number) {
      if (number) {
        return prefix == DASH ? 2 : 3;
      }
      return prefix == DASH ? 1 : 0;
    }
  }
}
