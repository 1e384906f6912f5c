package io.vigil.core.osv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * CVSS v4.0 base score (specification §8: MacroVector lookup, then interpolation by the severity
 * distance to the MacroVector's highest-severity vectors). Threat and environmental metrics take
 * their defaults (E:A, CR/IR/AR:H), so the result is the CVSS-B score.
 */
final class Cvss4 {
  private Cvss4() {}

  private static final Map<String, Double> LOOKUP = loadLookup();

  private static final Map<String, Double> AV = Map.of("N", 0.0, "A", 0.1, "L", 0.2, "P", 0.3);
  private static final Map<String, Double> PR = Map.of("N", 0.0, "L", 0.1, "H", 0.2);
  private static final Map<String, Double> UI = Map.of("N", 0.0, "P", 0.1, "A", 0.2);
  private static final Map<String, Double> AC = Map.of("L", 0.0, "H", 0.1);
  private static final Map<String, Double> AT = Map.of("N", 0.0, "P", 0.1);
  private static final Map<String, Double> VCIA = Map.of("H", 0.0, "L", 0.1, "N", 0.2);
  private static final Map<String, Double> SC = Map.of("H", 0.1, "L", 0.2, "N", 0.3);
  private static final Map<String, Double> SIA = Map.of("S", 0.0, "H", 0.1, "L", 0.2, "N", 0.3);
  private static final Map<String, Double> REQ = Map.of("H", 0.0, "M", 0.1, "L", 0.2);

  private static final Map<Integer, List<String>> EQ1_MAX =
      Map.of(
          0, List.of("AV:N/PR:N/UI:N"),
          1, List.of("AV:A/PR:N/UI:N", "AV:N/PR:L/UI:N", "AV:N/PR:N/UI:P"),
          2, List.of("AV:P/PR:N/UI:N", "AV:A/PR:L/UI:P"));
  private static final Map<Integer, List<String>> EQ2_MAX =
      Map.of(0, List.of("AC:L/AT:N"), 1, List.of("AC:H/AT:N", "AC:L/AT:P"));
  private static final Map<String, List<String>> EQ3EQ6_MAX =
      Map.of(
          "00", List.of("VC:H/VI:H/VA:H/CR:H/IR:H/AR:H"),
          "01", List.of("VC:H/VI:H/VA:L/CR:M/IR:M/AR:H", "VC:H/VI:H/VA:H/CR:M/IR:M/AR:M"),
          "10", List.of("VC:L/VI:H/VA:H/CR:H/IR:H/AR:H", "VC:H/VI:L/VA:H/CR:H/IR:H/AR:H"),
          "11",
              List.of(
                  "VC:L/VI:H/VA:L/CR:H/IR:M/AR:H",
                  "VC:L/VI:H/VA:H/CR:H/IR:M/AR:M",
                  "VC:H/VI:L/VA:H/CR:M/IR:H/AR:M",
                  "VC:H/VI:L/VA:L/CR:M/IR:H/AR:H",
                  "VC:L/VI:L/VA:H/CR:H/IR:H/AR:M"),
          "21", List.of("VC:L/VI:L/VA:L/CR:H/IR:H/AR:H"));
  private static final Map<Integer, List<String>> EQ4_MAX =
      Map.of(
          0, List.of("SC:H/SI:S/SA:S"), 1, List.of("SC:H/SI:H/SA:H"), 2, List.of("SC:L/SI:L/SA:L"));

  private static final double[] EQ1_DEPTH = {1, 4, 5};
  private static final double[] EQ2_DEPTH = {1, 2};
  private static final Map<String, Double> EQ3EQ6_DEPTH =
      Map.of("00", 7.0, "01", 6.0, "10", 8.0, "11", 8.0, "21", 10.0);
  private static final double[] EQ4_DEPTH = {6, 5, 4};

  static OptionalDouble baseScore(String vector) {
    if (!vector.startsWith("CVSS:4.0/")) {
      return OptionalDouble.empty();
    }
    Map<String, String> m = Cvss.metrics(vector, 1);
    for (String k : List.of("AV", "AC", "AT", "PR", "UI", "VC", "VI", "VA", "SC", "SI", "SA")) {
      if (!m.containsKey(k)) {
        return OptionalDouble.empty();
      }
    }
    m.putIfAbsent("E", "X");
    for (String k : List.of("CR", "IR", "AR")) {
      if (m.getOrDefault(k, "X").equals("X")) {
        m.put(k, "H");
      }
    }
    if (m.get("E").equals("X")) {
      m.put("E", "A");
    }
    return OptionalDouble.of(score(m));
  }

  private static double score(Map<String, String> m) {
    if (List.of("VC", "VI", "VA", "SC", "SI", "SA").stream().allMatch(k -> m.get(k).equals("N"))) {
      return 0.0;
    }
    int eq1 = eq1(m);
    int eq2 = m.get("AC").equals("L") && m.get("AT").equals("N") ? 0 : 1;
    int eq3 = eq3(m);
    int eq4 =
        m.get("SI").equals("S") || m.get("SA").equals("S")
            ? 0
            : m.get("SC").equals("H") || m.get("SI").equals("H") || m.get("SA").equals("H") ? 1 : 2;
    int eq5 =
        switch (m.get("E")) {
          case "P" -> 1;
          case "U" -> 2;
          default -> 0;
        };
    int eq6 =
        (m.get("CR").equals("H") && m.get("VC").equals("H"))
                || (m.get("IR").equals("H") && m.get("VI").equals("H"))
                || (m.get("AR").equals("H") && m.get("VA").equals("H"))
            ? 0
            : 1;
    Double value = LOOKUP.get(key(eq1, eq2, eq3, eq4, eq5, eq6));
    if (value == null) {
      throw new IllegalArgumentException("no MacroVector score");
    }
    double lowerEq1 = lookup(eq1 + 1, eq2, eq3, eq4, eq5, eq6);
    double lowerEq2 = lookup(eq1, eq2 + 1, eq3, eq4, eq5, eq6);
    double lowerEq3Eq6;
    if (eq3 == 0 && eq6 == 0) {
      lowerEq3Eq6 =
          Math.max(
              lookup(eq1, eq2, eq3, eq4, eq5, eq6 + 1), lookup(eq1, eq2, eq3 + 1, eq4, eq5, eq6));
    } else if (eq3 == 1 && eq6 == 0) {
      lowerEq3Eq6 = lookup(eq1, eq2, eq3, eq4, eq5, eq6 + 1);
    } else if ((eq3 == 1 && eq6 == 1) || (eq3 == 0 && eq6 == 1)) {
      lowerEq3Eq6 = lookup(eq1, eq2, eq3 + 1, eq4, eq5, eq6);
    } else {
      lowerEq3Eq6 = lookup(eq1, eq2, eq3 + 1, eq4, eq5, eq6 + 1);
    }
    double lowerEq4 = lookup(eq1, eq2, eq3, eq4 + 1, eq5, eq6);
    double lowerEq5 = lookup(eq1, eq2, eq3, eq4, eq5 + 1, eq6);

    // the highest-severity vector of this MacroVector that the scored vector does not exceed
    Map<String, String> max = null;
    outer:
    for (String a : EQ1_MAX.get(eq1)) {
      for (String b : EQ2_MAX.get(eq2)) {
        for (String c : EQ3EQ6_MAX.get("" + eq3 + eq6)) {
          for (String d : EQ4_MAX.get(eq4)) {
            Map<String, String> candidate = Cvss.metrics(a + "/" + b + "/" + c + "/" + d, 0);
            if (allDistancesNonNegative(m, candidate)) {
              max = candidate;
              break outer;
            }
          }
        }
      }
    }
    if (max == null) {
      throw new IllegalArgumentException("no maximal vector");
    }
    double dEq1 = d(AV, m, max, "AV") + d(PR, m, max, "PR") + d(UI, m, max, "UI");
    double dEq2 = d(AC, m, max, "AC") + d(AT, m, max, "AT");
    double dEq3Eq6 =
        d(VCIA, m, max, "VC")
            + d(VCIA, m, max, "VI")
            + d(VCIA, m, max, "VA")
            + d(REQ, m, max, "CR")
            + d(REQ, m, max, "IR")
            + d(REQ, m, max, "AR");
    double dEq4 = d(SC, m, max, "SC") + d(SIA, m, max, "SI") + d(SIA, m, max, "SA");
    double step = 0.1;
    int existing = 0;
    double sum = 0;
    if (!Double.isNaN(lowerEq1)) {
      existing++;
      sum += (value - lowerEq1) * (dEq1 / (EQ1_DEPTH[eq1] * step));
    }
    if (!Double.isNaN(lowerEq2)) {
      existing++;
      sum += (value - lowerEq2) * (dEq2 / (EQ2_DEPTH[eq2] * step));
    }
    if (!Double.isNaN(lowerEq3Eq6)) {
      existing++;
      sum += (value - lowerEq3Eq6) * (dEq3Eq6 / (EQ3EQ6_DEPTH.get("" + eq3 + eq6) * step));
    }
    if (!Double.isNaN(lowerEq4)) {
      existing++;
      sum += (value - lowerEq4) * (dEq4 / (EQ4_DEPTH[eq4] * step));
    }
    if (!Double.isNaN(lowerEq5)) {
      existing++; // EQ5 has a depth of one: its proportion is always 0
    }
    double score = value - (existing == 0 ? 0 : sum / existing);
    score = Math.max(0.0, Math.min(10.0, score));
    return Math.round(score * 10) / 10.0;
  }

  private static boolean allDistancesNonNegative(Map<String, String> m, Map<String, String> max) {
    return d(AV, m, max, "AV") >= 0
        && d(PR, m, max, "PR") >= 0
        && d(UI, m, max, "UI") >= 0
        && d(AC, m, max, "AC") >= 0
        && d(AT, m, max, "AT") >= 0
        && d(VCIA, m, max, "VC") >= 0
        && d(VCIA, m, max, "VI") >= 0
        && d(VCIA, m, max, "VA") >= 0
        && d(SC, m, max, "SC") >= 0
        && d(SIA, m, max, "SI") >= 0
        && d(SIA, m, max, "SA") >= 0
        && d(REQ, m, max, "CR") >= 0
        && d(REQ, m, max, "IR") >= 0
        && d(REQ, m, max, "AR") >= 0;
  }

  private static double d(
      Map<String, Double> levels, Map<String, String> m, Map<String, String> max, String k) {
    Double a = levels.get(m.get(k));
    Double b = levels.get(max.get(k));
    if (a == null || b == null) {
      throw new IllegalArgumentException("bad value for " + k);
    }
    return Math.round((a - b) * 10) / 10.0;
  }

  private static int eq1(Map<String, String> m) {
    boolean av = m.get("AV").equals("N");
    boolean pr = m.get("PR").equals("N");
    boolean ui = m.get("UI").equals("N");
    if (av && pr && ui) {
      return 0;
    }
    if ((av || pr || ui) && !m.get("AV").equals("P")) {
      return 1;
    }
    return 2;
  }

  private static int eq3(Map<String, String> m) {
    boolean vc = m.get("VC").equals("H");
    boolean vi = m.get("VI").equals("H");
    boolean va = m.get("VA").equals("H");
    if (vc && vi) {
      return 0;
    }
    return vc || vi || va ? 1 : 2;
  }

  private static String key(int... eq) {
    StringBuilder b = new StringBuilder(6);
    for (int e : eq) {
      b.append(e);
    }
    return b.toString();
  }

  private static double lookup(int... eq) {
    Double v = LOOKUP.get(key(eq));
    return v == null ? Double.NaN : v;
  }

  private static Map<String, Double> loadLookup() {
    Map<String, Double> m = new HashMap<>();
    try (InputStream in = Cvss4.class.getResourceAsStream("cvss4-macrovectors.txt");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] p = line.trim().split("\\s+");
        m.put(p[0], Double.parseDouble(p[1]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(m);
  }
}
