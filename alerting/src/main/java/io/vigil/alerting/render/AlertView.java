package io.vigil.alerting.render;

import io.vigil.alerting.engine.Alert;
import io.vigil.alerting.engine.Change;
import io.vigil.core.fix.ForcedUpgrade;
import io.vigil.core.fix.ForcedUpgrades;
import io.vigil.core.purl.PackageIdentity;
import io.vigil.core.ssvc.Automatable;
import io.vigil.core.ssvc.Exploitation;
import io.vigil.core.ssvc.MissionWellbeing;
import io.vigil.core.ssvc.SsvcOutcome;
import io.vigil.core.ssvc.TechnicalImpact;
import io.vigil.events.v1.ComponentPaths;
import io.vigil.events.v1.EpssStatus;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureSnapshot;
import io.vigil.events.v1.Fix;
import io.vigil.events.v1.KevStatus;
import io.vigil.events.v1.Reach;
import io.vigil.events.v1.SsvcDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Pure: what an alert says, independent of the target's format. Built once per alert from its
 * events; every renderer (Slack, Teams, Jira, webhook, console) reads it.
 *
 * @param alert the alert
 * @param groups the groups it tells about (unchanged or unrouted ones left out), most severe first
 * @param console the console pages it links to ({@link ConsoleLinks#NONE}: none)
 */
public record AlertView(Alert alert, List<Group> groups, ConsoleLinks console) {
  /** A view that links to no console page. */
  public AlertView(Alert alert, List<Group> groups) {
    this(alert, groups, ConsoleLinks.NONE);
  }

  /** This view, linking to the console's pages ({@code alerting.consoleUrl}). */
  public AlertView withConsole(ConsoleLinks links) {
    return new AlertView(alert, groups, links == null ? ConsoleLinks.NONE : links);
  }

  /** A link to show. */
  public record Link(String title, String url) {}

  /** The vulnerability, merged over its aliases' events (highest severity, latest KEV/EPSS). */
  public record Vulnerability(
      String id,
      List<String> aliases,
      String summary,
      String severity,
      Double score,
      String vector,
      KevStatus kev,
      EpssStatus epss,
      List<Link> links) {

    /** {@code CRITICAL 10.0}, {@code HIGH}, {@code unknown severity}. */
    public String severityLabel() {
      String s = severity == null ? "unknown severity" : severity;
      return score == null ? s : s + " " + score;
    }

    /** The id with its aliases: {@code CVE-2021-44228 (GHSA-jfh8-c2jp-5v3q)}. */
    public String idWithAliases() {
      return aliases.isEmpty() ? id : id + " (" + String.join(", ", aliases) + ")";
    }
  }

  /**
   * One affected component of a project.
   *
   * @param component how it is shown and tracked (its purl as in the SBOM)
   * @param smallestFix the upgrade that ends every finding of the component, or null
   * @param distro for a distro package, the release its match was judged in and, for a binary
   *     package, the source package it was matched as ({@code Debian:11, source package openssl});
   *     else null
   * @param fix that upgrade: its line and how far it goes (null on events older than it)
   * @param paths how the project reaches the component (null when the events do not say)
   * @param purl the component's purl, for the ecosystem's way to force the fix (null when none)
   */
  public record Component(
      String component,
      String version,
      String smallestFix,
      List<String> fixedVersions,
      String distro,
      Fix fix,
      ComponentPaths paths,
      String purl) {
    /** Most paths an alert lists. */
    static final int MAX_PATHS_SHOWN = 1;

    /** A component that is not a distro package, without paths or fix details. */
    public Component(
        String component, String version, String smallestFix, List<String> fixedVersions) {
      this(component, version, smallestFix, fixedVersions, null, null, null, null);
    }

    /** A component known by its label only. */
    static Component labelOnly(String label) {
      return new Component(label, null, null, List.of(), null, null, null, null);
    }

    /**
     * {@code pkg:…@2.14.1}, or {@code pkg:deb/…/libssl1.1@… (Debian:11, source package openssl)}.
     */
    public String label() {
      return distro == null ? component : component + " (" + distro + ")";
    }

    /** {@code pkg:…@2.14.1 → upgrade to 2.15.0}. */
    public String withFix() {
      return smallestFix == null ? label() : label() + " → upgrade to " + smallestFix + fixNote();
    }

    /**
     * What to know about the upgrade: {@code " (a new major version: expect breaking changes)"}
     * when no fix exists on the component's major line, else empty.
     */
    public String fixNote() {
      if (fix == null || smallestFix == null) {
        return "";
      }
      if (fix.getCrossesMajor()) {
        return " (a new major version: expect breaking changes)";
      }
      if (fix.getSameLine() != null && !fix.getSameLine().equals(fix.getSmallest())) {
        return " (" + fix.getSameLine() + " on your line)";
      }
      return "";
    }

    /**
     * How the project reaches it: {@code "direct dependency"}, {@code "via a@1 → b@2"} (the first
     * shortest path, {@code "(+2 more paths)"} when there are others), {@code null} when the SBOM's
     * graph cannot tell or the events do not say.
     */
    public String pathLabel() {
      if (paths == null || paths.getReach() == Reach.UNKNOWN) {
        return null;
      }
      if (paths.getReach() == Reach.DIRECT) {
        return "direct dependency";
      }
      if (paths.getPaths().isEmpty()) {
        return "transitive, " + paths.getDepth() + " levels deep";
      }
      String shown = "via " + String.join(" → ", paths.getPaths().get(0));
      long more = paths.getPathCount() - MAX_PATHS_SHOWN;
      return more > 0 ? shown + " (+" + more + " more path" + (more == 1 ? ")" : "s)") : shown;
    }

    /**
     * For a transitive component with a fix: the ecosystem's ways to force the fixed version (Maven
     * {@code <dependencyManagement>}, npm {@code overrides}, ...); empty otherwise.
     */
    public List<ForcedUpgrade> forcedUpgrades() {
      if (smallestFix == null
          || purl == null
          || paths == null
          || paths.getReach() != Reach.TRANSITIVE) {
        return List.of();
      }
      try {
        return PackageIdentity.fromPurl(purl)
            .map(id -> ForcedUpgrades.of(id, smallestFix, null))
            .orElse(List.of());
      } catch (IllegalArgumentException e) {
        return List.of(); // not a purl core can read: no snippet, the alert still goes out
      }
    }
  }

  /**
   * One (project, vulnerability) group and what changed.
   *
   * @param projectVersion the project version the events name (null when unversioned, or when the
   *     only events are RESOLVED by an SBOM update: {@code resolvedIn} names that SBOM's version)
   * @param resolvedIn for a RESOLVED group whose last component an SBOM update removed: the version
   *     of that SBOM (null when the project has no versions or another cause resolved it)
   * @param ssvc the SSVC decision of the group's last event that carries one (null: none)
   * @param malicious the vulnerability is a malicious-package record
   * @param overdue for a group an OVERDUE event is about: since when and how long (null otherwise)
   */
  public record Group(
      String projectId,
      String project,
      String projectVersion,
      String resolvedIn,
      Change change,
      boolean escalated,
      Vulnerability vulnerability,
      List<Component> components,
      ExposureSnapshot previous,
      List<String> exposureIds,
      List<String> eventIds,
      Instant firstTriggeredAt,
      SsvcDecision ssvc,
      boolean malicious,
      Overdue overdue) {

    /** {@code Act}, {@code Track*}, or null without a decision. */
    public String ssvcLabel() {
      return ssvc == null ? null : SsvcOutcome.valueOf(ssvc.getOutcome().name()).label();
    }

    /**
     * {@code Act (exploitation active: in CISA KEV; automatable yes; technical impact total;
     * mission & well-being high)}, or null without a decision.
     */
    public String ssvcExplained() {
      if (ssvc == null) {
        return null;
      }
      return ssvcLabel()
          + " (exploitation "
          + Exploitation.valueOf(ssvc.getExploitation().name()).label()
          + ": "
          + ssvc.getExploitationBasis()
          + "; automatable "
          + Automatable.valueOf(ssvc.getAutomatable().name()).label()
          + "; technical impact "
          + TechnicalImpact.valueOf(ssvc.getTechnicalImpact().name()).label()
          + "; mission & well-being "
          + MissionWellbeing.valueOf(ssvc.getMissionWellbeing().name()).label()
          + (ssvc.getAssumed().isEmpty() ? "" : "; assumed " + String.join(", ", ssvc.getAssumed()))
          + ")";
    }

    int urgency() {
      return ssvc == null ? -1 : ssvc.getOutcome().ordinal();
    }

    /** {@code demo-shop} or {@code demo-shop 1.4.2}. */
    public String projectLabel() {
      return projectVersion == null ? project : project + " " + projectVersion;
    }

    /** {@code " since version 1.5.0"} for a group an SBOM update resolved, else empty. */
    public String sinceVersion() {
      return resolvedIn == null ? "" : " since version " + resolvedIn;
    }
  }

  /**
   * An exposure past its due date (its OVERDUE event).
   *
   * @param since the due date it passed
   * @param basis what set the due date ({@code KEV due date 2021-12-24}, {@code severity CRITICAL:
   *     7 days}), or null
   * @param by how long past it when the alert was made
   */
  public record Overdue(Instant since, String basis, Duration by) {
    /** {@code 3 days}, {@code 5 hours}, {@code 12 minutes}. */
    public String byLabel() {
      long days = by.toDays();
      if (days >= 1) {
        return days + (days == 1 ? " day" : " days");
      }
      long hours = by.toHours();
      if (hours >= 1) {
        return hours + (hours == 1 ? " hour" : " hours");
      }
      long minutes = Math.max(0, by.toMinutes());
      return minutes + (minutes == 1 ? " minute" : " minutes");
    }

    /** {@code overdue by 3 days (due 2021-12-25T00:00:00Z, KEV due date 2021-12-24)}. */
    public String label() {
      return "overdue by "
          + byLabel()
          + " (due "
          + since
          + (basis == null ? "" : ", " + basis)
          + ")";
    }
  }

  /** Builds the view of an alert. */
  public static AlertView of(Alert alert) {
    return AlertViewBuilder.of(alert);
  }

  /** The vulnerability of a digest or issue, merged over every group. */
  public Vulnerability vulnerability() {
    List<ExposureEvent> all = new ArrayList<>();
    alert.telling().forEach(u -> all.addAll(u.events()));
    if (all.isEmpty()) {
      alert.units().forEach(u -> all.addAll(u.events()));
    }
    return AlertViewBuilder.vulnerability(all);
  }

  public List<Group> withChange(Change c) {
    return groups.stream().filter(g -> g.change() == c).toList();
  }

  /** The first project's name (an inventory summary is about one project). */
  public String project() {
    return groups.isEmpty() ? null : groups.get(0).projectLabel();
  }

  /** Groups of distinct projects: the number of projects a digest covers. */
  public int projectCount() {
    Set<String> s = new LinkedHashSet<>();
    groups.forEach(g -> s.add(g.projectId()));
    return s.size();
  }
}
