package io.vigil.core.purl;

import java.util.Optional;

/**
 * What the matcher needs to know about a component, derived from its purl: the OSV ecosystem (with
 * the distro release when the purl states one), the {@link PackageKey}, and the version as OSV
 * writes it.
 *
 * <p>Mapping (purl type → OSV ecosystem, name): maven → Maven {@code group:artifact}; npm → npm
 * {@code @scope/name}; pypi → PyPI; golang → Go (module path, {@code stdlib} for the Go toolchain,
 * a {@code #vN} subpath appended as the major-version suffix); cargo → crates.io; gem → RubyGems;
 * nuget → NuGet; composer → Packagist {@code vendor/name}; pub → Pub; hex → Hex; hackage → Hackage;
 * cran → CRAN; swift → SwiftURL; github → GitHub Actions; bitnami → Bitnami; deb (debian/ubuntu) →
 * Debian/Ubuntu with the release from {@code distro}, named by the source package ({@code upstream}
 * qualifier) when given; apk (alpine/wolfi/chainguard) → Alpine/Wolfi/Chainguard likewise; rpm →
 * Red Hat, AlmaLinux, Rocky Linux, SUSE, openSUSE, Mageia by namespace, with the {@code epoch}
 * qualifier folded into the version as {@code E:V}. Other types have no OSV ecosystem.
 *
 * @param purl the parsed purl
 * @param ecosystem the OSV ecosystem
 * @param key the partition / lookup key
 * @param version the version to evaluate (null when the purl has none)
 */
public record PackageIdentity(Purl purl, Ecosystem ecosystem, PackageKey key, String version) {

  /** Parses and maps a purl string; empty for purl types with no OSV ecosystem. */
  public static Optional<PackageIdentity> fromPurl(String purl) {
    return fromPurl(Purl.parse(purl));
  }

  /** Maps a parsed purl; empty for purl types with no OSV ecosystem. */
  public static Optional<PackageIdentity> fromPurl(Purl p) {
    String ns = p.namespace();
    String base;
    String name;
    String release = null;
    String version = p.version();
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
      case "deb" -> {
        if (ns == null) {
          return Optional.empty();
        }
        base =
            switch (ns.toLowerCase(java.util.Locale.ROOT)) {
              case "debian" -> "Debian";
              case "ubuntu" -> "Ubuntu";
              default -> null;
            };
        if (base == null) {
          return Optional.empty();
        }
        name = sourceName(p);
        release = Ecosystem.normaliseRelease(base, p.qualifier("distro"));
      }
      case "apk" -> {
        if (ns == null) {
          return Optional.empty();
        }
        base =
            switch (ns.toLowerCase(java.util.Locale.ROOT)) {
              case "alpine" -> "Alpine";
              case "wolfi" -> "Wolfi";
              case "chainguard" -> "Chainguard";
              default -> null;
            };
        if (base == null) {
          return Optional.empty();
        }
        name = sourceName(p);
        release =
            base.equals("Alpine") ? Ecosystem.normaliseRelease(base, p.qualifier("distro")) : null;
      }
      case "rpm" -> {
        if (ns == null) {
          return Optional.empty();
        }
        base =
            switch (ns.toLowerCase(java.util.Locale.ROOT)) {
              case "redhat", "rhel" -> "Red Hat";
              case "almalinux" -> "AlmaLinux";
              case "rocky", "rockylinux" -> "Rocky Linux";
              case "suse", "sles" -> "SUSE";
              case "opensuse" -> "openSUSE";
              case "mageia" -> "Mageia";
              case "openeuler" -> "openEuler";
              default -> null;
            };
        if (base == null) {
          return Optional.empty();
        }
        name = rpmSourceName(p);
        release = Ecosystem.normaliseRelease(base, p.qualifier("distro"));
        String epoch = p.qualifier("epoch");
        if (version != null && epoch != null && !version.contains(":")) {
          version = epoch + ":" + version;
        }
      }
      default -> {
        return Optional.empty();
      }
    }
    Ecosystem eco = new Ecosystem(base, release);
    return Optional.of(
        new PackageIdentity(
            p, eco, new PackageKey(base, PackageKey.normaliseName(base, name)), version));
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
          q.put("distro", ns + "-" + eco.release());
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
          q.put("distro", ns + "-" + eco.release());
        }
      }
      default -> {
        return Optional.empty();
      }
    }
    return Optional.of(Purl.of(type, ns, n, null, q, null));
  }

  /** deb/apk: the source (origin) package from {@code upstream}, else the binary name. */
  private static String sourceName(Purl p) {
    String up = p.qualifier("upstream");
    if (up == null || up.isBlank()) {
      return p.name();
    }
    int cut = up.length();
    for (char c : new char[] {'@', ' ', '('}) {
      int i = up.indexOf(c);
      if (i > 0) {
        cut = Math.min(cut, i);
      }
    }
    return up.substring(0, cut);
  }

  /** rpm: {@code upstream=openssl-1.1.1k-6.el8.src.rpm} names the source RPM {@code openssl}. */
  private static String rpmSourceName(Purl p) {
    String up = p.qualifier("upstream");
    if (up == null || up.isBlank()) {
      return p.name();
    }
    String s = up.endsWith(".src.rpm") ? up.substring(0, up.length() - 8) : up;
    if (s.equals(up)) {
      return s;
    }
    int r = s.lastIndexOf('-');
    int v = r > 0 ? s.lastIndexOf('-', r - 1) : -1;
    return v > 0 ? s.substring(0, v) : s;
  }
}
