package io.vigil.sbom;

import io.vigil.events.v1.ComponentPaths;
import io.vigil.events.v1.Reach;
import java.util.List;

/**
 * Core's {@link io.vigil.core.paths.ComponentPaths} as the {@code paths} of a component event, and
 * the 64-bit hash the inventory keeps of it (so the next SBOM can tell whether the paths changed
 * without decoding the stored event). Pure.
 */
final class PathsOnTheWire {
  private static final long SEED = 0xcbf29ce484222325L;
  private static final long MULTIPLIER = 0x9e3779b97f4a7c15L;
  private static final Reach[] REACH = Reach.values();

  private PathsOnTheWire() {}

  static ComponentPaths event(io.vigil.core.paths.ComponentPaths p) {
    // the all-arguments constructor: the builder would validate and copy every field again
    return new ComponentPaths(
        REACH[p.reach().ordinal()],
        p.depth(),
        p.via(),
        p.viaCount(),
        p.paths(),
        p.pathCount(),
        p.unknownReason());
  }

  /**
   * A multiplicative hash over every field (strings with their lengths, so no two encodings meet),
   * finished with a 64-bit avalanche (a changed path set keeping the hash is vanishingly unlikely).
   */
  static long hash(ComponentPaths p) {
    long h = SEED;
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
    h = p.getUnknownReason() == null ? mix(h, -1) : mix(h, p.getUnknownReason());
    // murmur3's 64-bit finaliser
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }

  private static long mix(long h, long value) {
    return (h ^ value) * MULTIPLIER + 0x632be59bd9b4e019L;
  }

  private static long mix(long h, String s) {
    h = mix(h, s.length());
    for (int i = 0; i < s.length(); i++) {
      h = (h + s.charAt(i)) * MULTIPLIER;
    }
    return h;
  }
}
