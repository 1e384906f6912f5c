package io.vigil.alerting.engine;

import io.vigil.alerting.RouteConfig;
import io.vigil.alerting.Severities;
import io.vigil.core.purl.Ecosystem;
import io.vigil.core.purl.PackageIdentity;
import io.vigil.core.ssvc.SsvcOutcome;
import io.vigil.events.v1.Component;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Pure: which channels an exposure event goes to, by the configured routes. The scope conditions
 * (types, projects, ecosystems, teams, owners) hold for every exposure; the urgency conditions
 * (ssvc, minSsvc, minSeverity, kevOnly, minEpss) do not hold back a malicious package.
 */
public final class Routing {
  private record Compiled(
      RouteConfig route,
      List<Pattern> projects,
      List<Pattern> teams,
      List<Pattern> owners,
      Set<SsvcOutcome> ssvc,
      SsvcOutcome minSsvc) {
    static Compiled of(RouteConfig r) {
      Set<SsvcOutcome> outcomes = EnumSet.noneOf(SsvcOutcome.class);
      r.ssvc().forEach(o -> SsvcOutcome.parse(o).ifPresent(outcomes::add));
      return new Compiled(
          r,
          r.projects().stream().map(Routing::glob).toList(),
          r.teams().stream().map(Routing::glob).toList(),
          r.owners().stream().map(Routing::glob).toList(),
          outcomes,
          SsvcOutcome.parse(r.minSsvc()).orElse(null));
    }
  }

  private final List<Compiled> routes = new ArrayList<>();

  public Routing(List<RouteConfig> routes) {
    for (RouteConfig r : routes) {
      this.routes.add(Compiled.of(r));
    }
  }

  /** The channels this event goes to (in route order, each once). */
  public Set<String> channels(ExposureEvent e) {
    Set<String> out = new LinkedHashSet<>();
    for (Compiled c : routes) {
      if (matches(c, e)) {
        out.addAll(c.route().channels());
      }
    }
    return out;
  }

  /**
   * The channels of the routes that name teams ({@code teams}) one of which matches {@code team}
   * (in route order, each once): where a team's own summaries go.
   */
  public static Set<String> teamChannels(List<RouteConfig> routes, String team) {
    Set<String> out = new LinkedHashSet<>();
    for (RouteConfig r : routes) {
      if (!r.teams().isEmpty()
          && globsMatch(r.teams().stream().map(Routing::glob).toList(), team)) {
        out.addAll(r.channels());
      }
    }
    return out;
  }

  /** Whether one route matches an event. */
  public static boolean matches(RouteConfig r, ExposureEvent e) {
    return matches(Compiled.of(r), e);
  }

  private static boolean matches(Compiled c, ExposureEvent e) {
    RouteConfig r = c.route();
    // an exposure alerting again after its suppression was lifted is routed as a NEW one
    String type = e.getType() == ExposureType.UNSUPPRESSED ? "NEW" : e.getType().name();
    if (!r.types().isEmpty()
        && !r.types().contains(type)
        && !r.types().contains(e.getType().name())) {
      return false;
    }
    if (!c.projects().isEmpty()
        && c.projects().stream()
            .noneMatch(
                p ->
                    p.matcher(e.getProject()).matches() || p.matcher(e.getProjectId()).matches())) {
      return false;
    }
    if (!r.ecosystems().isEmpty()) {
      Ecosystem eco = ecosystem(e.getComponent());
      if (eco == null || r.ecosystems().stream().noneMatch(want -> ecosystemMatches(want, eco))) {
        return false;
      }
    }
    var context = e.getProjectContext();
    if (!globsMatch(c.teams(), context == null ? null : context.getTeam())
        || !globsMatch(c.owners(), context == null ? null : context.getOwner())) {
      return false;
    }
    if (e.getMalicious()) {
      // the urgency conditions (SSVC, severity, KEV, EPSS) do not hold a malicious package back:
      // the package itself is the attack, and a MAL- record has no severity
      return true;
    }
    if (!c.ssvc().isEmpty() || c.minSsvc() != null) {
      SsvcOutcome outcome = outcome(e);
      if (outcome == null
          || (!c.ssvc().isEmpty() && !c.ssvc().contains(outcome))
          || (c.minSsvc() != null && !outcome.atLeast(c.minSsvc()))) {
        return false;
      }
    }
    var a = e.getAdvisory();
    if (r.minSeverity() != null) {
      int have = Severities.rank(a.getSeverity());
      if (have >= 0 && have < Severities.rank(r.minSeverity())) {
        return false;
      }
    }
    if (Boolean.TRUE.equals(r.kevOnly()) && e.getKev() == null) {
      return false;
    }
    if (r.minEpss() != null && (e.getEpss() == null || e.getEpss().getScore() < r.minEpss())) {
      return false;
    }
    return true;
  }

  /** The exposure's SSVC outcome in core's terms, or null when it carries no decision. */
  public static SsvcOutcome outcome(ExposureEvent e) {
    return e.getSsvc() == null ? null : SsvcOutcome.valueOf(e.getSsvc().getOutcome().name());
  }

  private static boolean globsMatch(List<Pattern> globs, String value) {
    return globs.isEmpty()
        || (value != null && globs.stream().anyMatch(p -> p.matcher(value).matches()));
  }

  /**
   * OSV's ecosystem equality, case-insensitive on the base: {@code Debian} matches {@code
   * Debian:12}; two releases must be equal when both sides state one.
   */
  static boolean ecosystemMatches(String wanted, Ecosystem actual) {
    try {
      return Ecosystem.parseOsv(wanted).matches(actual);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * The OSV ecosystem of a component: the one the SBOM ingestion stated, else the matching engine's
   * package identity of its purl; null when the purl has no OSV ecosystem or is malformed.
   */
  public static Ecosystem ecosystem(Component c) {
    try {
      if (c.getEcosystem() != null) {
        return Ecosystem.parseOsv(c.getEcosystem());
      }
      if (c.getPurl() == null) {
        return null;
      }
      return PackageIdentity.fromPurl(c.getPurl()).map(PackageIdentity::ecosystem).orElse(null);
    } catch (RuntimeException malformed) {
      return null;
    }
  }

  /** A glob ({@code *}, {@code ?}) as a whole-string regex. */
  static Pattern glob(String glob) {
    StringBuilder re = new StringBuilder();
    for (char ch : glob.toCharArray()) {
      switch (ch) {
        case '*' -> re.append(".*");
        case '?' -> re.append('.');
        default -> re.append(Pattern.quote(String.valueOf(ch)));
      }
    }
    return Pattern.compile(re.toString());
  }
}
