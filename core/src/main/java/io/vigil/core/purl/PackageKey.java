package io.vigil.core.purl;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The canonical identity of a package across SBOMs and advisories, and the key the correlator
 * partitions by: {@code <OSV base ecosystem>/<normalised name>}, for example {@code
 * Maven/org.apache.logging.log4j:log4j-core}, {@code npm/@angular/core}, {@code
 * PyPI/django-allauth}, {@code Debian/openssl}.
 *
 * <p>The distro release and repository suffixes are deliberately not part of the key: OSV compares
 * them only when both sides state one, so a component without a release must meet every advisory of
 * its package (and then be judged by the matcher), which requires them on the same partition. The
 * release travels with the {@link Ecosystem}.
 *
 * <p>Name normalisation (applied identically to purls and OSV names): PyPI per PEP 503 ({@code
 * [-_.]+} → {@code -}, lower case); NuGet, Packagist, Pub, Hex and GitHub Actions lower case;
 * SwiftURL without scheme and {@code .git}, lower case; Go {@code toolchain} → {@code stdlib} (a Go
 * toolchain component must meet the advisories of both); everything else as written.
 *
 * @param ecosystem OSV base ecosystem in OSV's spelling
 * @param name the normalised package name
 */
public record PackageKey(String ecosystem, String name) {
  private static final Pattern PEP503 = Pattern.compile("[-_.]+");

  public PackageKey {
    if (ecosystem == null || ecosystem.isEmpty() || name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a package key needs an ecosystem and a name");
    }
  }

  /** The key of an OSV {@code affected[].package} (ecosystem with or without suffix, name). */
  public static PackageKey of(String osvEcosystem, String name) {
    String base = Ecosystem.parseOsv(osvEcosystem).base();
    return new PackageKey(base, normaliseName(base, name));
  }

  /** Parses {@link #toString()}; the ecosystem is everything before the first {@code /}. */
  public static PackageKey parse(String key) {
    int slash = key.indexOf('/');
    if (slash <= 0 || slash == key.length() - 1) {
      throw new IllegalArgumentException("not a package key: '" + key + "'");
    }
    return new PackageKey(key.substring(0, slash), key.substring(slash + 1));
  }

  /** The ecosystem's name normalisation. */
  public static String normaliseName(String base, String name) {
    String n = name.trim();
    return switch (base) {
      case "PyPI" -> PEP503.matcher(n).replaceAll("-").toLowerCase(Locale.ROOT);
      case "NuGet", "Packagist", "Pub", "Hex", "GitHub Actions" -> n.toLowerCase(Locale.ROOT);
      // Go's vulndb has "stdlib" and "toolchain" (the go command); a Go toolchain component meets
      // both
      case "Go" -> n.equals("toolchain") ? "stdlib" : n;
      case "SwiftURL" -> {
        String s = n.toLowerCase(Locale.ROOT);
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
          s = s.substring(scheme + 3);
        }
        if (s.endsWith(".git")) {
          s = s.substring(0, s.length() - 4);
        }
        while (s.endsWith("/")) {
          s = s.substring(0, s.length() - 1);
        }
        yield s;
      }
      default -> n;
    };
  }

  @Override
  public String toString() {
    return ecosystem + "/" + name;
  }
}
