package io.vigil.core.scan;

import io.vigil.core.osv.Advisory;
import io.vigil.core.osv.AffectedEntry;
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

  public OfflineScanner(Collection<OsvRecord> records) {
    List<Advisory> all = new ArrayList<>(records.size());
    Set<String> seen = new HashSet<>();
    int w = 0;
    for (OsvRecord r : records) {
      if (!seen.add(r.id())) {
        continue; // the same record in several ecosystem archives
      }
      Advisory a = Advisory.of(r);
      all.add(a);
      if (a.withdrawn()) {
        w++;
        continue;
      }
      for (PackageKey k : a.packages()) {
        byPackage.computeIfAbsent(k, x -> new ArrayList<>()).add(a);
      }
    }
    byPackage.values().forEach(l -> l.sort(Comparator.comparing(Advisory::id)));
    byPackage.forEach(
        (key, list) -> {
          AliasGroups g = AliasGroups.ofPackage(list, key);
          Map<String, AliasGroups.Group> byId = new HashMap<>();
          list.forEach(a -> byId.put(a.id(), g.group(a.id())));
          groups.put(key, byId);
        });
    this.advisories = all.size();
    this.withdrawn = w;
  }

  /**
   * The packages the given SBOMs ship, as a filter for {@link
   * io.vigil.core.osv.OsvReader#readAll(List, java.util.function.Predicate)}: only the records that
   * name one of them need to be read in full for a scan of these SBOMs (the others only join the
   * alias groups with their severity).
   */
  public static java.util.function.Predicate<OsvRecord.Package> wantedBy(
      Collection<SbomDocument> docs) {
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

  /** The AFFECTED findings of one SBOM, in document order, one per (purl, advisory). */
  public List<ScanFinding> scan(SbomDocument doc, Stats stats) {
    List<ScanFinding> out = new ArrayList<>();
    Set<String> done = new HashSet<>();
    for (SbomComponent c : doc.components()) {
      stats.components++;
      String purl = c.purl();
      if (purl == null || purl.isBlank()) {
        stats.withoutPurl++;
        continue;
      }
      if (!done.add(purl)) {
        continue;
      }
      Optional<PackageIdentity> id;
      try {
        id = PackageIdentity.fromComponent(purl, c.version(), c.source());
      } catch (MalformedPurlException e) {
        stats.unparseablePurl++;
        stats.notes.add("purl '" + purl + "' does not parse: " + e.getMessage());
        continue;
      }
      if (id.isEmpty()) {
        stats.unsupportedType++;
        continue;
      }
      PackageIdentity component = id.get();
      Version parsed =
          component.version() == null
              ? null
              : VersionSchemes.forEcosystem(component.ecosystem().base())
                  .map(s -> s.parse(component.version()))
                  .orElse(null);
      for (Advisory a : byPackage.getOrDefault(component.key(), List.of())) {
        List<AffectedEntry> entries = a.entriesFor(component.key());
        MatchResult r = Matcher.evaluate(component, parsed, entries);
        if (r.isAffected()) {
          AliasGroups.Group group = groups.get(component.key()).get(a.id());
          out.add(
              new ScanFinding(
                  purl,
                  a.id(),
                  a.aliases(),
                  group.vulnerabilityId(),
                  group.severity(),
                  r.fixedVersions(),
                  r));
        } else if (r.status() == MatchResult.Status.INDETERMINATE) {
          stats.indeterminate++;
          stats.notes.add(purl + " vs " + a.id() + ": indeterminate: " + r.reason());
        }
      }
    }
    return out;
  }
}
