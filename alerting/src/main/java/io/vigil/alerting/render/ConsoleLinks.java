package io.vigil.alerting.render;

import io.vigil.alerting.engine.Alert;
import io.vigil.alerting.engine.AlertUnit;
import io.vigil.alerting.render.AlertView.Group;
import io.vigil.alerting.render.AlertView.Link;
import io.vigil.alerting.render.RichText.Run;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.platform.config.ConfigException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Pure: the console pages an alert links to ({@code alerting.consoleUrl}; none without it). A
 * message about one vulnerability links to its page (by the advisory id of its events, the id the
 * console's page is addressed by); a message about one project, to the project's page. The paths
 * are the console's own ({@code /vulnerabilities/{id}}, {@code /projects/{project id}}), each part
 * encoded as the console encodes it.
 *
 * @param baseUrl the console's address without a trailing slash, or null (no links)
 */
public record ConsoleLinks(String baseUrl) {
  public static final ConsoleLinks NONE = new ConsoleLinks(null);

  /** From the configured URL (null or blank: none); a trailing slash is dropped. */
  public static ConsoleLinks of(String url) {
    if (url == null || url.isBlank()) {
      return NONE;
    }
    return new ConsoleLinks(url.strip().replaceAll("/+$", ""));
  }

  /** Refuses what is not an http(s) URL with a host, naming the key. */
  public static void check(String url, String key) {
    URI uri;
    try {
      uri = URI.create(url.strip());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key + ": '" + url + "' is not a URL");
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null
        || uri.getQuery() != null
        || uri.getFragment() != null) {
      throw new ConfigException(
          key + ": '" + url + "' must be an http:// or https:// URL with a host (no query)");
    }
  }

  public boolean enabled() {
    return baseUrl != null;
  }

  /** The console's page of an advisory. */
  public String vulnerability(String advisoryId) {
    return baseUrl + "/vulnerabilities/" + segment(advisoryId);
  }

  /** The console's page of a project. */
  public String project(String projectId) {
    return baseUrl + "/projects/" + segment(projectId);
  }

  /**
   * The console pages of an alert: its vulnerability's page when it is about one vulnerability (a
   * digest, a Jira issue), its project's page when it is about one project; empty without a console
   * URL.
   */
  public List<Link> of(AlertView view) {
    if (!enabled() || view.groups().isEmpty()) {
      return List.of();
    }
    List<Link> out = new ArrayList<>();
    Set<String> vulnerabilities =
        view.groups().stream().map(g -> g.vulnerability().id()).collect(Collectors.toSet());
    if (vulnerabilities.size() == 1) {
      String advisory = advisoryId(view.alert(), view.groups().get(0));
      if (advisory != null) {
        out.add(new Link(advisory + " in the Vigil console", vulnerability(advisory)));
      }
    }
    Set<String> projects = new LinkedHashSet<>();
    view.groups().forEach(g -> projects.add(g.projectId()));
    if (projects.size() == 1) {
      Group g = view.groups().get(0);
      out.add(new Link(g.project() + " in the Vigil console", project(g.projectId())));
    }
    return List.copyOf(out);
  }

  /** The pages of one (project, vulnerability) group: its vulnerability's, its project's. */
  public List<Link> of(Alert alert, Group g) {
    if (!enabled()) {
      return List.of();
    }
    List<Link> out = new ArrayList<>();
    String advisory = advisoryId(alert, g);
    if (advisory != null) {
      out.add(new Link(advisory + " in the Vigil console", vulnerability(advisory)));
    }
    out.add(new Link(g.project() + " in the Vigil console", project(g.projectId())));
    return List.copyOf(out);
  }

  /** Slack mrkdwn: {@code Vigil console: <url|title> · <url|title>}, or null without links. */
  public String mrkdwn(AlertView view) {
    List<Link> links = of(view);
    if (links.isEmpty()) {
      return null;
    }
    return ":mag: "
        + links.stream()
            .map(l -> Mrkdwn.link(l.url(), l.title()))
            .collect(Collectors.joining(" · "));
  }

  /** A Jira paragraph with the group's console pages, or null without links. */
  public List<Run> jira(Alert alert, Group g) {
    List<Link> links = of(alert, g);
    if (links.isEmpty()) {
      return null;
    }
    List<Run> runs = new ArrayList<>();
    runs.add(Run.plain("Open in the Vigil console: "));
    for (Link l : links) {
      if (runs.size() > 1) {
        runs.add(Run.plain(" · "));
      }
      runs.add(Run.link(l.title(), l.url()));
    }
    return runs;
  }

  /** The advisory id of the group's events (the console addresses vulnerabilities by it). */
  static String advisoryId(Alert alert, Group g) {
    Set<String> ids = Set.copyOf(g.eventIds());
    for (AlertUnit u : alert.units()) {
      for (ExposureEvent e : u.events()) {
        if (ids.contains(e.getEventId())) {
          return e.getAdvisory().getId();
        }
      }
    }
    return null;
  }

  /** A path segment as the console encodes it (form encoding, a space as {@code %20}). */
  static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
