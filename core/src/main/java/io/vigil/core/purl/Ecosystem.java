package io.vigil.core.purl;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OSV ecosystem: its base name in OSV's spelling ({@code Maven}, {@code PyPI}, {@code Debian})
 * and an optional qualifier after the first {@code :}, normalised so both sides of a match write it
 * the same way: a distro release ({@code Debian:12} → {@code 12}, {@code Ubuntu:Pro:22.04:LTS} →
 * {@code 22.04}, {@code Alpine:v3.20} → {@code v3.20}, {@code AlmaLinux:9} → {@code 9}, {@code Red
 * Hat:enterprise_linux:7::client} → {@code 7}) or, elsewhere, the suffix as written (a repository
 * URL such as {@code Packagist:https://packages.drupal.org/8}).
 *
 * @param base OSV ecosystem name without suffix, in OSV's spelling when known
 * @param release the normalised suffix, or null
 */
public record Ecosystem(String base, String release) {

  private static final Map<String, String> CANONICAL =
      Map.ofEntries(
          Map.entry("maven", "Maven"),
          Map.entry("npm", "npm"),
          Map.entry("pypi", "PyPI"),
          Map.entry("go", "Go"),
          Map.entry("crates.io", "crates.io"),
          Map.entry("rubygems", "RubyGems"),
          Map.entry("nuget", "NuGet"),
          Map.entry("packagist", "Packagist"),
          Map.entry("pub", "Pub"),
          Map.entry("hex", "Hex"),
          Map.entry("hackage", "Hackage"),
          Map.entry("ghc", "GHC"),
          Map.entry("cran", "CRAN"),
          Map.entry("bioconductor", "Bioconductor"),
          Map.entry("swifturl", "SwiftURL"),
          Map.entry("github actions", "GitHub Actions"),
          Map.entry("bitnami", "Bitnami"),
          Map.entry("debian", "Debian"),
          Map.entry("ubuntu", "Ubuntu"),
          Map.entry("alpine", "Alpine"),
          Map.entry("wolfi", "Wolfi"),
          Map.entry("chainguard", "Chainguard"),
          Map.entry("minimos", "MinimOS"),
          Map.entry("red hat", "Red Hat"),
          Map.entry("almalinux", "AlmaLinux"),
          Map.entry("rocky linux", "Rocky Linux"),
          Map.entry("suse", "SUSE"),
          Map.entry("opensuse", "openSUSE"),
          Map.entry("mageia", "Mageia"),
          Map.entry("openeuler", "openEuler"),
          Map.entry("azure linux", "Azure Linux"),
          Map.entry("oss-fuzz", "OSS-Fuzz"),
          Map.entry("linux", "Linux"),
          Map.entry("git", "GIT"));

  private static final Map<String, String> DEBIAN_CODENAMES =
      Map.ofEntries(
          Map.entry("buzz", "1"),
          Map.entry("rex", "1"),
          Map.entry("bo", "1"),
          Map.entry("hamm", "2"),
          Map.entry("slink", "2"),
          Map.entry("potato", "2"),
          Map.entry("woody", "3"),
          Map.entry("sarge", "3"),
          Map.entry("etch", "4"),
          Map.entry("lenny", "5"),
          Map.entry("squeeze", "6"),
          Map.entry("wheezy", "7"),
          Map.entry("jessie", "8"),
          Map.entry("stretch", "9"),
          Map.entry("buster", "10"),
          Map.entry("bullseye", "11"),
          Map.entry("bookworm", "12"),
          Map.entry("trixie", "13"),
          Map.entry("forky", "14"),
          Map.entry("duke", "15"));

  private static final Map<String, String> UBUNTU_CODENAMES =
      Map.ofEntries(
          Map.entry("precise", "12.04"),
          Map.entry("trusty", "14.04"),
          Map.entry("utopic", "14.10"),
          Map.entry("vivid", "15.04"),
          Map.entry("wily", "15.10"),
          Map.entry("xenial", "16.04"),
          Map.entry("yakkety", "16.10"),
          Map.entry("zesty", "17.04"),
          Map.entry("artful", "17.10"),
          Map.entry("bionic", "18.04"),
          Map.entry("cosmic", "18.10"),
          Map.entry("disco", "19.04"),
          Map.entry("eoan", "19.10"),
          Map.entry("focal", "20.04"),
          Map.entry("groovy", "20.10"),
          Map.entry("hirsute", "21.04"),
          Map.entry("impish", "21.10"),
          Map.entry("jammy", "22.04"),
          Map.entry("kinetic", "22.10"),
          Map.entry("lunar", "23.04"),
          Map.entry("mantic", "23.10"),
          Map.entry("noble", "24.04"),
          Map.entry("oracular", "24.10"),
          Map.entry("plucky", "25.04"),
          Map.entry("questing", "25.10"));

  private static final Pattern UBUNTU_RELEASE =
      Pattern.compile("(?<![0-9.])(\\d{2}\\.\\d{2})(?![0-9])");
  private static final Pattern MAJOR = Pattern.compile("(\\d+)");
  private static final Pattern ALPINE = Pattern.compile("v?(\\d+)\\.(\\d+)");

  /** Parses an OSV {@code affected[].package.ecosystem} value. */
  public static Ecosystem parseOsv(String ecosystem) {
    if (ecosystem == null || ecosystem.isBlank()) {
      throw new IllegalArgumentException("empty ecosystem");
    }
    int colon = ecosystem.indexOf(':');
    String base = canonicalBase(colon < 0 ? ecosystem : ecosystem.substring(0, colon));
    String suffix = colon < 0 ? null : ecosystem.substring(colon + 1);
    return new Ecosystem(
        base, suffix == null || suffix.isEmpty() ? null : normaliseRelease(base, suffix));
  }

  /** OSV's spelling of a base ecosystem name (case-insensitive lookup), or the name as given. */
  public static String canonicalBase(String base) {
    String b = base.trim();
    return CANONICAL.getOrDefault(b.toLowerCase(Locale.ROOT), b);
  }

  /**
   * A release as a purl {@code distro} qualifier or an OSV suffix writes it, in the form OSV
   * ecosystems use for {@code base}; null when it cannot be read.
   */
  public static String normaliseRelease(String base, String release) {
    if (release == null || release.isBlank()) {
      return null;
    }
    String r = release.trim().toLowerCase(Locale.ROOT);
    switch (base) {
      case "Debian" -> {
        for (Map.Entry<String, String> e : DEBIAN_CODENAMES.entrySet()) {
          if (r.equals(e.getKey()) || r.endsWith("-" + e.getKey())) {
            return e.getValue();
          }
        }
        Matcher m = MAJOR.matcher(r);
        return m.find() ? m.group(1) : null;
      }
      case "Ubuntu" -> {
        Matcher m = UBUNTU_RELEASE.matcher(r);
        if (m.find()) {
          return m.group(1);
        }
        for (Map.Entry<String, String> e : UBUNTU_CODENAMES.entrySet()) {
          if (r.equals(e.getKey()) || r.endsWith("-" + e.getKey())) {
            return e.getValue();
          }
        }
        return null;
      }
      case "Alpine" -> {
        if (r.endsWith("edge")) {
          return "edge";
        }
        Matcher m = ALPINE.matcher(r);
        return m.find() ? "v" + m.group(1) + "." + m.group(2) : null;
      }
      case "Red Hat", "AlmaLinux", "Rocky Linux" -> {
        Matcher m = MAJOR.matcher(r);
        return m.find() ? m.group(1) : null;
      }
      default -> {
        return release.trim();
      }
    }
  }

  /**
   * OSV's ecosystem equality (osv-scalibr): same base, and the release compared only when both
   * sides have one.
   */
  public boolean matches(Ecosystem other) {
    return base.equals(other.base)
        && (release == null || other.release == null || release.equals(other.release));
  }

  /** Whether OSV scopes this ecosystem's advisories by distribution release. */
  public boolean isDistro() {
    return switch (base) {
      case "Debian",
          "Ubuntu",
          "Alpine",
          "Wolfi",
          "Chainguard",
          "MinimOS",
          "Red Hat",
          "AlmaLinux",
          "Rocky Linux",
          "SUSE",
          "openSUSE",
          "Mageia",
          "openEuler",
          "Azure Linux" ->
          true;
      default -> false;
    };
  }

  @Override
  public String toString() {
    return release == null ? base : base + ":" + release;
  }
}
