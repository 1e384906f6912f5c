package io.vigil.core.version;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Finds the {@link VersionScheme} of an OSV ecosystem. */
public final class VersionSchemes {
  private VersionSchemes() {}

  public static VersionScheme maven() {
    return MavenVersionScheme.INSTANCE;
  }

  public static VersionScheme semver() {
    return SemverScheme.SEMVER;
  }

  private static final Map<String, VersionScheme> BY_ECOSYSTEM =
      Map.ofEntries(
          Map.entry("maven", MavenVersionScheme.INSTANCE),
          Map.entry("npm", SemverScheme.SEMVER),
          Map.entry("crates.io", SemverScheme.SEMVER),
          Map.entry("hex", SemverScheme.SEMVER),
          Map.entry("swifturl", SemverScheme.SEMVER),
          Map.entry("bitnami", SemverScheme.SEMVER),
          Map.entry("go", SemverScheme.GO),
          Map.entry("nuget", SemverScheme.NUGET),
          Map.entry("pub", SemverScheme.PUB),
          Map.entry("pypi", PypiVersionScheme.INSTANCE),
          Map.entry("rubygems", RubyGemsVersionScheme.INSTANCE),
          Map.entry("packagist", PackagistVersionScheme.INSTANCE),
          Map.entry("debian", DpkgVersionScheme.INSTANCE),
          Map.entry("ubuntu", DpkgVersionScheme.INSTANCE),
          Map.entry("alpine", ApkVersionScheme.INSTANCE),
          Map.entry("wolfi", ApkVersionScheme.INSTANCE),
          Map.entry("chainguard", ApkVersionScheme.INSTANCE),
          Map.entry("minimos", ApkVersionScheme.INSTANCE),
          Map.entry("red hat", RpmVersionScheme.INSTANCE),
          Map.entry("almalinux", RpmVersionScheme.INSTANCE),
          Map.entry("rocky linux", RpmVersionScheme.INSTANCE),
          Map.entry("suse", RpmVersionScheme.INSTANCE),
          Map.entry("opensuse", RpmVersionScheme.INSTANCE),
          Map.entry("mageia", RpmVersionScheme.INSTANCE),
          Map.entry("openeuler", RpmVersionScheme.INSTANCE),
          Map.entry("azure linux", RpmVersionScheme.INSTANCE),
          Map.entry("cran", NumericVersionScheme.CRAN),
          Map.entry("bioconductor", NumericVersionScheme.CRAN),
          Map.entry("hackage", NumericVersionScheme.HACKAGE),
          Map.entry("ghc", NumericVersionScheme.HACKAGE));

  /** Every distinct scheme, for tests and benchmarks. */
  public static List<VersionScheme> all() {
    return List.of(
        MavenVersionScheme.INSTANCE,
        SemverScheme.SEMVER,
        SemverScheme.GO,
        SemverScheme.NUGET,
        SemverScheme.PUB,
        PypiVersionScheme.INSTANCE,
        RubyGemsVersionScheme.INSTANCE,
        PackagistVersionScheme.INSTANCE,
        DpkgVersionScheme.INSTANCE,
        ApkVersionScheme.INSTANCE,
        RpmVersionScheme.INSTANCE,
        NumericVersionScheme.CRAN,
        NumericVersionScheme.HACKAGE);
  }

  /**
   * The scheme of an OSV ecosystem name, with or without its {@code :suffix} ({@code Debian:12},
   * {@code Packagist:https://packages.drupal.org/8}); case-insensitive. Empty for ecosystems
   * without a version order (GIT, OSS-Fuzz, Linux) or unknown ones.
   */
  public static Optional<VersionScheme> forEcosystem(String ecosystem) {
    if (ecosystem == null) {
      return Optional.empty();
    }
    int colon = ecosystem.indexOf(':');
    String base =
        (colon < 0 ? ecosystem : ecosystem.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
    return Optional.ofNullable(BY_ECOSYSTEM.get(base));
  }

  /** A scheme by its {@link VersionScheme#name()}. */
  public static Optional<VersionScheme> byName(String name) {
    return all().stream().filter(s -> s.name().equalsIgnoreCase(name)).findFirst();
  }
}
