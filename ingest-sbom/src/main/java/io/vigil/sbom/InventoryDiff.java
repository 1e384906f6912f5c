package io.vigil.sbom;

import io.vigil.events.v1.Component;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What changes when a project's inventory is replaced by a new SBOM's components: what disappeared,
 * what appeared, and which appearance replaces which disappearance of the same package (an upgrade
 * or downgrade: REMOVED old + ADDED new with {@code replaces}), and which kept components are now
 * reached by other dependency paths (UPDATED). Pure and deterministic: removals in identity order,
 * additions in document order, upgrade pairs matched in that order within each package.
 */
public final class InventoryDiff {
  private InventoryDiff() {}

  /** A component that left the inventory. */
  public record Removed(String identity, Component component) {}

  /** A component that joined it, and the version of the same package it replaces (or null). */
  public record Added(ComponentEvents.Item item, String replaces) {}

  /**
   * @param removed components gone, in identity order
   * @param added components new, in document order
   * @param unchanged components present before and after (no REMOVED, no ADDED), in document order
   * @param updated those of {@code unchanged} whose paths changed (an UPDATED event each), in
   *     document order
   */
  public record Diff(
      List<Removed> removed,
      List<Added> added,
      List<ComponentEvents.Item> unchanged,
      List<ComponentEvents.Item> updated) {
    /** True when the submission makes no event. */
    public boolean isEmpty() {
      return removed.isEmpty() && added.isEmpty() && updated.isEmpty();
    }
  }

  /**
   * As if the stored paths were those of {@code next} (no UPDATED).
   *
   * @param previous the current inventory, identity → component
   * @param next the new SBOM's distinct components
   */
  public static Diff diff(Map<String, Component> previous, List<ComponentEvents.Item> next) {
    Map<String, Long> same = ComponentEvents.pathsHashes(next);
    return diff(previous.keySet(), previous::get, same::get, next);
  }

  /**
   * @param previous the identities of the current inventory
   * @param component the stored component of an identity (asked only for removed ones)
   * @param pathsHash the stored paths hash of an identity, null when none was stored (asked only
   *     for kept ones; null counts as changed)
   * @param next the new SBOM's distinct components
   */
  public static Diff diff(
      Collection<String> previous,
      Function<String, Component> component,
      Function<String, Long> pathsHash,
      List<ComponentEvents.Item> next) {
    Set<String> nextIds = new HashSet<>();
    next.forEach(i -> nextIds.add(i.identity()));
    Set<String> previousIds = previous instanceof Set<String> set ? set : new HashSet<>(previous);

    List<Removed> removed = new ArrayList<>();
    for (String identity : new TreeSet<>(previousIds)) {
      if (!nextIds.contains(identity)) {
        removed.add(new Removed(identity, component.apply(identity)));
      }
    }

    Map<String, Deque<Removed>> removedByPackage = new LinkedHashMap<>();
    for (Removed r : removed) {
      removedByPackage
          .computeIfAbsent(ComponentEvents.group(r.component()), g -> new ArrayDeque<>())
          .add(r);
    }

    List<Added> added = new ArrayList<>();
    List<ComponentEvents.Item> unchanged = new ArrayList<>();
    List<ComponentEvents.Item> updated = new ArrayList<>();
    for (ComponentEvents.Item item : next) {
      if (previousIds.contains(item.identity())) {
        unchanged.add(item);
        Long before = pathsHash.apply(item.identity());
        if (before == null || before != item.pathsHash()) {
          updated.add(item);
        }
        continue;
      }
      Deque<Removed> samePackage = removedByPackage.get(item.group());
      Removed replaced = samePackage == null ? null : samePackage.pollFirst();
      added.add(new Added(item, replaced == null ? null : replaced.component().getVersion()));
    }
    return new Diff(removed, added, unchanged, updated);
  }
}
