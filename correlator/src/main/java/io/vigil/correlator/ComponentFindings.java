package io.vigil.correlator;

import io.vigil.core.osv.AffectedEntry;
import io.vigil.core.purl.PackageIdentity;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.Component;
import io.vigil.events.v1.Fix;
import java.util.ArrayList;
import java.util.List;

/**
 * One component's findings among the advisories of its package shard, each worked out once: the
 * component's engine identity derived once (one purl parse, not one per advisory), each advisory's
 * entries for the package selected and prepared once, evaluated once, and the fixes computed from
 * those (the component's smallest complete fix over the same findings, not a second evaluation of
 * every advisory). The rule is {@link Matching}'s; this only avoids doing it again per finding.
 */
final class ComponentFindings {
  /**
   * One advisory that affects the component.
   *
   * @param advisory the stored advisory
   * @param entries its prepared entries for the shard's package
   * @param finding the engine's answer
   */
  record Found(Advisory advisory, List<AffectedEntry> entries, Matching.Finding finding) {}

  private static final ComponentFindings NONE = new ComponentFindings(null, List.of());

  /**
   * One advisory of a shard with its entries for the shard's package, selected and prepared once
   * (an advisory change evaluates every component of the shard against the same advisories).
   */
  record Prepared(Advisory advisory, List<AffectedEntry> entries) {}

  private final PackageIdentity identity;
  private final List<Found> found;
  private Fix componentFix;
  private boolean componentFixKnown;

  private ComponentFindings(PackageIdentity identity, List<Found> found) {
    this.identity = identity;
    this.found = found;
  }

  /** The advisories of {@code all} (a shard's, in store order) that affect the component. */
  static ComponentFindings of(Component component, String shardKey, List<Advisory> all) {
    if (all.isEmpty()) {
      return NONE; // most packages have no advisory: the purl is not parsed for nothing
    }
    PackageIdentity id = Matching.identity(component);
    if (id == null) {
      return new ComponentFindings(null, List.of());
    }
    List<Found> found = new ArrayList<>(0);
    for (Advisory a : all) {
      List<AffectedEntry> entries = Matching.prepare(ShardContext.entries(a, shardKey));
      Matching.Finding f = Matching.evaluate(id, entries);
      if (f.affected()) {
        found.add(new Found(a, entries, f));
      }
    }
    return new ComponentFindings(id, found);
  }

  /** The advisories of {@code all} (a shard's, in store order) with their prepared entries. */
  static List<Prepared> prepare(String shardKey, List<Advisory> all) {
    List<Prepared> out = new ArrayList<>(all.size());
    for (Advisory a : all) {
      out.add(new Prepared(a, Matching.prepare(ShardContext.entries(a, shardKey))));
    }
    return out;
  }

  /**
   * As {@link #of(Component, String, List)}, for a component whose identity was derived once and
   * advisories prepared once ({@link #prepare}).
   */
  static ComponentFindings of(PackageIdentity id, List<Prepared> all) {
    if (id == null) {
      return new ComponentFindings(null, List.of());
    }
    List<Found> found = new ArrayList<>(0);
    for (Prepared p : all) {
      Matching.Finding f = Matching.evaluate(id, p.entries());
      if (f.affected()) {
        found.add(new Found(p.advisory(), p.entries(), f));
      }
    }
    return new ComponentFindings(id, found);
  }

  /** The finding of {@code advisory} (the same instance as given), or null when it is not one. */
  Found foundOf(Advisory advisory) {
    for (Found f : found) {
      if (f.advisory() == advisory) {
        return f;
      }
    }
    return null;
  }

  /** The findings, in the order of the advisories given. */
  List<Found> found() {
    return found;
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  /** The fix ending every finding of the component (null when none is known). */
  Fix componentFix() {
    if (found.isEmpty()) {
      return null;
    }
    if (!componentFixKnown) {
      List<List<AffectedEntry>> entries = new ArrayList<>(found.size());
      for (Found f : found) {
        entries.add(f.entries());
      }
      componentFix = Matching.fix(identity, entries);
      componentFixKnown = true;
    }
    return componentFix;
  }

  /**
   * The fix of one finding (its advisory's entries alone; null when none is known): the component's
   * fix when it is the only finding (the same computation on the same entries).
   */
  Fix fix(Found f) {
    if (found.size() == 1 && found.get(0) == f) {
      return componentFix();
    }
    return Matching.fix(identity, List.of(f.entries()));
  }
}
