package io.vigil.sbom;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How a project's inventory is laid out in its store: pages of entries (identity → the bytes of the
 * ADDED event that brought the component), each page at most {@link #PAGE_BYTES} of events. A
 * submission rewrites only the pages it changes: removals leave their pages (an emptied page is
 * deleted), additions fill the last page and then new ones. So a first SBOM of 500 components is
 * one store write and one changelog record instead of 500, a small upgrade rewrites one or two
 * pages, and no value grows with the project (50,000 components are about 60 pages). Pages that
 * removals left less than half full are packed again once they are the majority. Pure.
 */
public final class InventoryPages {
  /** The most event bytes a page takes (a single larger event gets a page of its own). */
  public static final int PAGE_BYTES = 256 * 1024;

  private InventoryPages() {}

  /**
   * One component of the inventory: its identity, its last ADDED or UPDATED event as published, and
   * the hash of that event's paths (null for entries stored before paths existed).
   */
  public record Entry(String identity, byte[] event, Long pathsHash) {
    public Entry(String identity, byte[] event) {
      this(identity, event, null);
    }
  }

  /**
   * What to write.
   *
   * @param write the pages to put, page number → entries (never empty)
   * @param delete the page numbers to delete
   */
  public record Update(Map<Integer, List<Entry>> write, Set<Integer> delete) {
    public boolean isEmpty() {
      return write.isEmpty() && delete.isEmpty();
    }
  }

  /**
   * @param pages the inventory's current pages, page number → entries
   * @param removed the identities that leave the inventory
   * @param added the entries that join it, in order
   */
  public static Update apply(
      Map<Integer, List<Entry>> pages, Set<String> removed, List<Entry> added) {
    TreeMap<Integer, List<Entry>> next = new TreeMap<>();
    Set<Integer> dirty = new HashSet<>();
    for (Map.Entry<Integer, List<Entry>> page : new TreeMap<>(pages).entrySet()) {
      List<Entry> kept = new ArrayList<>(page.getValue().size());
      for (Entry e : page.getValue()) {
        if (!removed.contains(e.identity())) {
          kept.add(e);
        }
      }
      if (kept.size() != page.getValue().size()) {
        dirty.add(page.getKey());
      }
      next.put(page.getKey(), kept);
    }
    int last = next.isEmpty() ? 0 : next.lastKey();
    int lastBytes = next.isEmpty() ? 0 : bytes(next.get(last));
    for (Entry e : added) {
      List<Entry> page = next.get(last);
      if (page == null || (!page.isEmpty() && lastBytes + e.event().length > PAGE_BYTES)) {
        last = next.isEmpty() ? 0 : next.lastKey() + 1;
        page = new ArrayList<>();
        next.put(last, page);
        lastBytes = 0;
      }
      page.add(e);
      lastBytes += e.event().length;
      dirty.add(last);
    }
    if (fragmented(next)) {
      Update packed = repack(pages.keySet(), next);
      if (packed.write().size() < nonEmpty(next)) {
        return packed;
      }
    }
    Map<Integer, List<Entry>> write = new LinkedHashMap<>();
    Set<Integer> delete = new HashSet<>();
    for (int number : dirty) {
      List<Entry> page = next.get(number);
      if (page.isEmpty()) {
        if (pages.containsKey(number)) {
          delete.add(number);
        }
      } else {
        write.put(number, page);
      }
    }
    return new Update(new TreeMap<>(write), delete);
  }

  /** True when most pages are less than half full (after many removals). */
  private static boolean fragmented(TreeMap<Integer, List<Entry>> pages) {
    int sparse = 0;
    int nonEmpty = 0;
    for (List<Entry> page : pages.values()) {
      if (!page.isEmpty()) {
        nonEmpty++;
        if (bytes(page) < PAGE_BYTES / 2) {
          sparse++;
        }
      }
    }
    return nonEmpty > 2 && sparse * 2 > nonEmpty;
  }

  private static int nonEmpty(TreeMap<Integer, List<Entry>> pages) {
    int n = 0;
    for (List<Entry> page : pages.values()) {
      n += page.isEmpty() ? 0 : 1;
    }
    return n;
  }

  /** Every entry again, in page order, into full pages numbered from 0. */
  private static Update repack(Set<Integer> before, TreeMap<Integer, List<Entry>> pages) {
    Map<Integer, List<Entry>> write = new TreeMap<>();
    int number = 0;
    int used = 0;
    for (List<Entry> page : pages.values()) {
      for (Entry e : page) {
        List<Entry> target = write.get(number);
        if (target != null && used + e.event().length > PAGE_BYTES) {
          number++;
          target = null;
        }
        if (target == null) {
          target = new ArrayList<>();
          write.put(number, target);
          used = 0;
        }
        target.add(e);
        used += e.event().length;
      }
    }
    Set<Integer> delete = new HashSet<>(before);
    delete.removeAll(write.keySet());
    return new Update(write, delete);
  }

  private static int bytes(List<Entry> page) {
    int n = 0;
    for (Entry e : page) {
      n += e.event().length;
    }
    return n;
  }
}
