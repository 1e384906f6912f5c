package io.vigil.core.version;

import java.util.ArrayList;
import java.util.List;

/**
 * RubyGems' {@code Gem::Version} order: the version is split into numeric and alphabetic segments
 * ({@code -} reads as {@code .pre.}); a version with any letter is a prerelease and sorts before
 * its release ({@code 1.2.4.beta < 1.2.4}); trailing zeros of the numeric and of the alphabetic
 * part are dropped ({@code 1.0 == 1}); missing segments count as 0; a string segment sorts before a
 * number; strings compare by ASCII.
 *
 * <p>Invalid: empty, or characters other than ASCII letters, digits, {@code .} and {@code -}, or no
 * leading digit. ({@code Gem::Version} also rejects {@code 1beta}; the OSV fixtures order it, so it
 * is accepted.)
 */
public final class RubyGemsVersionScheme implements VersionScheme {
  static final RubyGemsVersionScheme INSTANCE = new RubyGemsVersionScheme();

  private RubyGemsVersionScheme() {}

  @Override
  public String name() {
    return "rubygems";
  }

  @Override
  public Version parse(String raw) {
    if (raw == null || raw.isBlank()) {
      return invalid(raw, "empty version");
    }
    String s = raw.strip();
    if (!Numbers.isDigit(s.charAt(0))) {
      return invalid(raw, "a gem version starts with a digit");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!Numbers.isDigit(c) && !Numbers.isLetter(c) && c != '.' && c != '-') {
        return invalid(raw, "character '" + c + "' is not allowed in a gem version");
      }
    }
    s = s.replace("-", ".pre.");
    List<Object> segments = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      int start = i;
      if (Numbers.isDigit(c)) {
        while (i < s.length() && Numbers.isDigit(s.charAt(i))) {
          i++;
        }
        segments.add(Numbers.strip(s.substring(start, i)));
      } else if (Numbers.isLetter(c)) {
        while (i < s.length() && Numbers.isLetter(s.charAt(i))) {
          i++;
        }
        segments.add(s.substring(start, i));
      } else {
        i++;
      }
    }
    // canonical segments: drop trailing zeros of the numeric part and of the rest
    int firstString = segments.size();
    for (int k = 0; k < segments.size(); k++) {
      if (!Numbers.allDigits((String) segments.get(k))) {
        firstString = k;
        break;
      }
    }
    List<String> canonical = new ArrayList<>();
    addWithoutTrailingZeros(segments.subList(0, firstString), canonical);
    addWithoutTrailingZeros(segments.subList(firstString, segments.size()), canonical);
    return new GemVersion(raw, canonical.toArray(new String[0]));
  }

  private static void addWithoutTrailingZeros(List<Object> part, List<String> out) {
    int end = part.size();
    while (end > 0 && "0".equals(part.get(end - 1))) {
      end--;
    }
    for (int k = 0; k < end; k++) {
      out.add((String) part.get(k));
    }
  }

  static final class GemVersion extends Version {
    private final String[] segments;

    GemVersion(String raw, String[] segments) {
      super(raw);
      this.segments = segments;
    }

    @Override
    public VersionScheme scheme() {
      return INSTANCE;
    }

    @Override
    protected int compareValid(Version o) {
      GemVersion w = (GemVersion) o;
      int n = Math.max(segments.length, w.segments.length);
      for (int i = 0; i < n; i++) {
        String a = i < segments.length ? segments[i] : "0";
        String b = i < w.segments.length ? w.segments[i] : "0";
        boolean an = Numbers.isDigit(a.charAt(0));
        boolean bn = Numbers.isDigit(b.charAt(0));
        int c;
        if (an && bn) {
          c = Numbers.compare(a, b);
        } else if (an) {
          c = 1;
        } else if (bn) {
          c = -1;
        } else {
          c = a.compareTo(b);
        }
        if (c != 0) {
          return c;
        }
      }
      return 0;
    }
  }
}
