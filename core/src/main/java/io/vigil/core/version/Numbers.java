package io.vigil.core.version;

/** Arbitrary-size comparisons of ASCII digit runs, without allocating big integers. */
final class Numbers {
  private Numbers() {}

  private static final String[] SMALL = new String[1000];

  static {
    for (int i = 0; i < SMALL.length; i++) {
      SMALL[i] = Integer.toString(i).intern();
    }
  }

  /**
   * The digits {@code s[start,end)} as a string without leading zeros, shared for numbers below
   * 1000 so the common version components allocate nothing.
   */
  static String digits(String s, int start, int end) {
    while (start < end - 1 && s.charAt(start) == '0') {
      start++;
    }
    int len = end - start;
    if (len <= 3) {
      int v = 0;
      for (int i = start; i < end; i++) {
        v = v * 10 + (s.charAt(i) - '0');
      }
      return SMALL[v];
    }
    return s.substring(start, end);
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean allDigits(CharSequence s) {
    if (s.length() == 0) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Compares the numbers written by the digit runs {@code a[as,ae)} and {@code b[bs,be)}. */
  static int compare(CharSequence a, int as, int ae, CharSequence b, int bs, int be) {
    while (as < ae && a.charAt(as) == '0') {
      as++;
    }
    while (bs < be && b.charAt(bs) == '0') {
      bs++;
    }
    int la = ae - as;
    int lb = be - bs;
    if (la != lb) {
      return la < lb ? -1 : 1;
    }
    for (int i = 0; i < la; i++) {
      char ca = a.charAt(as + i);
      char cb = b.charAt(bs + i);
      if (ca != cb) {
        return ca < cb ? -1 : 1;
      }
    }
    return 0;
  }

  /** Compares two all-digit strings numerically. */
  static int compare(String a, String b) {
    return compare(a, 0, a.length(), b, 0, b.length());
  }

  /** The digit string without leading zeros ({@code "0"} for zero). */
  static String strip(String digits) {
    int i = 0;
    while (i < digits.length() - 1 && digits.charAt(i) == '0') {
      i++;
    }
    return i == 0 ? digits : digits.substring(i);
  }

  static boolean isZero(String digits) {
    for (int i = 0; i < digits.length(); i++) {
      if (digits.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }
}
