package io.vigil.core.version;

import java.util.Arrays;
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
    int cap = s.length() + 1;
    String[] values = new String[cap];
    byte[] prefixes = new byte[cap];
    int n = 0;
    int start = 0;
    byte prefix = DOT;
    for (int i = 0; i <= s.length(); i++) {
      char c = i == s.length() ? '.' : s.charAt(i);
      if (c != '.' && c != '-') {
        continue;
      }
      if (start == i) {
        values[n] = "0";
        prefixes[n++] = prefix;
      } else {
        // split the piece at digit/non-digit transitions; later sub-pieces get a '-' separator
        int pieceStart = start;
        boolean first = true;
        for (int j = start + 1; j <= i; j++) {
          if (j < i && Numbers.isDigit(s.charAt(j)) == Numbers.isDigit(s.charAt(j - 1))) {
            continue;
          }
          values[n] =
              Numbers.isDigit(s.charAt(pieceStart))
                  ? Numbers.digits(s, pieceStart, j)
                  : normalise(s.substring(pieceStart, j), j != i);
          prefixes[n++] = first ? prefix : DASH;
          first = false;
          pieceStart = j;
        }
      }
      prefix = c == '.' ? DOT : DASH;
      start = i + 1;
    }
    n = trim(values, prefixes, n);
    String[] v = Arrays.copyOf(values, n);
    byte[] p = Arrays.copyOf(prefixes, n);
    int[] rank = new int[n];
    for (int i = 0; i < n; i++) {
      rank[i] = !v[i].isEmpty() && Numbers.isDigit(v[i].charAt(0)) ? -1 : keyword(v[i]);
    }
    return new MavenVersion(raw, p, v, rank);
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

  /**
   * Removes trailing null tokens, then repeats the removal before each remaining hyphen; returns
   * the new token count.
   */
  private static int trim(String[] values, byte[] prefixes, int n) {
    int i = n - 1;
    while (i > 0) {
      if (isNull(values[i])) {
        System.arraycopy(values, i + 1, values, i, n - i - 1);
        System.arraycopy(prefixes, i + 1, prefixes, i, n - i - 1);
        n--;
        i--;
        continue;
      }
      while (i >= 0 && prefixes[i] != DASH) {
        i--;
      }
      i--;
    }
    return n;
  }

  private static int keyword(String v) {
    return switch (v) {
      case "alpha" -> 0;
      case "beta" -> 1;
      case "milestone" -> 2;
      case "rc" -> 3;
      case "snapshot" -> 4;
      case "" -> RELEASE;
      case "sp" -> 6;
      default -> UNKNOWN_KEYWORD;
    };
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
