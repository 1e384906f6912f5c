package io.vigil.alerting.render;

import io.vigil.alerting.Severities;
import io.vigil.alerting.engine.Alert;
import io.vigil.alerting.engine.AlertUnit;
import io.vigil.alerting.engine.Change;
import io.vigil.alerting.engine.GroupState;
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
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureSnapshot;
import io.vigil.events.v1.ExposureType;
import io.vigil.events.v1.Fix;
import io.vigil.events.v1.KevStatus;
import io.vigil.events.v1.Reach;
import io.vigil.events.v1.SsvcDecision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
      boolean malicious) {

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

    private int urgency() {
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

  /** Builds the view of an alert. */
  public static AlertView of(Alert alert) {
    List<Group> groups = new ArrayList<>();
    for (AlertUnit u : alert.telling()) {
      groups.add(group(u));
    }
    groups.sort(
        Comparator.comparing((Group g) -> !g.malicious())
            .thenComparing(g -> -g.urgency())
            .thenComparing(g -> g.vulnerability().kev() == null)
            .thenComparing(g -> -Severities.rank(g.vulnerability().severity()))
            .thenComparing(
                g -> -(g.vulnerability().score() == null ? -1 : g.vulnerability().score()))
            .thenComparing(g -> g.vulnerability().id())
            .thenComparing(Group::project));
    return new AlertView(alert, groups);
  }

  /** The vulnerability of a digest or issue, merged over every group. */
  public Vulnerability vulnerability() {
    List<ExposureEvent> all = new ArrayList<>();
    alert.telling().forEach(u -> all.addAll(u.events()));
    if (all.isEmpty()) {
      alert.units().forEach(u -> all.addAll(u.events()));
    }
    return vulnerability(all);
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

  private static Group group(AlertUnit u) {
    ExposureEvent last = u.events().get(u.events().size() - 1);
    Map<String, Component> details = new LinkedHashMap<>();
    for (ExposureEvent e : u.events()) {
      var c = e.getComponent();
      details.put(
          GroupState.componentLabel(e),
          new Component(
              GroupState.componentLabel(e),
              c.getVersion(),
              e.getSmallestFix(),
              List.copyOf(e.getFixedVersions()),
              distro(e),
              e.getComponentFix(),
              e.getPaths(),
              c.getPurl()));
    }
    Set<String> shown =
        switch (u.change()) {
          case MORE_COMPONENTS -> u.newComponents();
          case RESOLVED -> {
            Set<String> gone = new LinkedHashSet<>(u.before().components());
            gone.removeAll(u.after().components());
            if (gone.isEmpty()) {
              u.events().stream()
                  .filter(e -> e.getType() == ExposureType.RESOLVED)
                  .forEach(e -> gone.add(GroupState.componentLabel(e)));
            }
            yield gone;
          }
          default -> u.after().components();
        };
    List<Component> comps = new ArrayList<>();
    for (String s : shown) {
      comps.add(details.getOrDefault(s, Component.labelOnly(s)));
    }
    String resolvedIn = null;
    String projectVersion = null;
    for (ExposureEvent e : u.events()) {
      if (removal(e)) {
        resolvedIn = e.getProjectVersion();
      } else {
        projectVersion = e.getProjectVersion();
      }
    }
    if (u.change() != Change.RESOLVED) {
      resolvedIn = null;
    }
    ExposureSnapshot previous = null;
    for (ExposureEvent e : u.events()) {
      if (e.getType() == ExposureType.UPDATED && e.getPrevious() != null && previous == null) {
        previous = e.getPrevious();
      }
    }
    SsvcDecision ssvc = null;
    for (ExposureEvent e : u.events()) {
      if (e.getSsvc() != null) {
        ssvc = e.getSsvc();
      }
    }
    List<String> exposureIds =
        new ArrayList<>(
            new LinkedHashSet<>(u.events().stream().map(ExposureEvent::getExposureId).toList()));
    return new Group(
        last.getProjectId(),
        last.getProject(),
        projectVersion,
        resolvedIn,
        u.change(),
        u.escalated(),
        vulnerability(u.events()),
        comps,
        previous,
        exposureIds,
        u.events().stream().map(ExposureEvent::getEventId).toList(),
        u.after().firstTriggeredAt() != null
            ? u.after().firstTriggeredAt()
            : u.events().get(0).getTriggeredAt(),
        ssvc,
        u.events().stream().anyMatch(ExposureEvent::getMalicious));
  }

  /**
   * A RESOLVED event because an SBOM update removed the component: the correlator gives it the
   * version of that SBOM.
   */
  static boolean removal(ExposureEvent e) {
    return e.getType() == ExposureType.RESOLVED && e.getCause() == ExposureCause.COMPONENT_REMOVED;
  }

  /** {@code Debian:11}, {@code Debian:11, source package openssl 1.1.0l-1~deb9u5}, or null. */
  static String distro(ExposureEvent e) {
    String source = e.getComponent().getSourcePackage();
    if (e.getDistroRelease() == null && source == null) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    if (e.getDistroRelease() != null) {
      b.append(e.getDistroRelease());
    }
    if (source != null) {
      b.append(b.length() == 0 ? "" : ", ").append("source package ").append(source);
      if (e.getComponent().getSourceVersion() != null) {
        b.append(' ').append(e.getComponent().getSourceVersion());
      }
    }
    return b.toString();
  }

  /** Merges the advisory data of events about one vulnerability. */
  static Vulnerability vulnerability(List<ExposureEvent> events) {
    String id = events.get(0).getAdvisory().getVulnerabilityId();
    Set<String> aliases = new LinkedHashSet<>();
    String summary = null;
    String severity = null;
    Double score = null;
    String vector = null;
    KevStatus kev = null;
    EpssStatus epss = null;
    Map<String, String> advisoryUrls = new LinkedHashMap<>();
    Set<String> ids = new LinkedHashSet<>();
    for (ExposureEvent e : events) {
      var a = e.getAdvisory();
      ids.add(a.getId());
      aliases.add(a.getId());
      aliases.addAll(a.getAliases());
      if (a.getSummary() != null) {
        summary = a.getSummary();
      }
      if (Severities.rank(a.getSeverity()) > Severities.rank(severity)) {
        severity = a.getSeverity();
      }
      if (a.getScore() != null && (score == null || a.getScore() > score)) {
        score = a.getScore();
        vector = a.getVector();
      }
      if (e.getKev() != null) {
        kev = e.getKev();
      }
      if (e.getEpss() != null && (epss == null || e.getEpss().getScore() >= epss.getScore())) {
        epss = e.getEpss();
      }
      advisoryUrls.putIfAbsent(a.getId(), a.getUrl());
    }
    aliases.remove(id);
    List<String> sortedAliases = new ArrayList<>(aliases);
    sortedAliases.sort(Comparator.naturalOrder());
    ids.addAll(sortedAliases);
    List<Link> links = Links.of(id, ids, advisoryUrls, kev);
    return new Vulnerability(
        id,
        List.copyOf(sortedAliases),
        summary,
        severity,
        score,
        vector,
        kev,
        epss,
        List.copyOf(links));
  }
}
