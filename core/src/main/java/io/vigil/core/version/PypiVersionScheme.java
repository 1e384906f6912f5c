package io.vigil.core.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEP 440 ordering for PyPI: epoch, release (zero-padded), pre ({@code a < b < rc}, with the
 * spellings {@code alpha}, {@code beta}, {@code c}, {@code pre}, {@code preview}), post ({@code
 * .postN}, {@code -N}, {@code rN}, {@code revN}), dev, and local segments (numeric segments beat
 * alphanumeric ones). {@code 1.0.dev0 < 1.0a0} (a dev release of a final sorts before its
 * pre-releases).
 *
 * <p>Strings that are not PEP 440 are "legacy versions", which pip's old {@code
 * LegacyVersion}/setuptools ordering still sorts: before every PEP 440 version, among themselves by
 * setuptools' component rules. They are valid here (the OSV fixtures order them) but carry a {@link
 * Version#note() note}. Only the empty string is invalid.
 */
public final class PypiVersionScheme implements VersionScheme {
  static final PypiVersionScheme INSTANCE = new PypiVersionScheme();

  private static final Pattern LEGACY_PART = Pattern.compile("\\d+|[a-z]+|\\.|-");

  private PypiVersionScheme() {}

  @Override
  public String name() {
    return "pypi";
  }

  @Override
  public Version parse(String raw) {
    if (raw == null || raw.isBlank()) {
      return invalid(raw, "empty version");
    }
    String s = raw.toLowerCase(Locale.ROOT);
    PypiVersion v = new Pep440Parser(s.strip(), raw).parse();
    return v != null ? v : new PypiVersion(raw, legacyParts(s.trim()));
  }

  /**
   * A hand-written recogniser of the PEP 440 grammar (Appendix B's regular expression), without
   * regular expressions: {@code v? [N!] N(.N)* [pre] [post] [dev] [+local]}, separators {@code
   * [-_.]} optional where the PEP allows them. Returns null when the string is not PEP 440.
   */
  private static final class Pep440Parser {
    private final String s;
    private final String raw;
    private int i;

    Pep440Parser(String s, String raw) {
      this.s = s;
      this.raw = raw;
    }

    private boolean at(char c) {
      return i < s.length() && s.charAt(i) == c;
    }

    private boolean digitAt(int k) {
      return k < s.length() && Numbers.isDigit(s.charAt(k));
    }

    private boolean sepAt(int k) {
      if (k >= s.length()) {
        return false;
      }
      char c = s.charAt(k);
      return c == '-' || c == '_' || c == '.';
    }

    private String number() {
      int start = i;
      while (digitAt(i)) {
        i++;
      }
      return start == i ? null : Numbers.digits(s, start, i);
    }

    /** The keyword among {@code words} starting at {@code k}, or null. */
    private String word(int k, String... words) {
      for (String w : words) {
        if (s.startsWith(w, k)) {
          return w;
        }
      }
      return null;
    }

    PypiVersion parse() {
      if (at('v')) {
        i++;
      }
      String epoch = "0";
      int save = i;
      String first = number();
      if (first == null) {
        return null;
      }
      if (at('!')) {
        i++;
        epoch = first;
        first = number();
        if (first == null) {
          return null;
        }
      } else {
        i = save;
        first = number();
      }
      java.util.List<String> release = new java.util.ArrayList<>(4);
      release.add(first);
      while (at('.') && digitAt(i + 1)) {
        i++;
        release.add(number());
      }
      // pre: [-_.]? (alpha|beta|preview|pre|rc|a|b|c) [-_.]? N?
      int preRank = -1;
      String preNum = null;
      int k = sepAt(i) ? i + 1 : i;
      String pre = word(k, "alpha", "beta", "preview", "pre", "rc", "a", "b", "c");
      if (pre != null) {
        i = k + pre.length();
        preRank =
            switch (pre) {
              case "a", "alpha" -> 0;
              case "b", "beta" -> 1;
              default -> 2;
            };
        preNum = optionalNumber();
      }
      // post: -N | [-_.]? (post|rev|r) [-_.]? N?
      String post = null;
      if (at('-') && digitAt(i + 1)) {
        i++;
        post = number();
      } else {
        k = sepAt(i) ? i + 1 : i;
        String word = word(k, "post", "rev", "r");
        if (word != null) {
          i = k + word.length();
          post = optionalNumber();
        }
      }
      // dev: [-_.]? dev [-_.]? N?
      String dev = null;
      k = sepAt(i) ? i + 1 : i;
      if (s.startsWith("dev", k)) {
        i = k + 3;
        dev = optionalNumber();
      }
      String[] local = NO_LOCAL;
      if (at('+')) {
        i++;
        int start = i;
        java.util.List<String> parts = new java.util.ArrayList<>(2);
        while (true) {
          int segStart = i;
          while (i < s.length()
              && (Numbers.isDigit(s.charAt(i)) || (s.charAt(i) >= 'a' && s.charAt(i) <= 'z'))) {
            i++;
          }
          if (segStart == i) {
            return null;
          }
          parts.add(s.substring(segStart, i));
          if (sepAt(i) && i + 1 < s.length()) {
            i++;
            continue;
          }
          break;
        }
        if (start == i) {
          return null;
        }
        local = parts.toArray(new String[0]);
      }
      if (i != s.length()) {
        return null;
      }
      return new PypiVersion(
          raw, epoch, release.toArray(new String[0]), preRank, preNum, post, dev, local);
    }

    /** {@code [-_.]? N?}: the number, or "0" when absent (the separator is taken only with it). */
    private String optionalNumber() {
      int k = sepAt(i) ? i + 1 : i;
      if (digitAt(k)) {
        i = k;
        return number();
      }
      if (k > i && (k == s.length() || sepAt(k) || s.charAt(k) == '+')) {
        i = k; // a separator with no number, as the PEP's pattern allows, before an end or another
        // separator
      }
      return "0";
    }
  }

  private static final String[] NO_LOCAL = new String[0];

  /** setuptools' legacy parse: components padded for string comparison. */
  private static String legacyParts(String s) {
    List<String> parts = new ArrayList<>();
    Matcher m = LEGACY_PART.matcher(s);
    List<String> pieces = new ArrayList<>();
    while (m.find()) {
      pieces.add(m.group());
    }
    pieces.add("final");
    for (String piece : pieces) {
      if (piece.isEmpty() || piece.equals(".")) {
        continue;
      }
      String part;
      switch (piece) {
        case "pre", "preview", "rc" -> part = "*c";
        case "-" -> part = "*final-";
        case "dev" -> part = "*@";
        default -> part = Numbers.isDigit(piece.charAt(0)) ? pad8(piece) : "*" + piece;
      }
      if (part.startsWith("*")) {
        if (part.compareTo("*final") < 0) {
          while (!parts.isEmpty() && parts.get(parts.size() - 1).equals("*final-")) {
            parts.remove(parts.size() - 1);
          }
        }
        while (!parts.isEmpty() && parts.get(parts.size() - 1).equals("00000000")) {
          parts.remove(parts.size() - 1);
        }
      }
      parts.add(part);
    }
    return String.join("", parts);
  }

  private static String pad8(String digits) {
    return digits.length() >= 8 ? digits : "0".repeat(8 - digits.length()) + digits;
  }

  static final class PypiVersion extends Version {
    private final String legacy;
    private final String epoch;
    private final String[] release;
    private final int preRank;
    private final String preNum;
    private final String post;
    private final String dev;
    private final String[] local;

    PypiVersion(String raw, String legacy) {
      super(raw);
      this.legacy = legacy;
      this.epoch = null;
      this.release = null;
      this.preRank = -1;
      this.preNum = null;
      this.post = null;
      this.dev = null;
      this.local = null;
    }

    PypiVersion(
        String raw,
        String epoch,
        String[] release,
        int preRank,
        String preNum,
        String post,
        String dev,
        String[] local) {
      super(raw);
      this.legacy = null;
      this.epoch = epoch;
      this.release = release;
      this.preRank = preRank;
      this.preNum = preNum;
      this.post = post;
      this.dev = dev;
      this.local = local;
    }

    @Override
    public VersionScheme scheme() {
      return INSTANCE;
    }

    @Override
    public String note() {
      return legacy == null
          ? null
          : "not a PEP 440 version: ordered as a legacy version, before every PEP 440 version";
    }

    @Override
    protected int compareValid(Version o) {
      PypiVersion w = (PypiVersion) o;
      if (legacy != null || w.legacy != null) {
        if (legacy == null) {
          return 1;
        }
        if (w.legacy == null) {
          return -1;
        }
        return legacy.compareTo(w.legacy);
      }
      int c = Numbers.compare(epoch, w.epoch);
      if (c != 0) {
        return c;
      }
      int n = Math.max(release.length, w.release.length);
      for (int i = 0; i < n; i++) {
        c =
            Numbers.compare(
                i < release.length ? release[i] : "0", i < w.release.length ? w.release[i] : "0");
        if (c != 0) {
          return c;
        }
      }
      c = comparePre(w);
      if (c != 0) {
        return c;
      }
      c = compareOptional(post, w.post, -1);
      if (c != 0) {
        return c;
      }
      c = compareOptional(dev, w.dev, 1);
      if (c != 0) {
        return c;
      }
      return compareLocal(w);
    }

    /** A dev release with no pre or post sorts before every pre-release of its release. */
    private boolean devOnly() {
      return preNum == null && post == null && dev != null;
    }

    private int comparePre(PypiVersion w) {
      if (devOnly() || w.devOnly()) {
        return devOnly() == w.devOnly() ? 0 : devOnly() ? -1 : 1;
      }
      if (preNum == null || w.preNum == null) {
        return preNum == w.preNum ? 0 : preNum == null ? 1 : -1;
      }
      int c = Integer.compare(preRank, w.preRank);
      return c != 0 ? c : Numbers.compare(preNum, w.preNum);
    }

    /** Compares optional numbers; {@code absent} is the sign of "absent versus present". */
    private static int compareOptional(String a, String b, int absent) {
      if (a == null || b == null) {
        return a == b ? 0 : a == null ? absent : -absent;
      }
      return Numbers.compare(a, b);
    }

    private int compareLocal(PypiVersion w) {
      int n = Math.min(local.length, w.local.length);
      for (int i = 0; i < n; i++) {
        boolean an = Numbers.allDigits(local[i]);
        boolean bn = Numbers.allDigits(w.local[i]);
        int c;
        if (an && bn) {
          c = Numbers.compare(local[i], w.local[i]);
        } else if (an) {
          c = 1;
        } else if (bn) {
          c = -1;
        } else {
          c = local[i].compareTo(w.local[i]);
        }
        if (c != 0) {
          return c;
        }
      }
      return Integer.compare(local.length, w.local.length);
    }
  }
}
