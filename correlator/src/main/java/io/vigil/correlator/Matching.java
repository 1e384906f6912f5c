package io.vigil.correlator;

import io.vigil.core.fix.FixAdvice;
import io.vigil.core.fix.Fixes;
import io.vigil.core.osv.AffectedEntry;
import io.vigil.core.osv.MatchResult;
import io.vigil.core.osv.Matcher;
import io.vigil.core.osv.OsvRecord;
import io.vigil.core.purl.PackageIdentity;
import io.vigil.events.v1.AffectedPackage;
import io.vigil.events.v1.AffectedRange;
import io.vigil.events.v1.Component;
import io.vigil.events.v1.Fix;
import io.vigil.events.v1.FixChange;
import io.vigil.events.v1.RangeEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place where the correlator asks "is this component affected?": every match decision and
 * every fix computation goes through here, to the matching engine ({@code io.vigil.core.osv
 * .Matcher}, issue 4) — the same engine {@code vigil scan} uses, so the pipeline and the offline
 * scan agree. Entries arrive as Avro {@link AffectedPackage}s and are converted to the engine's
 * prepared {@link AffectedEntry} (cached per thread by content: a hot advisory is prepared once,
 * not once per component).
 */
final class Matching {
  private static final int CACHE_ENTRIES = 20_000;
  private static final ThreadLocal<Map<AffectedPackage, Optional<AffectedEntry>>> PREPARED =
      ThreadLocal.withInitial(
          () ->
              new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(
                    Map.Entry<AffectedPackage, Optional<AffectedEntry>> e) {
                  return size() > CACHE_ENTRIES;
                }
              });

  private Matching() {}

  /**
   * The answer for one component and the entries of one advisory for its package.
   *
   * @param affected true when the engine says AFFECTED
   * @param indeterminate reserved for a potentially-affected answer; the engine's INDETERMINATE
   *     results are not exposures (as in {@code vigil scan}, which reports them as notes)
   * @param fixedVersions versions above the component's that end this finding, ascending
   * @param release for a distro package, the OSV ecosystem of the entry the match was judged in
   *     ({@code Debian:11}); null otherwise or when not known (a finding carried over)
   */
  record Finding(
      boolean affected, boolean indeterminate, List<String> fixedVersions, String release) {
    static final Finding NONE = new Finding(false, false, List.of(), null);

    /** A finding whose release is not (re)computed. */
    Finding(boolean affected, boolean indeterminate, List<String> fixedVersions) {
      this(affected, indeterminate, fixedVersions, null);
    }
  }

  /** Evaluates the advisory entries of one package (OR over entries) for a component. */
  static Finding evaluate(Component component, List<AffectedPackage> entries) {
    if (entries.isEmpty()) {
      return Finding.NONE;
    }
    PackageIdentity id = identity(component);
    if (id == null) {
      return Finding.NONE;
    }
    MatchResult r = Matcher.evaluate(id, prepare(entries));
    return r.isAffected() ? new Finding(true, false, r.fixedVersions(), r.release()) : Finding.NONE;
  }

  /**
   * As {@link #evaluate(Component, List)}, for a component whose identity was derived once ({@link
   * #identity}) and entries already prepared ({@link #prepare}): a component against many
   * advisories parses its purl once and hashes each entry once.
   */
  static Finding evaluate(PackageIdentity id, List<AffectedEntry> prepared) {
    if (id == null || prepared.isEmpty()) {
      return Finding.NONE;
    }
    MatchResult r = Matcher.evaluate(id, prepared);
    return r.isAffected() ? new Finding(true, false, r.fixedVersions(), r.release()) : Finding.NONE;
  }

  /**
   * The fix of one exposure (the advisory's entries for the package) or, given every finding of the
   * component, of the component: core's {@code Fixes} in its Avro form; null when none is known.
   */
  static Fix fix(Component component, List<List<AffectedPackage>> findings) {
    PackageIdentity id = identity(component);
    if (id == null || findings.isEmpty()) {
      return null;
    }
    List<List<AffectedEntry>> prepared = new ArrayList<>(findings.size());
    for (List<AffectedPackage> f : findings) {
      prepared.add(prepare(f));
    }
    return fix(id, prepared);
  }

  /** As {@link #fix(Component, List)}, with the identity derived and the entries prepared. */
  static Fix fix(PackageIdentity id, List<List<AffectedEntry>> prepared) {
    if (id == null || prepared.isEmpty()) {
      return null;
    }
    return Fixes.of(id, prepared).map(Matching::toAvro).orElse(null);
  }

  static Fix toAvro(FixAdvice a) {
    return new Fix(
        a.smallest(), a.sameLine(), FixChange.valueOf(a.change().name()), a.crossesMajor());
  }

  /**
   * The engine's view of a component: its purl, the SBOM version when the purl has none, and for a
   * distro binary package its source package ({@link PackageKeys#identityOf}).
   */
  static PackageIdentity identity(Component c) {
    return PackageKeys.identityOf(c);
  }

  /** The engine's prepared form of these entries (cached per thread by content). */
  static List<AffectedEntry> prepare(List<AffectedPackage> entries) {
    if (entries.isEmpty()) {
      return List.of();
    }
    Map<AffectedPackage, Optional<AffectedEntry>> cache = PREPARED.get();
    List<AffectedEntry> out = new ArrayList<>(entries.size());
    for (AffectedPackage p : entries) {
      cache.computeIfAbsent(p, k -> AffectedEntry.prepare("", false, toOsv(k))).ifPresent(out::add);
    }
    return out;
  }

  /** An Avro entry in the engine's OSV form (ranges and versions as published). */
  static OsvRecord.Affected toOsv(AffectedPackage p) {
    List<OsvRecord.Range> ranges = new ArrayList<>(p.getRanges().size());
    for (AffectedRange r : p.getRanges()) {
      List<OsvRecord.Event> events = new ArrayList<>(r.getEvents().size());
      for (RangeEvent e : r.getEvents()) {
        String v = e.getVersion();
        events.add(
            switch (e.getKind()) {
              case INTRODUCED -> new OsvRecord.Event(v, null, null, null);
              case FIXED -> new OsvRecord.Event(null, v, null, null);
              case LAST_AFFECTED -> new OsvRecord.Event(null, null, v, null);
              case LIMIT -> new OsvRecord.Event(null, null, null, v);
            });
      }
      ranges.add(new OsvRecord.Range(r.getType().name(), r.getRepo(), events));
    }
    return new OsvRecord.Affected(
        new OsvRecord.Package(p.getEcosystem(), p.getName(), p.getPurl()),
        ranges,
        p.getVersions(),
        List.of());
  }
}
