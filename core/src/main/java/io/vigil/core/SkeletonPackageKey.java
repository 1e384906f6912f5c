package io.vigil.core;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Walking-skeleton package identity: {@code <purl type>:<name>} from a purl or from an OSV
 * (ecosystem, name) pair, just enough for the end-to-end path. The matching engine (issue 4)
 * replaces it with full purl parsing and per-ecosystem normalisation.
 */
public final class SkeletonPackageKey {
  private static final Map<String, String> ECOSYSTEM_TO_TYPE =
      Map.of(
          "maven", "maven",
          "npm", "npm",
          "pypi", "pypi",
          "go", "golang",
          "crates.io", "cargo",
          "rubygems", "gem",
          "nuget", "nuget",
          "packagist", "composer");

  private SkeletonPackageKey() {}

  /**
   * The key of a purl such as {@code pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1}, or
   * null.
   */
  public static String fromPurl(String purl) {
    if (purl == null || !purl.startsWith("pkg:")) {
      return null;
    }
    String s = purl.substring(4);
    int cut = indexOfAny(s, '@', '?', '#');
    if (cut >= 0) {
      s = s.substring(0, cut);
    }
    int slash = s.indexOf('/');
    if (slash < 0) {
      return null;
    }
    String type = s.substring(0, slash).toLowerCase(Locale.ROOT);
    String path = URLDecoder.decode(s.substring(slash + 1), StandardCharsets.UTF_8);
    if (type.equals("maven")) {
      int last = path.lastIndexOf('/');
      path = last < 0 ? path : path.substring(0, last) + ":" + path.substring(last + 1);
    }
    return type + ":" + path;
  }

  /** The key of an OSV affected package, or null when the ecosystem is not known here. */
  public static String fromOsv(String ecosystem, String name) {
    if (ecosystem == null || name == null) {
      return null;
    }
    String base = ecosystem.split(":", 2)[0].toLowerCase(Locale.ROOT);
    String type = ECOSYSTEM_TO_TYPE.get(base);
    return type == null ? null : type + ":" + name;
  }

  private static int indexOfAny(String s, char... cs) {
    int best = -1;
    for (char c : cs) {
      int i = s.indexOf(c);
      if (i >= 0 && (best < 0 || i < best)) {
        best = i;
      }
    }
    return best;
  }
}
