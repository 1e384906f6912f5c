package io.vigil.alerting.render;

import io.vigil.alerting.Severities;
import io.vigil.alerting.engine.Alert;
import io.vigil.alerting.engine.AlertUnit;
import io.vigil.alerting.engine.Change;
import io.vigil.alerting.engine.GroupState;
import io.vigil.alerting.render.AlertView.Component;
import io.vigil.alerting.render.AlertView.Group;
import io.vigil.alerting.render.AlertView.Link;
import io.vigil.alerting.render.AlertView.Vulnerability;
import io.vigil.events.v1.EpssStatus;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureSnapshot;
import io.vigil.events.v1.ExposureType;
import io.vigil.events.v1.KevStatus;
import io.vigil.events.v1.SsvcDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pure: builds an {@link AlertView} from an alert's units: one {@link Group} per (project,
 * vulnerability) unit (the components it shows by kind of change, the project version, the SSVC
 * decision, the malicious flag), the vulnerability merged over the events of its aliases, the
 * groups ordered most urgent first.
 */
final class AlertViewBuilder {
  private AlertViewBuilder() {}

  /** Builds the view of an alert. */
  static AlertView of(Alert alert) {
    List<Group> groups = new ArrayList<>();
    for (AlertUnit u : alert.telling()) {
      groups.add(group(u, alert.readyAt()));
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

  private static Group group(AlertUnit u, Instant readyAt) {
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
        u.events().stream().anyMatch(ExposureEvent::getMalicious),
        overdue(u, readyAt));
  }

  /** The group's last OVERDUE event, as of when the alert was made (null without one). */
  static AlertView.Overdue overdue(AlertUnit u, Instant readyAt) {
    ExposureEvent last = null;
    for (ExposureEvent e : u.events()) {
      if (e.getType() == ExposureType.OVERDUE && e.getOverdueSince() != null) {
        last = e;
      }
    }
    if (last == null || u.change() != Change.OVERDUE) {
      return null;
    }
    Instant since = last.getOverdueSince();
    Duration by =
        readyAt != null && readyAt.isAfter(since)
            ? Duration.between(since, readyAt)
            : Duration.ZERO;
    return new AlertView.Overdue(since, last.getOverdueBasis(), by);
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
