package io.vigil.console.portfolio;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.console.view.Charts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Portfolio's time-to-fix panel, from the correlator's {@code GET
 * /api/v1/remediation/time-to-fix}: per severity and KEV or not, how many exposures were fixed
 * (component upgraded or removed), the median and 90th percentile of first seen → fixed, and the
 * histogram; a chart of the median per severity (in days, or hours when every median is under two
 * days). Pure.
 *
 * @param rows the severities (worst first), then KEV and not KEV
 * @param bucketDays the histogram's bounds in days (the last bucket has none: longer)
 * @param chart the medians as SVG bars (days or hours, rounded)
 * @param fixed all fixed exposures
 */
public record TimeToFixPanel(List<Row> rows, List<Long> bucketDays, String chart, long fixed) {

  /**
   * One group.
   *
   * @param label {@code CRITICAL}…, {@code In KEV}, {@code Not in KEV}
   * @param severity the severity (for its colour), or null for the KEV rows
   * @param median {@code 3.5 d}, or {@code –} when nothing was fixed
   * @param histogram counts per bucket of {@link #bucketDays} (one more: longer)
   */
  public record Row(
      String label, String severity, long fixed, String median, String p90, List<Long> histogram) {}

  public static TimeToFixPanel of(JsonNode answer) {
    List<Row> rows = new ArrayList<>();
    double longest = 0;
    for (JsonNode n : answer.path("bySeverity")) {
      longest = Math.max(longest, n.path("medianSeconds").asDouble(0));
    }
    // in days, or in hours when every median is under two days
    boolean hours = longest < 2 * 86_400;
    List<Charts.Bar> bars = new ArrayList<>();
    for (JsonNode n : answer.path("bySeverity")) {
      String sev = n.path("severity").asText();
      Row r = row(sev, sev, n);
      rows.add(r);
      if (r.fixed() > 0) {
        double seconds = n.path("medianSeconds").asDouble();
        long value = Math.round(hours ? seconds / 3600 : seconds / 86_400);
        bars.add(
            new Charts.Bar(
                sev + (hours ? " (hours)" : " (days)"), value, Charts.severityClass(sev)));
      }
    }
    for (JsonNode n : answer.path("byKev")) {
      rows.add(row(n.path("kev").asBoolean() ? "In KEV" : "Not in KEV", null, n));
    }
    List<Long> bucketDays = new ArrayList<>();
    answer.path("bucketDays").forEach(b -> bucketDays.add(b.asLong()));
    return new TimeToFixPanel(
        List.copyOf(rows),
        List.copyOf(bucketDays),
        bars.isEmpty()
            ? ""
            : Charts.bars("Median time to fix by severity, in " + (hours ? "hours" : "days"), bars),
        answer.path("all").path("fixed").asLong());
  }

  private static Row row(String label, String severity, JsonNode n) {
    List<Long> hist = new ArrayList<>();
    n.path("histogram").forEach(b -> hist.add(b.path("count").asLong()));
    return new Row(
        label,
        severity,
        n.path("fixed").asLong(),
        days(n.path("medianSeconds")),
        days(n.path("p90Seconds")),
        List.copyOf(hist));
  }

  /** Seconds as days with one decimal ({@code 19.5 d}), hours under a day, or {@code –}. */
  static String days(JsonNode seconds) {
    if (!seconds.isNumber()) {
      return "–";
    }
    long s = seconds.asLong();
    if (s < 86_400) {
      return String.format(Locale.ROOT, "%.1f h", s / 3600.0);
    }
    return String.format(Locale.ROOT, "%.1f d", s / 86_400.0);
  }

  /** The histogram's column headings: {@code ≤ 1 d}, …, {@code > 365 d}. */
  public List<String> bucketLabels() {
    List<String> out = new ArrayList<>();
    bucketDays.forEach(d -> out.add("≤ " + d + " d"));
    if (!bucketDays.isEmpty()) {
      out.add("> " + bucketDays.get(bucketDays.size() - 1) + " d");
    }
    return out;
  }
}
