package io.vigil.correlator.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeMap;

/**
 * Open exposures by severity over the last days ({@code GET /api/v1/exposures/trend?days=N}): the
 * daily snapshots of every partition ({@link DailyOpen}) summed per day. Each instance sums its
 * partitions, the instance asked sums the instances; a day tells how many partitions had a snapshot
 * that day, so a day some partition missed (no instance ran it that day, or the history began that
 * day) shows as incomplete rather than as a drop. Pure.
 */
public final class OpenTrend {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final int S = TimeToFix.SEVERITIES.size();

  private final LocalDate from;
  private final LocalDate to;
  private final TreeMap<LocalDate, long[]> days = new TreeMap<>();

  /** The days from {@code from} to {@code to}, both included. */
  public OpenTrend(LocalDate from, LocalDate to) {
    this.from = from;
    this.to = to;
  }

  /** The days to read, oldest first. */
  public List<LocalDate> days() {
    return from.datesUntil(to.plusDays(1)).toList();
  }

  /** One partition's snapshot of one day. */
  public void add(LocalDate day, DailyOpen d) {
    if (day.isBefore(from) || day.isAfter(to)) {
      return;
    }
    long[] sum = days.computeIfAbsent(day, x -> new long[S + 3]);
    for (int i = 0; i < S && i < d.bySeverity().size(); i++) {
      sum[i] += d.bySeverity().get(i);
    }
    sum[S] += d.kev();
    sum[S + 1] += d.suppressed();
    sum[S + 2]++;
  }

  /** This instance's sums: {@code {"2026-12-08": [critical, high, ..., kev, suppressed, n]}}. */
  public JsonNode partial() {
    ObjectNode out = JSON.objectNode();
    days.forEach(
        (day, sum) -> {
          ArrayNode a = out.putArray(day.toString());
          for (long v : sum) {
            a.add(v);
          }
        });
    return out;
  }

  public void merge(JsonNode partial) {
    partial
        .fields()
        .forEachRemaining(
            e -> {
              LocalDate day = LocalDate.parse(e.getKey());
              long[] sum = days.computeIfAbsent(day, x -> new long[S + 3]);
              for (int i = 0; i < sum.length; i++) {
                sum[i] += e.getValue().path(i).asLong();
              }
            });
  }

  /**
   * Every day of the range, oldest first: the sums, or {@code open: null} on a day without any
   * snapshot; {@code complete} when every one of {@code partitions} partitions had one.
   */
  public JsonNode answer(int partitions) {
    ObjectNode out = JSON.objectNode();
    out.put("from", from.toString()).put("to", to.toString()).put("partitions", partitions);
    ArrayNode sev = out.putArray("severities");
    TimeToFix.SEVERITIES.forEach(sev::add);
    ArrayNode arr = out.putArray("days");
    for (LocalDate day : days()) {
      ObjectNode n = arr.addObject().put("day", day.toString());
      long[] sum = days.get(day);
      if (sum == null) {
        n.putNull("open");
        n.put("partitionsReporting", 0);
        n.put("complete", false);
        continue;
      }
      long open = 0;
      ObjectNode by = n.putObject("bySeverity");
      for (int i = 0; i < S; i++) {
        by.put(TimeToFix.SEVERITIES.get(i), sum[i]);
        open += sum[i];
      }
      n.put("open", open);
      n.put("kev", sum[S]);
      n.put("suppressed", sum[S + 1]);
      n.put("partitionsReporting", sum[S + 2]);
      n.put("complete", sum[S + 2] >= partitions);
    }
    return out;
  }
}
