package io.vigil.core.purl;

import io.vigil.core.distro.DistroRelease;
import io.vigil.core.distro.SourcePackage;
import java.util.Locale;
import java.util.Optional;

/**
 * What the matcher needs to know about a component, derived from its purl (and, for distro
 * packages, what else the SBOM says about the source package): the OSV ecosystem (with the distro
 * release when the purl states one), the {@link PackageKey}, and the version as OSV writes it.
 *
 * <p>Mapping (purl type → OSV ecosystem, name): maven → Maven {@code group:artifact}; npm → npm
 * {@code @scope/name}; pypi → PyPI; golang → Go (module path, {@code stdlib} for the Go toolchain,
 * a {@code #vN} subpath appended as the major-version suffix); cargo → crates.io; gem → RubyGems;
 * nuget → NuGet; composer → Packagist {@code vendor/name}; pub → Pub; hex → Hex; hackage → Hackage;
 * cran → CRAN; swift → SwiftURL; github → GitHub Actions; bitnami → Bitnami; deb (debian/ubuntu) →
 * Debian/Ubuntu and apk (alpine/wolfi/chainguard; syft's older {@code pkg:alpine/...} too) →
 * Alpine/Wolfi/Chainguard, named and versioned by the <b>source</b> package (their advisories are
 * keyed by it); rpm → Red Hat, AlmaLinux, Rocky Linux, SUSE, openSUSE, Mageia, openEuler by
 * namespace, named by the <b>binary</b> package (their OSV entries list binary RPMs). The {@code
 * epoch} qualifier is folded into the version as {@code E:V} (rpm, and deb from trivy). The distro
 * release (and variant) comes from the {@code distro} qualifier ({@link DistroRelease#fromPurl}).
 * Other types have no OSV ecosystem.
 *
 * @param purl the parsed purl
 * @param ecosystem the OSV ecosystem, with the release and variant for distro packages
 * @param key the partition / lookup key
 * @param version the version to evaluate (the source package's when the SBOM states it; null when
 *     the component has none)
 * @param source for a distro binary package, the source package it was built from (name, and
 *     version when stated), when that differs from the binary package; else null
 * @param releaseProblem for a distro package whose release is unknown, why; else null
 */
public record PackageIdentity(
    Purl purl,
    Ecosystem ecosystem,
    PackageKey key,
    String version,
    SourcePackage source,
    String releaseProblem) {

  /** An identity without source package or release problem. */
  public PackageIdentity(Purl purl, Ecosystem ecosystem, PackageKey key, String version) {
    this(purl, ecosystem, key, version, null, null);
  }

  /** The same component at another version (the candidates of a smallest fix). */
  public PackageIdentity withVersion(String other) {
    return new PackageIdentity(purl, ecosystem, key, other, source, releaseProblem);
  }

  /** Parses and maps a purl string; empty for purl types with no OSV ecosystem. */
  public static Optional<PackageIdentity> fromPurl(String purl) {
    return fromPurl(Purl.parse(purl));
  }

  /** Maps a parsed purl; empty for purl types with no OSV ecosystem. */
  public static Optional<PackageIdentity> fromPurl(Purl p) {
    return fromComponent(p, null, null);
  }

  /**
   * THE identity of an SBOM component, shared by {@code vigil scan}, ingest-sbom and the
   * correlator: its purl, the SBOM's version field when the purl has none, and the source package
   * the SBOM states outside the purl (properties, SPDX {@code sourceInfo}; null when none). The
   * purl's own {@code upstream}/{@code source} qualifiers win over {@code statedSource}.
   *
   * @throws MalformedPurlException when {@code purl} is not a purl
   */
  public static Optional<PackageIdentity> fromComponent(
      String purl, String sbomVersion, SourcePackage statedSource) {
    return fromComponent(Purl.parse(purl), sbomVersion, statedSource);
  }

  /** As {@link #fromComponent(String, String, SourcePackage)} for a parsed purl. */
  public static Optional<PackageIdentity> fromComponent(
      Purl p, String sbomVersion, SourcePackage statedSource) {
    String ns = p.namespace();
    String base;
    String name;
    String version =
        p.version() != null && !p.version().isBlank()
            ? p.version()
            : sbomVersion == null || sbomVersion.isBlank() ? null : sbomVersion;
    switch (p.type()) {
      case "maven", "gradle" -> {
        if (ns == null) {
          return Optional.empty();
        }
        base = "Maven";
        name = ns + ":" + p.name();
      }
      case "npm" -> {
        base = "npm";
        name = ns == null ? p.name() : ns + "/" + p.name();
      }
      case "pypi" -> {
        base = "PyPI";
        name = p.name();
      }
      case "golang" -> {
        base = "Go";
        name = ns == null ? p.name() : ns + "/" + p.name();
        if (name.equals("go") || name.equals("stdlib") || name.equals("toolchain")) {
          name = "stdlib";
        }
        String sub = p.subpath();
        if (sub != null && sub.matches("v[0-9]+") && !name.endsWith("/" + sub)) {
          name = name + "/" + sub;
        }
      }
      case "cargo" -> {
        base = "crates.io";
        name = p.name();
      }
      case "gem" -> {
        base = "RubyGems";
        name = p.name();
      }
      case "nuget" -> {
        base = "NuGet";
        name = p.name();
      }
      case "composer" -> {
        base = "Packagist";
        name = ns == null ? p.name() : ns + "/" + p.name();
      }
      case "pub" -> {
        base = "Pub";
        name = p.name();
      }
      case "hex" -> {
        base = "Hex";
        name = p.name();
      }
      case "hackage" -> {
        base = "Hackage";
        name = p.name();
      }
      case "cran" -> {
        base = "CRAN";
        name = p.name();
      }
      case "swift" -> {
        base = "SwiftURL";
        name = ns == null ? p.name() : ns + "/" + p.name();
      }
      case "github" -> {
        base = "GitHub Actions";
        name = ns == null ? p.name() : ns + "/" + p.name();
      }
      case "bitnami" -> {
        base = "Bitnami";
        name = p.name();
      }
      case "deb", "apk", "alpine", "rpm" -> {
        return distroPackage(p, version, statedSource);
      }
      default -> {
        return Optional.empty();
      }
    }
    return Optional.of(
        new PackageIdentity(
            p,
            new Ecosystem(base, null),
            new PackageKey(base, PackageKey.normaliseName(base, name)),
            version));
  }

  /** The OSV base ecosystem of a distro purl's type and namespace, or null. */
  static String distroBase(String type, String namespace) {
    if (type.equals("alpine")) {
      return "Alpine"; // syft before 0.60: pkg:alpine/<name>@<version>
    }
    if (namespace == null) {
      return null;
    }
    String n = namespace.toLowerCase(Locale.ROOT).replace(' ', '-').replace('.', '-');
    return switch (type) {
      case "deb" ->
          switch (n) {
            case "debian" -> "Debian";
            case "ubuntu" -> "Ubuntu";
            default -> null;
          };
      case "apk" ->
          switch (n) {
            case "alpine" -> "Alpine";
            case "wolfi" -> "Wolfi";
            case "chainguard" -> "Chainguard";
            default -> null;
          };
      case "rpm" -> {
        if (n.equals("redhat") || n.equals("rhel")) {
          yield "Red Hat";
        } else if (n.equals("almalinux") || n.equals("alma")) {
          yield "AlmaLinux";
        } else if (n.equals("rocky") || n.equals("rockylinux")) {
          yield "Rocky Linux";
        } else if (n.startsWith("opensuse")) {
          yield "openSUSE";
        } else if (n.equals("suse")
            || n.startsWith("sles")
            || n.startsWith("sle-")
            || n.startsWith("sl-micro")
            || n.startsWith("suse-linux-enterprise")) {
          yield "SUSE";
        } else if (n.equals("mageia")) {
          yield "Mageia";
        } else if (n.equals("openeuler")) {
          yield "openEuler";
        } else if (n.equals("azurelinux")) {
          yield "Azure Linux";
        }
        yield null;
      }
      default -> null;
    };
  }

  /**
   * deb, apk and rpm: the release from {@code distro}, the epoch folded in, and the name and
   * version the distribution's advisories use (deb/apk: the source package's; rpm: the binary's).
   */
  private static Optional<PackageIdentity> distroPackage(
      Purl p, String version, SourcePackage stated) {
    String base = distroBase(p.type(), p.namespace());
    if (base == null) {
      return Optional.empty();
    }
    String epoch = p.qualifier("epoch");
    String binaryVersion = version;
    if (version != null && epoch != null && !epoch.isBlank() && !version.contains(":")) {
      binaryVersion = epoch.strip() + ":" + version;
    }
    DistroRelease release = DistroRelease.fromPurl(base, p.qualifier("distro"), binaryVersion);
    Ecosystem eco = new Ecosystem(base, release.release(), release.variant());
    boolean rpm = p.type().equals("rpm");
    SourcePackage source = rpm ? rpmSource(p, stated) : debOrApkSource(p, stated);
    if (source != null
        && source.name().equals(p.name())
        && (source.version() == null || source.version().equals(binaryVersion))) {
      source = null; // the package is its own source
    }
    String name = !rpm && source != null ? source.name() : p.name();
    String evaluated =
        !rpm && source != null && source.version() != null ? source.version() : binaryVersion;
    return Optional.of(
        new PackageIdentity(
            p,
            eco,
            new PackageKey(base, PackageKey.normaliseName(base, name)),
            evaluated,
            source,
            release.problem()));
  }

  /**
   * deb/apk: {@code upstream=} or osv-scalibr's {@code source=}/{@code sourceversion=}, else
   * stated.
   */
  private static SourcePackage debOrApkSource(Purl p, SourcePackage stated) {
    SourcePackage q = SourcePackage.fromUpstream(p.qualifier("upstream"));
    String scalibr = p.qualifier("source");
    if (q == null && scalibr != null && !scalibr.isBlank()) {
      q = new SourcePackage(scalibr, p.qualifier("sourceversion"));
    }
    if (q == null) {
      return stated;
    }
    if (q.version() == null && stated != null && stated.name().equals(q.name())) {
      return stated; // the qualifier names it, the SBOM's property adds the version
    }
    return q;
  }

  /** rpm: the source RPM ({@code upstream=} file name, {@code sourcerpm=}), else stated. */
  private static SourcePackage rpmSource(Purl p, SourcePackage stated) {
    SourcePackage q = SourcePackage.fromUpstream(p.qualifier("upstream"));
    if (q == null) {
      q = SourcePackage.fromSourceRpm(p.qualifier("sourcerpm"));
    }
    return q == null ? stated : q;
  }

  /**
   * The purl of an OSV package (the way back): type, namespace and name, plus the {@code distro}
   * qualifier for distro ecosystems with a release; no version. Empty for ecosystems without a purl
   * type (GIT, OSS-Fuzz, Linux...).
   */
  public static Optional<Purl> toPurl(String osvEcosystem, String osvName) {
    Ecosystem eco = Ecosystem.parseOsv(osvEcosystem);
    String name = osvName.trim();
    java.util.Map<String, String> q = new java.util.TreeMap<>();
    String type;
    String ns = null;
    String n = name;
    switch (eco.base()) {
      case "Maven" -> {
        int colon = name.indexOf(':');
        if (colon <= 0) {
          return Optional.empty();
        }
        type = "maven";
        ns = name.substring(0, colon);
        n = name.substring(colon + 1);
      }
      case "npm" -> {
        type = "npm";
        int slash = name.indexOf('/');
        if (name.startsWith("@") && slash > 0) {
          ns = name.substring(0, slash);
          n = name.substring(slash + 1);
        }
      }
      case "PyPI" -> type = "pypi";
      case "Go" -> {
        type = "golang";
        int slash = name.lastIndexOf('/');
        if (slash > 0) {
          ns = name.substring(0, slash);
          n = name.substring(slash + 1);
        }
      }
      case "crates.io" -> type = "cargo";
      case "RubyGems" -> type = "gem";
      case "NuGet" -> type = "nuget";
      case "Pub" -> type = "pub";
      case "Hex" -> type = "hex";
      case "Hackage" -> type = "hackage";
      case "CRAN" -> type = "cran";
      case "Bitnami" -> type = "bitnami";
      case "Packagist", "GitHub Actions", "SwiftURL" -> {
        type =
            eco.base().equals("Packagist")
                ? "composer"
                : eco.base().equals("SwiftURL") ? "swift" : "github";
        String path =
            eco.base().equals("SwiftURL") ? PackageKey.normaliseName("SwiftURL", name) : name;
        int slash = path.lastIndexOf('/');
        if (slash <= 0) {
          return Optional.empty();
        }
        ns = path.substring(0, slash);
        n = path.substring(slash + 1);
      }
      case "Debian", "Ubuntu" -> {
        type = "deb";
        ns = eco.base().toLowerCase(java.util.Locale.ROOT);
        if (eco.release() != null) {
          q.put("distro", ns + "-" + eco.release() + ubuntuVariantSpelling(eco.variant()));
        }
      }
      case "Alpine", "Wolfi", "Chainguard" -> {
        type = "apk";
        ns = eco.base().toLowerCase(java.util.Locale.ROOT);
        if (eco.release() != null && eco.base().equals("Alpine")) {
          q.put(
              "distro", eco.release().startsWith("v") ? eco.release().substring(1) : eco.release());
        }
      }
      case "Red Hat", "AlmaLinux", "Rocky Linux", "SUSE", "openSUSE", "Mageia", "openEuler" -> {
        type = "rpm";
        ns =
            switch (eco.base()) {
              case "Red Hat" -> "redhat";
              case "Rocky Linux" -> "rocky";
              default -> eco.base().toLowerCase(java.util.Locale.ROOT);
            };
        if (eco.release() != null && eco.isDistro()) {
          q.put(
              "distro",
              switch (eco.base()) {
                case "SUSE" ->
                    eco.variant() != null && eco.variant().contains("Micro")
                        ? "sle-micro-" + eco.release()
                        : "sles-" + eco.release();
                case "openSUSE" ->
                    "opensuse-"
                        + (eco.variant() != null
                            ? eco.release().replace("leap-", "leap-micro-")
                            : eco.release());
                default -> ns + "-" + eco.release();
              });
        }
      }
      default -> {
        return Optional.empty();
      }
    }
    return Optional.of(Purl.of(type, ns, n, null, q, null));
  }

  /** How a purl's {@code distro} qualifier spells an Ubuntu Pro variant ({@code -pro-fips}). */
  private static String ubuntuVariantSpelling(String variant) {
    if (variant == null) {
      return "";
    }
    return switch (variant) {
      case "Pro" -> "-pro";
      case "Pro:FIPS" -> "-pro-fips";
      case "Pro:FIPS-updates" -> "-pro-fips-updates";
      case "Pro:FIPS-preview" -> "-pro-fips-preview";
      default -> ""; // Realtime kernel, NVIDIA BlueField...: no purl spelling
    };
  }
}
