package io.vigil.core.ssvc;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The base metrics of a CVSS v3.0, v3.1 or v4.0 vector, as SSVC reads them. Only vectors with every
 * base metric of their version, each with a value the specification allows, are read (anything else
 * is empty: never a guess from a partial vector).
 *
 * @param vector the vector as written
 * @param major 3 or 4
 * @param metrics metric → value, base and any other metrics the vector states
 */
record CvssVector(String vector, int major, Map<String, String> metrics) {
  private static final Map<String, Set<String>> V3 =
      Map.of(
          "AV", Set.of("N", "A", "L", "P"),
          "AC", Set.of("L", "H"),
          "PR", Set.of("N", "L", "H"),
          "UI", Set.of("N", "R"),
          "S", Set.of("U", "C"),
          "C", Set.of("N", "L", "H"),
          "I", Set.of("N", "L", "H"),
          "A", Set.of("N", "L", "H"));
  private static final Map<String, Set<String>> V4 =
      Map.ofEntries(
          Map.entry("AV", Set.of("N", "A", "L", "P")),
          Map.entry("AC", Set.of("L", "H")),
          Map.entry("AT", Set.of("N", "P")),
          Map.entry("PR", Set.of("N", "L", "H")),
          Map.entry("UI", Set.of("N", "P", "A")),
          Map.entry("VC", Set.of("N", "L", "H")),
          Map.entry("VI", Set.of("N", "L", "H")),
          Map.entry("VA", Set.of("N", "L", "H")),
          Map.entry("SC", Set.of("N", "L", "H")),
          Map.entry("SI", Set.of("N", "L", "H", "S")),
          Map.entry("SA", Set.of("N", "L", "H", "S")));

  static Optional<CvssVector> parse(String vector) {
    if (vector == null) {
      return Optional.empty();
    }
    String v = vector.strip();
    int major;
    Map<String, Set<String>> base;
    if (v.startsWith("CVSS:3.0/") || v.startsWith("CVSS:3.1/")) {
      major = 3;
      base = V3;
    } else if (v.startsWith("CVSS:4.0/")) {
      major = 4;
      base = V4;
    } else {
      return Optional.empty();
    }
    Map<String, String> metrics = new HashMap<>();
    String[] parts = v.substring(9).split("/");
    for (String part : parts) {
      int colon = part.indexOf(':');
      if (colon <= 0 || colon == part.length() - 1) {
        return Optional.empty();
      }
      if (metrics.put(part.substring(0, colon), part.substring(colon + 1)) != null) {
        return Optional.empty(); // a metric twice: the specification forbids it
      }
    }
    for (Map.Entry<String, Set<String>> m : base.entrySet()) {
      String value = metrics.get(m.getKey());
      if (value == null || !m.getValue().contains(value)) {
        return Optional.empty();
      }
    }
    return Optional.of(new CvssVector(v, major, Map.copyOf(metrics)));
  }

  String get(String metric) {
    return metrics.get(metric);
  }

  /** Confidentiality impact: v3 {@code C}, v4 {@code VC} (the vulnerable system). */
  String confidentiality() {
    return major == 4 ? get("VC") : get("C");
  }

  /** Integrity impact: v3 {@code I}, v4 {@code VI} (the vulnerable system). */
  String integrity() {
    return major == 4 ? get("VI") : get("I");
  }
}
