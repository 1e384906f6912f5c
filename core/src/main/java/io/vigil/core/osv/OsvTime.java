package io.vigil.core.osv;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.time.format.DateTimeParseException;

/**
 * The times of OSV records ({@code modified}, {@code published}, {@code withdrawn}): RFC 3339 as
 * {@link Instant#parse} reads it, with a fast path for the form OSV records use ({@code
 * 2024-01-02T03:04:05Z}, optionally with 1 to 9 fraction digits). {@code Instant.parse} goes
 * through a {@code DateTimeFormatter} and was a third of ingest-advisories' normalizer time;
 * anything the fast path does not recognise (offsets, leap seconds, out-of-range fields, other
 * lengths) is left to {@code Instant.parse}, so results and errors are exactly its own.
 */
public final class OsvTime {
  private OsvTime() {}

  /** The instant, or a {@link DateTimeParseException}. */
  public static Instant parse(String t) {
    Instant fast = utcInstant(t);
    return fast != null ? fast : Instant.parse(t);
  }

  /** Whether {@link #parse} reads the text. */
  public static boolean isTime(String t) {
    if (utcInstant(t) != null) {
      return true;
    }
    try {
      Instant.parse(t);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static Instant utcInstant(String t) {
    int n = t.length();
    if (n < 20
        || n == 21
        || n > 30
        || t.charAt(4) != '-'
        || t.charAt(7) != '-'
        || t.charAt(10) != 'T'
        || t.charAt(13) != ':'
        || t.charAt(16) != ':'
        || t.charAt(n - 1) != 'Z'
        || n > 20 && t.charAt(19) != '.') {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 2);
    int day = digits(t, 8, 2);
    int hour = digits(t, 11, 2);
    int minute = digits(t, 14, 2);
    int second = digits(t, 17, 2);
    int fraction = n > 20 ? digits(t, 20, n - 21) : 0;
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > Month.of(month).length(Year.isLeap(year))
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59
        || fraction < 0) {
      return null;
    }
    int nanos = fraction;
    for (int i = n - 21; i < 9 && n > 20; i++) {
      nanos *= 10;
    }
    long days = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(days * 86_400L + hour * 3_600L + minute * 60L + second, nanos);
  }

  /** The decimal value of {@code len} ASCII digits at {@code from}, or -1. */
  private static int digits(String s, int from, int len) {
    int v = 0;
    for (int i = from; i < from + len; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
