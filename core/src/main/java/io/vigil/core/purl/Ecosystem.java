package io.vigil.core.purl;

import io.vigil.core.distro.DistroRelease;
import java.util.Locale;
import java.util.Map;

/**
 * An OSV ecosystem: its base name in OSV's spelling ({@code Maven}, {@code PyPI}, {@code Debian})
 * and an optional qualifier after the first {@code :}, normalised so both sides of a match write it
 * the same way ({@link DistroRelease}): a distro release ({@code Debian:12} → {@code 12}, {@code
 * Ubuntu:Pro:22.04:LTS} → {@code 22.04} with variant {@code Pro}, {@code Alpine:v3.20} → {@code
 * v3.20}, {@code AlmaLinux:9} → {@code 9}, {@code Red Hat:enterprise_linux:7::client} → {@code 7})
 * or, elsewhere, the suffix as written (a repository URL such as {@code
 * Packagist:https://packages.drupal.org/8}).
 *
 * @param base OSV ecosystem name without suffix, in OSV's spelling when known
 * @param release the normalised suffix, or null
 * @param variant the distro variant ({@code Pro}, {@code Pro:FIPS-updates}, {@code rhel_eus:8.6}),
 *     or null for a release's main archive and for non-distro ecosystems
 */
public record Ecosystem(String base, String release, String variant) {

  /** An ecosystem without a variant. */
  public Ecosystem(String base, String release) {
    this(base, release, null);
  }

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

  /**
   * Parsed ecosystem strings: a feed holds a few hundred distinct ones ({@code Debian:12}, {@code
   * Ubuntu:Pro:20.04:LTS}...) over hundreds of thousands of entries. Bounded: cleared when full.
   */
  private static final java.util.concurrent.ConcurrentHashMap<String, Ecosystem> PARSED =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static final int PARSED_MAX = 10_000;

  /** Parses an OSV {@code affected[].package.ecosystem} value. */
  public static Ecosystem parseOsv(String ecosystem) {
    if (ecosystem == null || ecosystem.isBlank()) {
      throw new IllegalArgumentException("empty ecosystem");
    }
    Ecosystem cached = PARSED.get(ecosystem);
    if (cached != null) {
      return cached;
    }
    Ecosystem parsed = parse(ecosystem);
    if (PARSED.size() >= PARSED_MAX) {
      PARSED.clear();
    }
    PARSED.put(ecosystem, parsed);
    return parsed;
  }

  private static Ecosystem parse(String ecosystem) {
    int colon = ecosystem.indexOf(':');
    String base = canonicalBase(colon < 0 ? ecosystem : ecosystem.substring(0, colon));
    String suffix = colon < 0 ? null : ecosystem.substring(colon + 1);
    if (suffix == null || suffix.isEmpty()) {
      return new Ecosystem(base, null, null);
    }
    if (DistroRelease.hasReleases(base)) {
      DistroRelease r = DistroRelease.fromOsv(base, suffix);
      return new Ecosystem(base, r.release(), r.variant());
    }
    return new Ecosystem(base, suffix.trim(), null);
  }

  /** OSV's spelling of a base ecosystem name (case-insensitive lookup), or the name as given. */
  public static String canonicalBase(String base) {
    String b = base.trim();
    return CANONICAL.getOrDefault(b.toLowerCase(Locale.ROOT), b);
  }

  /**
   * A release as a purl {@code distro} qualifier writes it, in the form OSV ecosystems use for
   * {@code base}; null when it cannot be read ({@link DistroRelease#fromPurl} says why).
   */
  public static String normaliseRelease(String base, String release) {
    if (!DistroRelease.hasReleases(base)) {
      return release == null || release.isBlank() ? null : release.trim();
    }
    return DistroRelease.fromPurl(base, release, null).release();
  }

  /** This ecosystem's release and variant. */
  public DistroRelease distroRelease() {
    return new DistroRelease(release, variant, null);
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

  /**
   * The OSV spelling: {@code Debian:12}, {@code Ubuntu:22.04:LTS}, {@code Ubuntu:Pro:20.04:LTS},
   * {@code Alpine:v3.18}, {@code Maven}; {@link #parseOsv} reads it back to an equal value.
   */
  @Override
  public String toString() {
    if (release == null) {
      return base;
    }
    if (DistroRelease.hasReleases(base)) {
      return base + ":" + distroRelease().osvSuffix(base);
    }
    return base + ":" + release;
  }
}
