package io.vigil.console.portfolio;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.console.view.Charts;
import java.util.ArrayList;
import java.util.List;

/**
 * The Portfolio's trend panel, from the correlator's {@code GET /api/v1/exposures/trend?days=N}:
 * open exposures by severity on each day (the day's last snapshot), as SVG lines and a table. A day
 * without a snapshot is a gap, not a zero; a day not every partition reported is marked incomplete.
 * Pure.
 *
 * @param severities CRITICAL … UNKNOWN, the table's columns
 * @param days oldest first
 * @param chart the lines (one per severity that had any exposure, and the total)
 */
public record TrendPanel(List<String> severities, List<Day> days, String chart, int withData) {

  /**
   * One day.
   *
   * @param bySeverity counts in the order of {@code severities}; empty without data
   * @param open null without data
   */
  public record Day(String day, List<Long> bySeverity, Long open, Long kev, boolean complete) {}

  public static TrendPanel of(JsonNode answer) {
    List<String> severities = new ArrayList<>();
    answer.path("severities").forEach(s -> severities.add(s.asText()));
    List<Day> days = new ArrayList<>();
    List<String> x = new ArrayList<>();
    List<List<Long>> bySeverity = new ArrayList<>();
    severities.forEach(s -> bySeverity.add(new ArrayList<>()));
    List<Long> total = new ArrayList<>();
    int withData = 0;
    for (JsonNode d : answer.path("days")) {
      String day = d.path("day").asText();
      x.add(day);
      boolean data = d.path("open").isNumber();
      withData += data ? 1 : 0;
      List<Long> counts = new ArrayList<>();
      for (int i = 0; i < severities.size(); i++) {
        Long v = data ? d.path("bySeverity").path(severities.get(i)).asLong() : null;
        bySeverity.get(i).add(v);
        if (data) {
          counts.add(v);
        }
      }
      Long open = data ? d.path("open").asLong() : null;
      total.add(open);
      days.add(
          new Day(
              day,
              List.copyOf(counts),
              open,
              data ? d.path("kev").asLong() : null,
              d.path("complete").asBoolean()));
    }
    List<Charts.Series> series = new ArrayList<>();
    series.add(new Charts.Series("All open", "total", total));
    for (int i = 0; i < severities.size(); i++) {
      boolean any = bySeverity.get(i).stream().anyMatch(v -> v != null && v > 0);
      if (any) {
        series.add(
            new Charts.Series(
                severities.get(i), Charts.severityClass(severities.get(i)), bySeverity.get(i)));
      }
    }
    return new TrendPanel(
        List.copyOf(severities),
        List.copyOf(days),
        withData == 0 ? "" : Charts.lines("Open exposures by severity per day", x, series),
        withData);
  }

  /** The days with data, newest first (the table). */
  public List<Day> newestFirst() {
    List<Day> out = new ArrayList<>();
    for (int i = days.size() - 1; i >= 0; i--) {
      if (days.get(i).open() != null) {
        out.add(days.get(i));
      }
    }
    return out;
  }
}
