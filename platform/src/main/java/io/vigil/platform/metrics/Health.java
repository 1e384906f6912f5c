package io.vigil.platform.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/** A readiness verdict with the checks behind it. */
public record Health(boolean up, Map<String, String> checks) {
  public static Health healthy() {
    return new Health(true, Map.of());
  }

  /** Up when every check passed; {@code checks} maps a check name to its detail. */
  public static Health of(Map<String, Boolean> results, Map<String, String> details) {
    boolean all = results.values().stream().allMatch(Boolean::booleanValue);
    Map<String, String> c = new LinkedHashMap<>();
    results.forEach(
        (k, v) ->
            c.put(
                k,
                (v ? "UP" : "DOWN") + (details.containsKey(k) ? " (" + details.get(k) + ")" : "")));
    return new Health(all, c);
  }

  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", up ? "UP" : "DOWN");
    m.put("checks", checks);
    return m;
  }
}
