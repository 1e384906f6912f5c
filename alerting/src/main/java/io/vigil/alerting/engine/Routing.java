package io.vigil.alerting.engine;

import io.vigil.alerting.RouteConfig;
import io.vigil.alerting.Severities;
import io.vigil.core.SkeletonPackageKey;
import io.vigil.events.v1.Component;
import io.vigil.events.v1.ExposureEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Pure: which channels an exposure event goes to, by the configured routes. */
public final class Routing {
  private static final Map<String, String> PURL_TYPE_TO_ECOSYSTEM =
      Map.ofEntries(
          Map.entry("maven", "Maven"),
          Map.entry("npm", "npm"),
          Map.entry("pypi", "PyPI"),
          Map.entry("golang", "Go"),
          Map.entry("cargo", "crates.io"),
          Map.entry("gem", "RubyGems"),
          Map.entry("nuget", "NuGet"),
          Map.entry("composer", "Packagist"),
          Map.entry("hex", "Hex"),
          Map.entry("pub", "Pub"),
          Map.entry("swift", "SwiftURL"),
          Map.entry("deb", "Debian"),
          Map.entry("apk", "Alpine"),
          Map.entry("rpm", "Red Hat"));

  private record Compiled(RouteConfig route, List<Pattern> projects) {}

  private final List<Compiled> routes = new ArrayList<>();

  public Routing(List<RouteConfig> routes) {
    for (RouteConfig r : routes) {
      this.routes.add(new Compiled(r, r.projects().stream().map(Routing::glob).toList()));
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

  /** Whether one route matches an event. */
  public static boolean matches(RouteConfig r, ExposureEvent e) {
    return matches(new Compiled(r, r.projects().stream().map(Routing::glob).toList()), e);
  }

  private static boolean matches(Compiled c, ExposureEvent e) {
    RouteConfig r = c.route();
    if (!r.types().isEmpty() && !r.types().contains(e.getType().name())) {
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
      String eco = ecosystem(e.getComponent());
      if (eco == null || r.ecosystems().stream().noneMatch(want -> ecosystemMatches(want, eco))) {
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

  /** {@code Debian} matches {@code Debian:12}; {@code Debian:12} only itself. Case-insensitive. */
  static boolean ecosystemMatches(String wanted, String actual) {
    String w = wanted.toLowerCase(Locale.ROOT);
    String a = actual.toLowerCase(Locale.ROOT);
    return a.equals(w) || (!w.contains(":") && a.startsWith(w + ":"));
  }

  /**
   * The OSV ecosystem of a component: the one the matching engine stated, else derived from the
   * package key (the one call into package identity here, swapped for the real API when it lands).
   */
  public static String ecosystem(Component c) {
    if (c.getEcosystem() != null) {
      return c.getEcosystem();
    }
    String key =
        c.getPackageKey() != null ? c.getPackageKey() : SkeletonPackageKey.fromPurl(c.getPurl());
    if (key == null) {
      return null;
    }
    int colon = key.indexOf(':');
    String type = colon < 0 ? key : key.substring(0, colon);
    return PURL_TYPE_TO_ECOSYSTEM.getOrDefault(type.toLowerCase(Locale.ROOT), type);
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
