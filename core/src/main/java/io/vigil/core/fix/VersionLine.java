package io.vigil.core.fix;

/**
 * The release line of a version string: its epoch, major and minor numbers, read from the leading
 * numbers the way every ecosystem Vigil orders writes them ({@code 2.14.1}, {@code v5.6.0}, Debian
 * and RPM {@code 1:2.3-4}, PEP 440 {@code 1!2.3}, Maven {@code 2.14.1-SNAPSHOT}, NuGet {@code
 * 13.0.1}). A version that does not start with a number has no line ({@link #of} returns null): it
 * is never said to stay on, or leave, a line.
 *
 * @param epoch the epoch (0 when none is written)
 * @param major the first number
 * @param minor the second number, or -1 when there is none ({@code 7}, {@code 2-beta})
 */
public record VersionLine(long epoch, long major, long minor) {

  /** The line of a version string, or null when it does not start with a number. */
  public static VersionLine of(String version) {
    if (version == null) {
      return null;
    }
    String v = version.strip();
    long epoch = 0;
    int colon = v.indexOf(':');
    int bang = v.indexOf('!');
    int cut = colon > 0 ? colon : bang;
    if (cut > 0 && allDigits(v, 0, cut)) {
      epoch = number(v, 0, cut);
      v = v.substring(cut + 1);
    }
    if (v.startsWith("v") || v.startsWith("V")) {
      v = v.substring(1);
    }
    int end = digitsEnd(v, 0);
    if (end == 0) {
      return null;
    }
    long major = number(v, 0, end);
    long minor = -1;
    if (end < v.length() && v.charAt(end) == '.') {
      int minorEnd = digitsEnd(v, end + 1);
      if (minorEnd > end + 1) {
        minor = number(v, end + 1, minorEnd);
      }
    }
    return new VersionLine(epoch, major, minor);
  }

  /** Same epoch and major. */
  public boolean sameMajor(VersionLine other) {
    return other != null && epoch == other.epoch && major == other.major;
  }

  /** Same epoch, major and minor (both having a minor). */
  public boolean sameMinor(VersionLine other) {
    return sameMajor(other) && minor >= 0 && minor == other.minor;
  }

  private static int digitsEnd(String s, int from) {
    int i = from;
    while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
      i++;
    }
    return i;
  }

  private static boolean allDigits(String s, int from, int to) {
    return digitsEnd(s, from) == to;
  }

  /** The number, saturated at Long.MAX_VALUE for absurdly long digit runs. */
  private static long number(String s, int from, int to) {
    long n = 0;
    for (int i = from; i < to; i++) {
      n = n > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : n * 10 + (s.charAt(i) - '0');
    }
    return n;
  }
}
