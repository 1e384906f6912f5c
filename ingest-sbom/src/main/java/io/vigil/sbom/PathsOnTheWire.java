package io.vigil.sbom;

import io.vigil.events.v1.ComponentPaths;
import io.vigil.events.v1.Reach;
import java.util.ArrayList;
import java.util.List;

/**
 * Core's {@link io.vigil.core.paths.ComponentPaths} as the {@code paths} of a component event, and
 * the 64-bit hash the inventory keeps of it (so the next SBOM can tell whether the paths changed
 * without decoding the stored event). Pure.
 */
final class PathsOnTheWire {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private PathsOnTheWire() {}

  static ComponentPaths event(io.vigil.core.paths.ComponentPaths p) {
    List<List<String>> paths = new ArrayList<>(p.paths().size());
    p.paths().forEach(path -> paths.add(List.copyOf(path)));
    return ComponentPaths.newBuilder()
        .setReach(Reach.valueOf(p.reach().name()))
        .setDepth(p.depth())
        .setVia(List.copyOf(p.via()))
        .setViaCount(p.viaCount())
        .setPaths(paths)
        .setPathCount(p.pathCount())
        .setUnknownReason(p.unknownReason())
        .build();
  }

  /** FNV-1a over every field (strings with their lengths, so no two encodings meet). */
  static long hash(ComponentPaths p) {
    long h = FNV_OFFSET;
    h = mix(h, p.getReach().ordinal());
    h = mix(h, p.getDepth());
    h = mix(h, p.getViaCount());
    h = mix(h, p.getPathCount());
    h = mix(h, p.getVia().size());
    for (String v : p.getVia()) {
      h = mix(h, v);
    }
    h = mix(h, p.getPaths().size());
    for (List<String> path : p.getPaths()) {
      h = mix(h, path.size());
      for (String label : path) {
        h = mix(h, label);
      }
    }
    return p.getUnknownReason() == null ? mix(h, -1) : mix(h, p.getUnknownReason());
  }

  private static long mix(long h, long value) {
    for (int i = 0; i < 8; i++) {
      h ^= (value >>> (8 * i)) & 0xff;
      h *= FNV_PRIME;
    }
    return h;
  }

  private static long mix(long h, String s) {
    h = mix(h, s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      h ^= c & 0xff;
      h *= FNV_PRIME;
      h ^= c >>> 8;
      h *= FNV_PRIME;
    }
    return h;
  }
}
