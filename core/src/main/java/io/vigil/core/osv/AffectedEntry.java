package io.vigil.core.osv;

import io.vigil.core.purl.Ecosystem;
import io.vigil.core.purl.PackageKey;
import io.vigil.core.version.Version;
import io.vigil.core.version.VersionScheme;
import io.vigil.core.version.VersionSchemes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One {@code affected[]} entry of one advisory, prepared for repeated evaluation: the package key,
 * the ecosystem and the version scheme at once; the {@code versions} list parsed and every
 * SEMVER/ECOSYSTEM range's events parsed and sorted (M5) on first evaluation. Immutable in effect
 * and thread-safe; prepare once per advisory, evaluate against any number of components with {@link
 * Matcher}.
 */
public final class AffectedEntry {

  /** Event kinds in their tie-break order at an equal version (M5). */
  enum Kind {
    INTRODUCED,
    LAST_AFFECTED,
    FIXED,
    LIMIT
  }

  /** A parsed event; {@code version} null means {@code introduced: "0"} (before everything). */
  record Event(Kind kind, String raw, Version version) {}

  /** A prepared range: sorted events, or the reason it cannot be evaluated. */
  record PreparedRange(String type, Event[] events, boolean hasLimit, String invalidReason) {}

  private final String advisoryId;
  private final boolean withdrawn;
  private final PackageKey key;
  private final Ecosystem ecosystem;
  private final VersionScheme scheme;
  private final OsvRecord.Affected source;

  /** The OSV ecosystem as written, when the entry is scoped to a distro release; else null. */
  private final String releaseScope;

  /** NOT_AFFECTED for a component of another release (or variant), built on first need. */
  private volatile MatchResult anotherRelease;

  private volatile MatchResult anotherVariant;

  /**
   * Parsed versions and ranges, computed on first evaluation (most entries never meet a component).
   */
  private volatile Parsed parsed;

  /**
   * @param versions the {@code versions} list parsed (null entries when there is no scheme)
   * @param sortedValid the valid ones, sorted, for binary search
   * @param raw the list as a set, for exact-string matches
   * @param gitCommits the commits GIT ranges name as affected ({@code introduced} other than "0",
   *     {@code last_affected}): a component whose version is exactly one of them is affected; a
   *     commit is never ordered against another (that needs the repository's graph)
   */
  private record Parsed(
      Version[] versions,
      Version[] sortedValid,
      java.util.Set<String> raw,
      List<PreparedRange> ranges,
      int gitRanges,
      java.util.Set<String> gitCommits) {}

  private AffectedEntry(
      String advisoryId,
      boolean withdrawn,
      PackageKey key,
      Ecosystem ecosystem,
      VersionScheme scheme,
      OsvRecord.Affected source) {
    this.advisoryId = advisoryId;
    this.withdrawn = withdrawn;
    this.key = key;
    this.ecosystem = ecosystem;
    this.scheme = scheme;
    this.source = source;
    this.releaseScope =
        ecosystem.release() != null
                && io.vigil.core.distro.DistroRelease.hasReleases(ecosystem.base())
            ? source.pkg().ecosystem().trim()
            : null;
  }

  /**
   * The OSV ecosystem as the advisory writes it ({@code Debian:11}, {@code Ubuntu:Pro:20.04:LTS})
   * when this entry is scoped to a distro release: it applies only to components of that release;
   * null for ecosystems without releases.
   */
  public String releaseScope() {
    return releaseScope;
  }

  /** The answer for a component of another release (one instance per entry: the hot path). */
  MatchResult anotherRelease() {
    MatchResult r = anotherRelease;
    if (r == null) {
      r = MatchResult.notAffected("the entry is for " + releaseScope + ", another release");
      anotherRelease = r;
    }
    return r;
  }

  /** The answer for a component of the entry's release whose SBOM does not state its variant. */
  MatchResult anotherVariant() {
    MatchResult r = anotherVariant;
    if (r == null) {
      r =
          MatchResult.notAffected(
              "the entry is for "
                  + releaseScope
                  + " (variant "
                  + ecosystem.variant()
                  + "), which the SBOM does not say the component comes from");
      anotherVariant = r;
    }
    return r;
  }

  private Parsed parsed() {
    Parsed p = parsed;
    if (p == null) {
      p = parse(source, scheme, ecosystem);
      parsed = p; // a benign race: both threads compute the same immutable value
    }
    return p;
  }

  private static Parsed parse(OsvRecord.Affected a, VersionScheme scheme, Ecosystem eco) {
    Version[] versions = new Version[a.versions().size()];
    for (int i = 0; i < versions.length; i++) {
      versions[i] = scheme == null ? null : scheme.parse(a.versions().get(i));
    }
    List<PreparedRange> ranges = new ArrayList<>();
    int git = 0;
    java.util.Set<String> gitCommits = new java.util.HashSet<>();
    for (OsvRecord.Range r : a.ranges()) {
      String type = r.type() == null ? "" : r.type();
      if (type.equals("GIT")) {
        git++;
        for (OsvRecord.Event e : r.events()) {
          String c = e.introduced() != null ? e.introduced() : e.lastAffected();
          if (c != null && !c.equals("0")) {
            gitCommits.add(c);
          }
        }
        continue;
      }
      ranges.add(prepareRange(type, r, scheme, eco));
    }
    Version[] sorted =
        java.util.Arrays.stream(versions)
            .filter(v -> v != null && v.isValid())
            .sorted()
            .toArray(Version[]::new);
    return new Parsed(
        versions,
        sorted,
        java.util.Set.copyOf(a.versions()),
        List.copyOf(ranges),
        git,
        java.util.Set.copyOf(gitCommits));
  }

  /** Every entry of {@code record} that names a package (entries without one are GIT-only). */
  public static List<AffectedEntry> of(OsvRecord record) {
    List<AffectedEntry> out = new ArrayList<>(record.affected().size());
    for (OsvRecord.Affected a : record.affected()) {
      prepare(record.id(), record.isWithdrawn(), a).ifPresent(out::add);
    }
    return out;
  }

  /** Prepares one entry; empty when it has no package (ecosystem and name). */
  public static Optional<AffectedEntry> prepare(
      String advisoryId, boolean withdrawn, OsvRecord.Affected a) {
    if (a.pkg() == null
        || a.pkg().ecosystem() == null
        || a.pkg().name() == null
        || a.pkg().ecosystem().isBlank()
        || a.pkg().name().isBlank()) {
      return Optional.empty();
    }
    Ecosystem eco = Ecosystem.parseOsv(a.pkg().ecosystem());
    PackageKey key = PackageKey.of(a.pkg().ecosystem(), a.pkg().name());
    VersionScheme scheme = VersionSchemes.forEcosystem(eco.base()).orElse(null);
    return Optional.of(new AffectedEntry(advisoryId, withdrawn, key, eco, scheme, a));
  }

  private static PreparedRange prepareRange(
      String type, OsvRecord.Range r, VersionScheme scheme, Ecosystem eco) {
    if (!type.equals("SEMVER") && !type.equals("ECOSYSTEM")) {
      return new PreparedRange(type, new Event[0], false, "unknown range type '" + type + "'");
    }
    if (scheme == null) {
      return new PreparedRange(
          type, new Event[0], false, "no version order is known for ecosystem " + eco.base());
    }
    List<Event> events = new ArrayList<>();
    boolean hasLimit = false;
    for (OsvRecord.Event e : r.events()) {
      Kind kind;
      String raw;
      if (e.introduced() != null) {
        kind = Kind.INTRODUCED;
        raw = e.introduced();
      } else if (e.fixed() != null) {
        kind = Kind.FIXED;
        raw = e.fixed();
      } else if (e.lastAffected() != null) {
        kind = Kind.LAST_AFFECTED;
        raw = e.lastAffected();
      } else if (e.limit() != null) {
        kind = Kind.LIMIT;
        raw = e.limit();
      } else {
        return new PreparedRange(
            type, new Event[0], false, "an event has no introduced/fixed/last_affected/limit");
      }
      if (kind == Kind.LIMIT && raw.equals("*")) {
        continue; // limit "*" is the implicit infinity
      }
      if (kind == Kind.LIMIT) {
        hasLimit = true;
      }
      if (kind == Kind.INTRODUCED && raw.equals("0")) {
        events.add(new Event(kind, raw, null));
        continue;
      }
      Version v = scheme.parse(raw);
      if (!v.isValid()) {
        return new PreparedRange(
            type,
            new Event[0],
            hasLimit,
            kind.name().toLowerCase(java.util.Locale.ROOT)
                + " '"
                + raw
                + "' is not a valid "
                + scheme.name()
                + " version: "
                + v.invalidReason());
      }
      events.add(new Event(kind, raw, v));
    }
    Event[] sorted = events.toArray(new Event[0]);
    Arrays.sort(sorted, EVENT_ORDER);
    return new PreparedRange(type, sorted, hasLimit, null);
  }

  private static final Comparator<Event> EVENT_ORDER =
      (a, b) -> {
        int c;
        if (a.version() == null || b.version() == null) {
          c = a.version() == b.version() ? 0 : a.version() == null ? -1 : 1;
        } else {
          c = a.version().compareTo(b.version());
        }
        return c != 0 ? c : a.kind().compareTo(b.kind());
      };

  public String advisoryId() {
    return advisoryId;
  }

  public boolean withdrawn() {
    return withdrawn;
  }

  public PackageKey key() {
    return key;
  }

  public Ecosystem ecosystem() {
    return ecosystem;
  }

  /** The version scheme of the ecosystem, or null when none is known. */
  public VersionScheme scheme() {
    return scheme;
  }

  /** The {@code versions} list as written. */
  public List<String> versions() {
    return source.versions();
  }

  /** The OSV entry this was prepared from. */
  public OsvRecord.Affected source() {
    return source;
  }

  Version[] parsedVersions() {
    return parsed().versions();
  }

  /** M4: listed as the same string, or (when {@code v} is valid) as an equal version. */
  boolean lists(String raw, Version v) {
    Parsed p = parsed();
    if (p.raw().contains(raw) || p.gitCommits().contains(raw)) {
      return true;
    }
    if (v == null || !v.isValid() || p.sortedValid().length == 0) {
      return false;
    }
    return java.util.Arrays.binarySearch(p.sortedValid(), v) >= 0;
  }

  List<PreparedRange> ranges() {
    return parsed().ranges();
  }

  int gitRanges() {
    return parsed().gitRanges();
  }

  @Override
  public String toString() {
    return advisoryId + " " + ecosystem + " " + key.name();
  }
}
