package io.vigil.core.osv;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * CVSS base scores from vector strings: v2 (NVD's formula), v3.0 and v3.1 (FIRST specification
 * formulas, including each version's round-up), and v4.0 (see {@link Cvss4}). Temporal and
 * environmental metrics are ignored: OSV severities are base scores.
 */
public final class Cvss {
  private Cvss() {}

  /** The base score of a vector of the given OSV severity type, or empty when it cannot be read. */
  public static OptionalDouble baseScore(String type, String vector) {
    if (type == null || vector == null) {
      return OptionalDouble.empty();
    }
    try {
      return switch (type) {
        case "CVSS_V2" -> OptionalDouble.of(v2(vector));
        case "CVSS_V3" -> OptionalDouble.of(v3(vector));
        case "CVSS_V4" -> Cvss4.baseScore(vector);
        default -> OptionalDouble.empty();
      };
    } catch (IllegalArgumentException e) {
      return OptionalDouble.empty();
    }
  }

  /**
   * The CVSS v3 qualitative rating of a score (also used for v2 and v4 scores, as osv-scanner
   * does).
   */
  public static String rating(double score) {
    if (score == 0.0) {
      return "NONE";
    }
    if (score < 4.0) {
      return "LOW";
    }
    if (score < 7.0) {
      return "MEDIUM";
    }
    if (score < 9.0) {
      return "HIGH";
    }
    return "CRITICAL";
  }

  static Map<String, String> metrics(String vector, int skipPrefixParts) {
    Map<String, String> m = new HashMap<>();
    String[] parts = vector.trim().split("/");
    for (int i = skipPrefixParts; i < parts.length; i++) {
      int colon = parts[i].indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("bad metric '" + parts[i] + "'");
      }
      m.put(parts[i].substring(0, colon), parts[i].substring(colon + 1));
    }
    return m;
  }

  private static String need(Map<String, String> m, String key) {
    String v = m.get(key);
    if (v == null) {
      throw new IllegalArgumentException("missing metric " + key);
    }
    return v;
  }

  /** CVSS v3.0 / v3.1 base score. */
  static double v3(String vector) {
    if (!vector.startsWith("CVSS:3.")) {
      throw new IllegalArgumentException("not a CVSS v3 vector");
    }
    boolean v30 = vector.startsWith("CVSS:3.0/");
    Map<String, String> m = metrics(vector, 1);
    boolean changed = need(m, "S").equals("C");
    double av =
        switch (need(m, "AV")) {
          case "N" -> 0.85;
          case "A" -> 0.62;
          case "L" -> 0.55;
          case "P" -> 0.2;
          default -> throw new IllegalArgumentException("AV");
        };
    double ac =
        switch (need(m, "AC")) {
          case "L" -> 0.77;
          case "H" -> 0.44;
          default -> throw new IllegalArgumentException("AC");
        };
    double pr =
        switch (need(m, "PR")) {
          case "N" -> 0.85;
          case "L" -> changed ? 0.68 : 0.62;
          case "H" -> changed ? 0.5 : 0.27;
          default -> throw new IllegalArgumentException("PR");
        };
    double ui =
        switch (need(m, "UI")) {
          case "N" -> 0.85;
          case "R" -> 0.62;
          default -> throw new IllegalArgumentException("UI");
        };
    double c = cia3(need(m, "C"));
    double i = cia3(need(m, "I"));
    double a = cia3(need(m, "A"));
    double iss = 1 - (1 - c) * (1 - i) * (1 - a);
    double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
    double exploitability = 8.22 * av * ac * pr * ui;
    if (impact <= 0) {
      return 0.0;
    }
    double raw =
        changed
            ? Math.min(1.08 * (impact + exploitability), 10)
            : Math.min(impact + exploitability, 10);
    return v30 ? Math.ceil(raw * 10) / 10.0 : roundUp31(raw);
  }

  private static double cia3(String v) {
    return switch (v) {
      case "H" -> 0.56;
      case "L" -> 0.22;
      case "N" -> 0.0;
      default -> throw new IllegalArgumentException("CIA");
    };
  }

  /** CVSS v3.1 Appendix A round-up. */
  static double roundUp31(double x) {
    long intInput = Math.round(x * 100000);
    if (intInput % 10000 == 0) {
      return intInput / 100000.0;
    }
    return (Math.floor(intInput / 10000.0) + 1) / 10.0;
  }

  /** CVSS v2 base score. */
  static double v2(String vector) {
    String v = vector.startsWith("(") ? vector.substring(1, vector.length() - 1) : vector;
    if (v.startsWith("CVSS:2.0/")) {
      v = v.substring(9);
    }
    Map<String, String> m = metrics(v, 0);
    double av =
        switch (need(m, "AV")) {
          case "L" -> 0.395;
          case "A" -> 0.646;
          case "N" -> 1.0;
          default -> throw new IllegalArgumentException("AV");
        };
    double ac =
        switch (need(m, "AC")) {
          case "H" -> 0.35;
          case "M" -> 0.61;
          case "L" -> 0.71;
          default -> throw new IllegalArgumentException("AC");
        };
    double au =
        switch (need(m, "Au")) {
          case "M" -> 0.45;
          case "S" -> 0.56;
          case "N" -> 0.704;
          default -> throw new IllegalArgumentException("Au");
        };
    double c = cia2(need(m, "C"));
    double i = cia2(need(m, "I"));
    double a = cia2(need(m, "A"));
    double impact = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a));
    double exploitability = 20 * av * ac * au;
    double f = impact == 0 ? 0 : 1.176;
    double score = ((0.6 * impact) + (0.4 * exploitability) - 1.5) * f;
    return Math.round(score * 10) / 10.0;
  }

  private static double cia2(String v) {
    return switch (v) {
      case "N" -> 0.0;
      case "P" -> 0.275;
      case "C" -> 0.660;
      default -> throw new IllegalArgumentException("CIA");
    };
  }
}
