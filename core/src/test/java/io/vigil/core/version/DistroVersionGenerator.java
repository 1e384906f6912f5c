package io.vigil.core.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random version strings in the grammars of dpkg, rpm and apk, shaped like the versions the
 * distributions publish ({@code 1:2.4.47-2+deb9u1}, {@code 1.1.1k-6.el8_5}, {@code
 * 1.2.4_git20230717-r5}) and salted with the characters each order treats specially ({@code ~},
 * {@code ^}, {@code +}, letters after digits, leading zeros, epochs), plus pairs that differ in one
 * place so the comparisons are decided deep inside the strings, not by the first number.
 *
 * <p>Deterministic for a given {@link Random}: the conformance tests use a fixed seed so a failure
 * can be reproduced; the property tests get their randomness from jqwik.
 */
final class DistroVersionGenerator {
  private DistroVersionGenerator() {}

  private static final String[] DEB_REVISION_TAILS = {
    "",
    "+deb9u1",
    "+deb11u3",
    "~deb12u1",
    "ubuntu1",
    "ubuntu0.22.04.1",
    "build1",
    "+b1",
    "+b2",
    "~bpo11+1",
    ".1",
    "+esm1",
    "~rc1"
  };
  private static final String[] RPM_RELEASE_TAILS = {
    "",
    ".el8",
    ".el8_6",
    ".el9_2.1",
    ".fc38",
    ".module+el8.6.0+1234+abcd",
    "~rc1",
    "^git2",
    ".1",
    "_1",
    ".alma",
    ".1.rocky"
  };
  private static final String[] APK_SUFFIXES = {
    "_alpha", "_beta", "_pre", "_rc", "_cvs", "_svn", "_git", "_hg", "_p"
  };

  /** A dpkg version: {@code [epoch:]upstream[-revision]}. */
  static String dpkg(Random r) {
    StringBuilder b = new StringBuilder();
    if (r.nextInt(5) == 0) {
      b.append(pick(r, "0", "1", "2", "3", "10", "01")).append(':');
    }
    b.append(number(r));
    int parts = r.nextInt(4);
    for (int i = 0; i < parts; i++) {
      b.append(pick(r, ".", ".", ".", "+", "~", "-")).append(segment(r, "abcdfgilprsuz"));
    }
    if (r.nextInt(6) == 0) {
      b.append(pick(r, "~rc1", "~beta2", "~dfsg", "+dfsg", "+really1.0", "a", "b", "+git20230101"));
    }
    if (r.nextInt(4) != 0) {
      b.append('-').append(number(r)).append(pick(r, DEB_REVISION_TAILS));
    }
    return b.toString();
  }

  /** An rpm version: {@code [epoch:]version[-release]}. */
  static String rpm(Random r) {
    StringBuilder b = new StringBuilder();
    if (r.nextInt(5) == 0) {
      b.append(pick(r, "0", "1", "2", "3", "10", "01")).append(':');
    }
    b.append(number(r));
    int parts = r.nextInt(4);
    for (int i = 0; i < parts; i++) {
      b.append(pick(r, ".", ".", ".", "_", "+", "~", "^")).append(segment(r, "abcgkprtz"));
    }
    if (r.nextInt(6) == 0) {
      b.append(pick(r, "~rc1", "~beta", "^20230101git1a2b3c", "^post1", "a", "k", "p1"));
    }
    if (r.nextInt(4) != 0) {
      b.append('-').append(number(r)).append(pick(r, RPM_RELEASE_TAILS));
    }
    return b.toString();
  }

  /** An apk version: {@code digits(.digits)*[letter](_suffix[digits])*[-rN]}. */
  static String apk(Random r) {
    StringBuilder b = new StringBuilder(number(r));
    int parts = r.nextInt(4);
    for (int i = 0; i < parts; i++) {
      b.append('.').append(number(r));
    }
    if (r.nextInt(6) == 0) {
      b.append((char) ('a' + r.nextInt(26)));
    }
    int suffixes = r.nextInt(4) == 0 ? 1 + r.nextInt(2) : 0;
    for (int i = 0; i < suffixes; i++) {
      b.append(pick(r, APK_SUFFIXES));
      if (r.nextBoolean()) {
        b.append(r.nextInt(3) == 0 ? "20230717" : String.valueOf(r.nextInt(12)));
      }
    }
    if (r.nextInt(3) != 0) {
      b.append("-r").append(r.nextInt(12));
    }
    return b.toString();
  }

  /**
   * A version close to {@code v}: one character changed, a piece appended, or a piece cut, so the
   * pair is decided where it differs.
   */
  static String near(Random r, String v, String alphabet) {
    StringBuilder b = new StringBuilder(v);
    switch (r.nextInt(5)) {
      case 0 -> {
        int i = r.nextInt(b.length());
        char c = b.charAt(i);
        if (Character.isDigit(c)) {
          b.setCharAt(i, (char) ('0' + r.nextInt(10)));
        } else if (Character.isLetter(c)) {
          b.setCharAt(i, (char) ('a' + r.nextInt(26)));
        }
      }
      case 1 -> b.append(pick(r, alphabet.split(" ")));
      case 2 -> {
        int cut = 1 + r.nextInt(b.length());
        b.setLength(cut);
      }
      case 3 -> {
        int i = r.nextInt(b.length() + 1);
        b.insert(i, pick(r, "0", "1", "9", "00"));
      }
      default -> {
        int i = b.lastIndexOf("-");
        if (i > 0) {
          b.setLength(i);
          b.append('-').append(r.nextInt(20));
        } else {
          b.append(".").append(r.nextInt(5));
        }
      }
    }
    String out = b.toString();
    return out.isEmpty() ? v : out;
  }

  /** Half independent pairs, half near pairs; both orders of a pair are compared by the tests. */
  static List<String[]> pairs(
      Random r, int count, java.util.function.Function<Random, String> gen, String appendAlphabet) {
    List<String[]> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String a = gen.apply(r);
      String b = r.nextBoolean() ? gen.apply(r) : near(r, a, appendAlphabet);
      out.add(new String[] {a, b});
    }
    return out;
  }

  private static String number(Random r) {
    return switch (r.nextInt(8)) {
      case 0 -> "0";
      case 1 -> String.valueOf(r.nextInt(3));
      case 2 -> "0" + r.nextInt(10);
      case 3 -> String.valueOf(20000000 + r.nextInt(40000000));
      default -> String.valueOf(r.nextInt(40));
    };
  }

  private static String segment(Random r, String letters) {
    return switch (r.nextInt(6)) {
      case 0 -> String.valueOf(letters.charAt(r.nextInt(letters.length())));
      case 1 -> number(r) + letters.charAt(r.nextInt(letters.length()));
      case 2 -> letters.charAt(r.nextInt(letters.length())) + number(r);
      default -> number(r);
    };
  }

  @SafeVarargs
  private static <T> T pick(Random r, T... choices) {
    return choices[r.nextInt(choices.length)];
  }
}
