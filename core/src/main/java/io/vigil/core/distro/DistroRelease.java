package io.vigil.core.distro;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The release of a distribution as OSV scopes its advisories by it, read from either side of a
 * match and normalised so both sides write it the same way: from an OSV ecosystem suffix ({@code
 * Debian:11}, {@code Ubuntu:Pro:FIPS-updates:22.04:LTS}, {@code Alpine:v3.16}, {@code Red
 * Hat:enterprise_linux:8::appstream}, {@code SUSE:Linux Enterprise Server 15 SP5}) and from the
 * {@code distro} qualifier of a purl in every form SBOM generators write ({@code debian-11}, {@code
 * debian-11.6}, {@code bullseye}, {@code ubuntu-22.04}, {@code jammy}, {@code alpine-3.16.2},
 * trivy's bare {@code 3.16.2}, {@code almalinux-9.2}, {@code rhel-8.7}, {@code el9}, {@code
 * sles-15.5}, {@code opensuse-leap-15.5}).
 *
 * <p>A <b>variant</b> is a part of the archive that only some installations use: Ubuntu Pro (ESM),
 * Ubuntu Pro FIPS, FIPS-updates and FIPS-preview, Ubuntu's Realtime-kernel and NVIDIA BlueField
 * builds; Red Hat products other than Enterprise Linux itself (EUS, AUS, OpenShift...); SUSE
 * products other than the base system (LTSS, Micro, SAP...). An advisory entry of a variant applies
 * only to a component whose SBOM says it is from that variant; entries without a variant apply to
 * every installation of the release. See {@link #admits}.
 *
 * @param release the normalised release ({@code 11}, {@code 22.04}, {@code v3.16}, {@code 8},
 *     {@code 15.5}, {@code leap-15.5}), or null when it is unknown or the ecosystem has none
 * @param variant the normalised variant ({@code Pro}, {@code Pro:FIPS-updates}, {@code
 *     rhel_eus:8.6}, {@code LTSS}), or null for the release's main archive
 * @param problem why the release is unknown (no {@code distro} qualifier, a qualifier naming no
 *     known release), or null when it is known or the ecosystem has no releases
 */
public record DistroRelease(String release, String variant, String problem) {

  /** No release, for ecosystems OSV does not scope by release (Wolfi, Chainguard, Maven...). */
  public static final DistroRelease NONE = new DistroRelease(null, null, null);

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
  private static final Pattern NUMBER = Pattern.compile("(\\d+)");
  private static final Pattern ALPINE = Pattern.compile("(?<![0-9])v?(\\d+)\\.(\\d+)");
  private static final Pattern SUSE_VERSION =
      Pattern.compile("(\\d+)(?:(?:\\s+|-)sp(\\d+)|\\.(\\d+))?", Pattern.CASE_INSENSITIVE);
  private static final Pattern TOKEN = Pattern.compile("[a-z]+");

  /** True when OSV scopes this base ecosystem's advisories by release. */
  public static boolean hasReleases(String base) {
    return switch (base) {
      case "Debian",
          "Ubuntu",
          "Alpine",
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

  /** Reads the suffix of an OSV ecosystem ({@code 22.04:LTS} of {@code Ubuntu:22.04:LTS}). */
  public static DistroRelease fromOsv(String base, String suffix) {
    if (suffix == null || suffix.isBlank()) {
      return NONE;
    }
    String s = suffix.trim();
    return switch (base) {
      case "Debian" -> {
        String r = debian(s.toLowerCase(Locale.ROOT));
        yield new DistroRelease(r == null ? s : r, null, null);
      }
      case "Ubuntu" -> ubuntuOsv(s);
      case "Alpine" -> {
        String r = alpine(s.toLowerCase(Locale.ROOT));
        yield new DistroRelease(r == null ? s : r, null, null);
      }
      case "Red Hat" -> redHatOsv(s);
      case "AlmaLinux", "Rocky Linux", "Mageia" -> {
        Matcher m = NUMBER.matcher(s);
        yield new DistroRelease(m.find() ? m.group(1) : s, null, null);
      }
      case "SUSE" -> suseOsv(s);
      case "openSUSE" -> openSuse(s.toLowerCase(Locale.ROOT), s);
      default -> new DistroRelease(s, null, null);
    };
  }

  /**
   * Reads the release of a distro package from its purl: the {@code distro} qualifier, and for
   * Ubuntu also the package version (an {@code +esm} build comes from Ubuntu Pro).
   *
   * @param base the OSV base ecosystem the purl maps to
   * @param distro the {@code distro} qualifier, or null
   * @param version the package version, or null
   */
  public static DistroRelease fromPurl(String base, String distro, String version) {
    if (!hasReleases(base)) {
      return NONE;
    }
    if (distro == null || distro.isBlank()) {
      return unknown(
          "the purl has no distro qualifier, so the "
              + base
              + " release is unknown (advisories list fixes per release)");
    }
    String q = distro.trim().toLowerCase(Locale.ROOT);
    DistroRelease r =
        switch (base) {
          case "Debian" -> known(debian(stripPrefix(q, "debian")), null);
          case "Ubuntu" -> ubuntuPurl(q, version);
          case "Alpine" -> known(alpine(stripPrefix(q, "alpine")), null);
          case "Red Hat", "AlmaLinux", "Rocky Linux", "Mageia" -> {
            Matcher m = NUMBER.matcher(q);
            yield known(m.find() ? m.group(1) : null, null);
          }
          case "SUSE" -> susePurl(q);
          case "openSUSE" -> openSuse(q, null);
          default -> unknown("Vigil has no mapping from distro=" + distro + " to " + base);
        };
    if (r.release() == null && r.problem() == null) {
      return unknown("distro=" + distro + " names no " + base + " release Vigil knows");
    }
    return r;
  }

  /**
   * Whether an advisory entry scoped to {@code entry} applies to a component of this release: same
   * release, and either the entry has no variant (the release's main archive, which every
   * installation uses) or the component's variant is the entry's or a part of it ({@code
   * Pro:FIPS-updates} installations also get the {@code Pro} entries).
   */
  public boolean admits(DistroRelease entry) {
    return admits(release, variant, entry.release, entry.variant);
  }

  /** {@link #admits(DistroRelease)} on the parts (no allocation: the matcher's hot path). */
  public static boolean admits(
      String release, String variant, String entryRelease, String entryVariant) {
    if (release == null || entryRelease == null || !release.equals(entryRelease)) {
      return false;
    }
    return entryVariant == null
        || (variant != null
            && (variant.equals(entryVariant)
                || (variant.length() > entryVariant.length()
                    && variant.startsWith(entryVariant)
                    && variant.charAt(entryVariant.length()) == ':')));
  }

  /** The OSV spelling of a release and variant for {@code base} ({@code Pro:22.04:LTS}). */
  public String osvSuffix(String base) {
    if (release == null) {
      return null;
    }
    if (base.equals("Ubuntu")) {
      String lts = isUbuntuLts(release) ? release + ":LTS" : release;
      if (variant == null) {
        return lts;
      }
      // the variant's parts before the release (Pro, FIPS...) and after it (Realtime:Kernel)
      StringBuilder before = new StringBuilder();
      StringBuilder after = new StringBuilder();
      for (String part : variant.split(":")) {
        boolean prefix = part.equals("Pro") || part.startsWith("FIPS");
        (prefix ? before : after).append(part).append(':');
      }
      String tail = after.length() == 0 ? "" : ":" + after.substring(0, after.length() - 1);
      return before + lts + tail;
    }
    if (base.equals("SUSE")) {
      return variant == null ? release : variant + " " + release;
    }
    return variant == null ? release : variant + ":" + release;
  }

  /** Ubuntu's long-term-support releases: the April release of even years. */
  public static boolean isUbuntuLts(String release) {
    return release.length() == 5
        && release.endsWith(".04")
        && Character.isDigit(release.charAt(0))
        && (release.charAt(1) - '0') % 2 == 0;
  }

  // --- Debian ----------------------------------------------------------------------------------

  private static String debian(String s) {
    for (Map.Entry<String, String> e : DEBIAN_CODENAMES.entrySet()) {
      if (s.equals(e.getKey()) || s.endsWith("-" + e.getKey()) || s.endsWith("/" + e.getKey())) {
        return e.getValue();
      }
    }
    if (s.startsWith("ubuntu")) {
      return null;
    }
    Matcher m = NUMBER.matcher(s);
    return m.find() && m.start() == 0 ? m.group(1) : null;
  }

  // --- Ubuntu ----------------------------------------------------------------------------------

  private static DistroRelease ubuntuOsv(String suffix) {
    String release = null;
    StringBuilder variant = new StringBuilder();
    for (String part : suffix.split(":")) {
      if (part.isEmpty() || part.equals("LTS")) {
        continue;
      }
      if (release == null && UBUNTU_RELEASE.matcher(part).matches()) {
        release = part;
        continue;
      }
      if (variant.length() > 0) {
        variant.append(':');
      }
      variant.append(part);
    }
    return new DistroRelease(
        release == null ? suffix : release,
        variant.length() == 0 ? null : variant.toString(),
        null);
  }

  private static DistroRelease ubuntuPurl(String q, String version) {
    String release = null;
    Matcher m = UBUNTU_RELEASE.matcher(q);
    if (m.find()) {
      release = m.group(1);
    } else {
      for (Map.Entry<String, String> e : UBUNTU_CODENAMES.entrySet()) {
        if (q.equals(e.getKey())
            || q.contains("-" + e.getKey())
            || q.startsWith(e.getKey() + "-")) {
          release = e.getValue();
          break;
        }
      }
    }
    if (release == null) {
      return unknown("distro=" + q + " names no Ubuntu release Vigil knows");
    }
    return new DistroRelease(release, ubuntuVariant(q, version), null);
  }

  /**
   * The Ubuntu Pro variant the SBOM states: a {@code distro} qualifier naming Pro, ESM or FIPS
   * ({@code ubuntu-22.04-pro}, {@code ubuntu-20.04-fips-updates}), or a package built for ESM (a
   * version with {@code +esm}); null otherwise.
   */
  private static String ubuntuVariant(String q, String version) {
    if (q.contains("fips-updates") || q.contains("fipsupdates")) {
      return "Pro:FIPS-updates";
    }
    if (q.contains("fips-preview")) {
      return "Pro:FIPS-preview";
    }
    Matcher t = TOKEN.matcher(q);
    boolean pro = false;
    while (t.find()) {
      switch (t.group()) {
        case "fips" -> {
          return "Pro:FIPS";
        }
        case "pro", "esm" -> pro = true;
        default -> {}
      }
    }
    if (pro || (version != null && version.toLowerCase(Locale.ROOT).contains("+esm"))) {
      return "Pro";
    }
    return null;
  }

  // --- Alpine ----------------------------------------------------------------------------------

  private static String alpine(String s) {
    if (s.equals("edge") || s.endsWith("-edge")) {
      return "edge";
    }
    Matcher m = ALPINE.matcher(s);
    return m.find() && (m.start() == 0 || s.charAt(m.start() - 1) == '-')
        ? "v" + m.group(1) + "." + m.group(2)
        : null;
  }

  // --- Red Hat ---------------------------------------------------------------------------------

  /** {@code enterprise_linux:8::appstream} → 8; {@code rhel_eus:8.6::baseos} → variant. */
  private static DistroRelease redHatOsv(String suffix) {
    String[] parts = suffix.split(":", -1);
    String product = parts[0].toLowerCase(Locale.ROOT);
    String version = parts.length > 1 ? parts[1] : "";
    Matcher m = NUMBER.matcher(version.isEmpty() ? suffix : version);
    String major = m.find() ? m.group(1) : suffix;
    if (product.equals("enterprise_linux") || product.matches("\\d.*")) {
      return new DistroRelease(major, null, null);
    }
    return new DistroRelease(major, version.isEmpty() ? product : product + ":" + version, null);
  }

  // --- SUSE ------------------------------------------------------------------------------------

  /**
   * {@code Linux Enterprise Server 15 SP5} → 15.5; the base system's products (Server, Desktop, its
   * modules) have no variant; other products (LTSS, Micro, for SAP Applications, Manager...) are
   * variants named by the product.
   */
  private static DistroRelease suseOsv(String suffix) {
    Matcher m = SUSE_VERSION.matcher(suffix);
    int at = -1;
    String release = null;
    while (m.find()) {
      if (m.start() > 0 && !Character.isWhitespace(suffix.charAt(m.start() - 1))) {
        continue;
      }
      at = m.start();
      release = suseRelease(m);
      break;
    }
    if (release == null) {
      return new DistroRelease(suffix, null, null);
    }
    String product = suffix.substring(0, at).trim();
    return new DistroRelease(
        release, product.isEmpty() || suseBaseSystem(product) ? null : product, null);
  }

  private static boolean suseBaseSystem(String product) {
    return product.equals("Linux Enterprise Server")
        || product.equals("Linux Enterprise Desktop")
        || product.startsWith("Linux Enterprise Module for")
        || product.equals("Linux Enterprise Workstation Extension")
        || product.equals("Linux Enterprise Software Development Kit");
  }

  private static String suseRelease(Matcher m) {
    String major = m.group(1);
    String minor = m.group(2) != null ? m.group(2) : m.group(3);
    return minor == null || minor.equals("0") ? major : major + "." + minor;
  }

  /** {@code sles-15.5}, {@code sles-15-sp5}, {@code sle-micro-5.3}, {@code sles_sap-15.5}. */
  private static DistroRelease susePurl(String q) {
    Matcher m = SUSE_VERSION.matcher(q);
    if (!m.find()) {
      return unknown("distro=" + q + " names no SUSE release Vigil knows");
    }
    String release = suseRelease(m);
    String product = q.substring(0, m.start());
    String variant =
        product.contains("micro")
            ? "Linux Enterprise Micro"
            : product.contains("sap") ? "Linux Enterprise Server for SAP Applications" : null;
    return new DistroRelease(release, variant, null);
  }

  // --- openSUSE --------------------------------------------------------------------------------

  /** {@code Leap 15.5} / {@code opensuse-leap-15.5} → {@code leap-15.5}; Tumbleweed has none. */
  private static DistroRelease openSuse(String lower, String asWritten) {
    if (lower.contains("tumbleweed")) {
      return new DistroRelease("tumbleweed", null, null);
    }
    Matcher m = Pattern.compile("(\\d+)\\.(\\d+)").matcher(lower);
    if (!m.find()) {
      return asWritten == null
          ? unknown("distro=" + lower + " names no openSUSE release Vigil knows")
          : new DistroRelease(asWritten, null, null);
    }
    String release = "leap-" + m.group(1) + "." + m.group(2);
    return new DistroRelease(release, lower.contains("micro") ? "Leap Micro" : null, null);
  }

  // ---------------------------------------------------------------------------------------------

  private static String stripPrefix(String q, String prefix) {
    return q.startsWith(prefix + "-") ? q.substring(prefix.length() + 1) : q;
  }

  private static DistroRelease known(String release, String variant) {
    return release == null
        ? new DistroRelease(null, null, null)
        : new DistroRelease(release, variant, null);
  }

  private static DistroRelease unknown(String problem) {
    return new DistroRelease(null, null, problem);
  }
}
