package io.vigil.alerting.digest;

import io.vigil.core.fixplan.PortfolioFixPlan;
import io.vigil.core.fixplan.PortfolioFixPlan.Filter;
import io.vigil.core.fixplan.PortfolioFixPlan.PackagePartial;
import io.vigil.core.fixplan.PortfolioFixPlan.Partial;
import io.vigil.core.fixplan.PortfolioFixPlan.Plan;
import io.vigil.core.fixplan.Ssvc;
import io.vigil.core.fixplan.Tally;
import io.vigil.events.v1.FixPlanPackagePartial;
import io.vigil.events.v1.FixPlanPartial;
import io.vigil.events.v1.FixPlanTally;
import io.vigil.events.v1.FixPlanTeamPartial;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One ISO week's fix plan partials, as they arrive (one per correlator partition; a partition's
 * later partial for the week replaces its earlier one). Pure. The week is ready when every
 * partition's has arrived, or {@code deadline} after the first one; {@link #plans} merges what is
 * there with core's {@link PortfolioFixPlan}, for the whole portfolio and per team.
 */
public final class FixPlanWeek {
  private final String week;
  private final Map<Integer, FixPlanPartial> byPartition = new TreeMap<>();
  private int partitions;
  private Instant firstArrival;
  private Instant slot;

  public FixPlanWeek(String week) {
    this.week = week;
  }

  public String week() {
    return week;
  }

  /**
   * Adds a partial of this week. Its arrival is the time it was computed, so the deadline is the
   * same after a restart that reads the partials again.
   */
  public void add(FixPlanPartial p) {
    if (firstArrival == null || p.getComputedAt().isBefore(firstArrival)) {
      firstArrival = p.getComputedAt();
    }
    if (slot == null) {
      slot = p.getSlot();
    }
    partitions = Math.max(partitions, p.getPartitions());
    byPartition.put(p.getPartition(), p);
  }

  /** Every partition's partial is here. */
  public boolean complete() {
    return partitions > 0 && missing().isEmpty();
  }

  /** Complete, or {@code deadline} has passed since the first partial arrived. */
  public boolean ready(Instant now, Duration deadline) {
    return complete() || (firstArrival != null && !now.isBefore(firstArrival.plus(deadline)));
  }

  /** The partitions whose partial has not arrived. */
  public List<Integer> missing() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < partitions; i++) {
      if (!byPartition.containsKey(i)) {
        out.add(i);
      }
    }
    return out;
  }

  /** The week's slot (when the correlator sent it). */
  public Instant slot() {
    return slot;
  }

  public int partitions() {
    return partitions;
  }

  /**
   * The merged plans, {@code top} upgrades each: the whole portfolio under the key {@code null}
   * first, then each team's in name order.
   */
  public Map<String, Plan> plans(int top) {
    Map<String, PortfolioFixPlan> folds = new TreeMap<>();
    PortfolioFixPlan all = new PortfolioFixPlan(Filter.ALL);
    for (FixPlanPartial p : byPartition.values()) {
      for (FixPlanTeamPartial t : p.getPlans()) {
        if (t.getTeam() == null) {
          all.merge(fromAvro(t));
        } else {
          folds
              .computeIfAbsent(t.getTeam(), team -> new PortfolioFixPlan(new Filter(team, null)))
              .merge(fromAvro(t));
        }
      }
    }
    Map<String, Plan> out = new java.util.LinkedHashMap<>();
    out.put(null, all.plan(top));
    folds.forEach((team, fold) -> out.put(team, fold.plan(top)));
    return out;
  }

  /** The teams with a plan this week. */
  public List<String> teams() {
    TreeSet<String> teams = new TreeSet<>();
    byPartition
        .values()
        .forEach(
            p ->
                p.getPlans().stream()
                    .map(FixPlanTeamPartial::getTeam)
                    .filter(java.util.Objects::nonNull)
                    .forEach(teams::add));
    return List.copyOf(teams);
  }

  /** The wire form as core's counted partial. */
  static Partial fromAvro(FixPlanTeamPartial t) {
    List<PackagePartial> packages = new ArrayList<>();
    for (FixPlanPackagePartial p : t.getPackages()) {
      packages.add(
          new PackagePartial(
              p.getPackageKey(),
              p.getPurl(),
              p.getUpgradeTo(),
              p.getProjects(),
              tally(p.getResolves()),
              new Ssvc(p.getAct(), p.getAttend(), p.getTrackStar(), p.getTrack(), p.getNoOutcome()),
              p.getUnfixed()));
    }
    return new Partial(
        List.copyOf(t.getProjects()), tally(t.getOpen()), t.getSuppressed(), packages);
  }

  private static Tally tally(FixPlanTally t) {
    return new Tally(
        t.getTotal(),
        t.getCritical(),
        t.getHigh(),
        t.getMedium(),
        t.getLow(),
        t.getUnknown(),
        t.getKev());
  }
}
