package io.vigil.correlator;

import io.vigil.core.fixplan.PortfolioFixPlan;
import io.vigil.core.fixplan.Tally;
import io.vigil.correlator.fixplan.PortfolioExposures;
import io.vigil.events.v1.Criticality;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.events.v1.KevStatus;
import io.vigil.events.v1.SystemicFixPlan;
import java.util.Set;
import java.util.TreeSet;

/**
 * Pure: the portfolio fix plan's numbers for one advisory on one package, from the advisory's NEW
 * exposures of the package — the correlator's own {@link PortfolioFixPlan} (the one rule for the
 * upgrade and what it closes; {@link PortfolioExposures} the fold of an exposure) fed those
 * exposures only, plus the mission-essential projects among the affected ones. KEV is a fact of the
 * vulnerability: when any of the exposures knows it, every one counts as KEV (a package shard that
 * received the KEV entry after the advisory emits its NEW exposures without it and an UPDATED one
 * with it, which the stored exposures, and so the fix plan, then show).
 *
 * @param purl the package's purl without a version (null when no upgrade is known)
 * @param upgradeTo the version to upgrade to at least (null when no known version fixes any)
 * @param affectedProjects projects with an open, unsuppressed exposure
 * @param affectedMissionEssential of them, mission-essential
 * @param upgradeProjects projects with an exposure the upgrade closes
 * @param closes the exposures the upgrade closes, by severity and KEV
 * @param unfixed open, unsuppressed exposures no known version fixes
 * @param suppressed exposures triage suppressed (left out)
 */
record SystemicFixNumbers(
    String purl,
    String upgradeTo,
    int affectedProjects,
    int affectedMissionEssential,
    int upgradeProjects,
    Tally closes,
    int unfixed,
    int suppressed) {

  /** The numbers over the given exposures of the advisory on {@code packageKey}. */
  static SystemicFixNumbers of(String packageKey, Iterable<ExposureEvent> exposures) {
    PortfolioFixPlan plan = new PortfolioFixPlan(PortfolioFixPlan.Filter.ALL);
    Set<String> essential = new TreeSet<>();
    KevStatus kev = null;
    for (ExposureEvent e : exposures) {
      kev = kev == null ? e.getKev() : kev;
    }
    for (ExposureEvent x : exposures) {
      ExposureEvent e =
          kev == null || x.getKev() != null ? x : ExposureEvent.newBuilder(x).setKev(kev).build();
      boolean suppressed = ExposureTriage.suppressed(e);
      PortfolioExposures.add(plan, e, packageKey, suppressed);
      if (!suppressed
          && e.getType() != ExposureType.RESOLVED
          && e.getProjectContext() != null
          && e.getProjectContext().getCriticality() == Criticality.MISSION_ESSENTIAL) {
        essential.add(e.getProjectId());
      }
    }
    PortfolioFixPlan.Plan p = plan.plan(1);
    PortfolioFixPlan.Upgrade u = p.upgrades().isEmpty() ? null : p.upgrades().get(0);
    Tally closes = u == null ? Tally.ZERO : u.resolves();
    return new SystemicFixNumbers(
        u == null ? null : u.purl(),
        u == null ? null : u.upgradeTo(),
        p.projects(),
        essential.size(),
        u == null ? 0 : u.projects(),
        closes,
        p.open().total() - closes.total(),
        p.suppressed());
  }

  SystemicFixPlan toAvro() {
    return SystemicFixPlan.newBuilder()
        .setPurl(purl)
        .setUpgradeTo(upgradeTo)
        .setAffectedProjects(affectedProjects)
        .setAffectedMissionEssential(affectedMissionEssential)
        .setUpgradeProjects(upgradeProjects)
        .setCloses(closes.total())
        .setClosesCritical(closes.critical())
        .setClosesHigh(closes.high())
        .setClosesMedium(closes.medium())
        .setClosesLow(closes.low())
        .setClosesUnrated(closes.unknown())
        .setClosesKev(closes.kev())
        .setUnfixed(unfixed)
        .setSuppressed(suppressed)
        .build();
  }
}
