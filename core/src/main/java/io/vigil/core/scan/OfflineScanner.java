package io.vigil.core.scan;

import io.vigil.core.osv.Advisory;
import io.vigil.core.osv.AliasGroups;
import io.vigil.core.osv.MatchResult;
import io.vigil.core.osv.Matcher;
import io.vigil.core.osv.OsvRecord;
import io.vigil.core.purl.MalformedPurlException;
import io.vigil.core.purl.PackageIdentity;
import io.vigil.core.purl.PackageKey;
import io.vigil.core.sbom.SbomComponent;
import io.vigil.core.sbom.SbomDocument;
import io.vigil.core.version.Version;
import io.vigil.core.version.VersionSchemes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An offline scanner in the manner of {@code osv-scanner --offline}: advisories indexed by {@link
 * PackageKey}, each SBOM component looked up by its key and evaluated with {@link Matcher}.
 * Withdrawn advisories are dropped (M1). Thread-safe once built.
 */
public final class OfflineScanner {
  private final Map<PackageKey, List<Advisory>> byPackage = new HashMap<>();

  /** Per package, the alias group of each of its advisories (M9: grouped within the package). */
  private final Map<PackageKey, Map<String, AliasGroups.Group>> groups = new HashMap<>();

  private final int advisories;
  private final int withdrawn;

  /** Below this many records they are prepared on the calling thread alone. */
  private static final int PARALLEL_RECORDS = 5_000;

  public OfflineScanner(Collection<OsvRecord> records) {
    Set<String> seen = new HashSet<>();
    List<OsvRecord> naming = new ArrayList<>();
    int w = 0;
    for (OsvRecord r : records) {
      if (!seen.add(r.id())) {
        continue; // the same record in several ecosystem archives
      }
      if (r.isWithdrawn()) {
        w++;
      } else if (namesAPackage(r)) {
        // only a record naming a package can be a finding, and alias groups form within a
        // package (M9): a record naming none (a summary of one about packages no SBOM ships, a
        // GIT-only record) is counted, never prepared
        naming.add(r);
      }
    }
    List<Advisory> prepared =
        (naming.size() >= PARALLEL_RECORDS ? naming.parallelStream() : naming.stream())
            .map(Advisory::of) // pure: on every core for a feed of tens of thousands
            .toList();
    for (Advisory a : prepared) {
      for (PackageKey k : a.packages()) {
        byPackage.computeIfAbsent(k, x -> new ArrayList<>()).add(a);
      }
    }
    byPackage.values().forEach(l -> l.sort(Comparator.comparing(Advisory::id)));
    byPackage.forEach(
        (key, advisoriesOfKey) -> {
          AliasGroups g = AliasGroups.ofPackage(advisoriesOfKey, key);
          Map<String, AliasGroups.Group> byId = new HashMap<>();
          advisoriesOfKey.forEach(a -> byId.put(a.id(), g.group(a.id())));
          groups.put(key, byId);
        });
    this.advisories = seen.size();
    this.withdrawn = w;
  }

  private static boolean namesAPackage(OsvRecord r) {
    for (OsvRecord.Affected a : r.affected()) {
      if (a.pkg() != null
          && a.pkg().ecosystem() != null
          && a.pkg().name() != null
          && !a.pkg().ecosystem().isBlank()
          && !a.pkg().name().isBlank()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The packages the given SBOMs ship, as a filter for {@link
   * io.vigil.core.osv.OsvReader#readAll(List, java.util.function.Predicate)}: only the records that
   * name one of them need to be read in full for a scan of these SBOMs (the others are only
   * counted: alias groups form within a package, M9).
   */
  public static java.util.function.Predicate<OsvRecord.Package> wantedBy(
      Collection<SbomDocument> docs) {
    return wantedBy(wantedKeys(docs));
  }

  /** The package keys of {@link #wantedBy(Collection)}: the packages the given SBOMs ship. */
  public static Set<PackageKey> wantedKeys(Collection<SbomDocument> docs) {
    Set<PackageKey> keys = new HashSet<>();
    for (SbomDocument doc : docs) {
      for (SbomComponent c : doc.components()) {
        if (c.purl() == null || c.purl().isBlank()) {
          continue;
        }
        try {
          PackageIdentity.fromComponent(c.purl(), c.version(), c.source())
              .ifPresent(id -> keys.add(id.key()));
        } catch (MalformedPurlException e) {
          // reported by the scan itself
        }
      }
    }
    return keys;
  }

  /**
   * A record's package is wanted when its key is one of {@code keys}, or when it has no key (let
   * the full read decide what is wrong with it).
   */
  public static java.util.function.Predicate<OsvRecord.Package> wantedBy(Set<PackageKey> keys) {
    return p -> {
      try {
        return keys.contains(PackageKey.of(p.ecosystem(), p.name()));
      } catch (IllegalArgumentException e) {
        return true; // let the full read decide what is wrong with it
      }
    };
  }

  public int advisoryCount() {
    return advisories;
  }

  public int withdrawnCount() {
    return withdrawn;
  }

  /** Counters of one scan, for the summary line. */
  public static final class Stats {
    public int components;
    public int withoutPurl;
    public int unparseablePurl;
    public int unsupportedType;
    public int indeterminate;
    public final List<String> notes = new ArrayList<>();
  }

  /** Below this many distinct components a scan runs on the calling thread alone. */
  private static final int PARALLEL_COMPONENTS = 64;

  /** One component's answers, before they are merged in document order. */
  private record ComponentScan(
      String purl,
      PackageKey key,
      List<Advisory> affecting,
      List<MatchResult> results,
      int unparseable,
      int unsupported,
      List<String> notes) {}

  /**
   * The AFFECTED findings of one SBOM, in document order, one per (purl, advisory). The components
   * are evaluated in parallel (a container image has hundreds, each against a few dozen distro
   * advisories) and merged in document order, so the answer is the same as a sequential scan.
   */
  public List<ScanFinding> scan(SbomDocument doc, Stats stats) {
    List<SbomComponent> todo = new ArrayList<>();
    Set<String> done = new HashSet<>();
    for (SbomComponent c : doc.components()) {
      stats.components++;
      String purl = c.purl();
      if (purl == null || purl.isBlank()) {
        stats.withoutPurl++;
        continue;
      }
      if (done.add(purl)) {
        todo.add(c);
      }
    }
    List<ComponentScan> scans =
        (todo.size() >= PARALLEL_COMPONENTS ? todo.parallelStream() : todo.stream())
            .map(this::scanOne)
            .toList();
    List<ScanFinding> out = new ArrayList<>();
    for (ComponentScan s : scans) {
      stats.unparseablePurl += s.unparseable();
      stats.unsupportedType += s.unsupported();
      stats.notes.addAll(s.notes());
      for (int i = 0; i < s.affecting().size(); i++) {
        Advisory a = s.affecting().get(i);
        MatchResult r = s.results().get(i);
        if (r.isAffected()) {
          AliasGroups.Group group = groups.get(s.key()).get(a.id());
          out.add(
              new ScanFinding(
                  s.purl(),
                  a.id(),
                  a.aliases(),
                  group.vulnerabilityId(),
                  group.severity(),
                  r.fixedVersions(),
                  r));
        } else {
          stats.indeterminate++;
          stats.notes.add(s.purl() + " vs " + a.id() + ": indeterminate: " + r.reason());
        }
      }
    }
    return out;
  }

  /** One component against the advisories of its package: AFFECTED and INDETERMINATE answers. */
  private ComponentScan scanOne(SbomComponent c) {
    String purl = c.purl();
    Optional<PackageIdentity> id;
    try {
      id = PackageIdentity.fromComponent(purl, c.version(), c.source());
    } catch (MalformedPurlException e) {
      return new ComponentScan(
          purl,
          null,
          List.of(),
          List.of(),
          1,
          0,
          List.of("purl '" + purl + "' does not parse: " + e.getMessage()));
    }
    if (id.isEmpty()) {
      return new ComponentScan(purl, null, List.of(), List.of(), 0, 1, List.of());
    }
    PackageIdentity component = id.get();
    Version parsed =
        component.version() == null
            ? null
            : VersionSchemes.forEcosystem(component.ecosystem().base())
                .map(s -> s.parse(component.version()))
                .orElse(null);
    List<Advisory> affecting = new ArrayList<>();
    List<MatchResult> results = new ArrayList<>();
    for (Advisory a : byPackage.getOrDefault(component.key(), List.of())) {
      MatchResult r = Matcher.evaluate(component, parsed, a.entriesFor(component.key()));
      if (r.status() != MatchResult.Status.NOT_AFFECTED) {
        affecting.add(a);
        results.add(r);
      }
    }
    return new ComponentScan(purl, component.key(), affecting, results, 0, 0, List.of());
  }
}
