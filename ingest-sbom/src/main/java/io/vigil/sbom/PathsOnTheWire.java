package io.vigil.sbom;

import io.vigil.events.v1.ComponentPaths;
import io.vigil.events.v1.Reach;

/**
 * Core's {@link io.vigil.core.paths.ComponentPaths} as the {@code paths} of a component event, and
 * the fingerprint the inventory keeps of it (so the next SBOM can tell whether the paths changed
 * without decoding the stored event). Pure.
 */
final class PathsOnTheWire {
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

  /** The fingerprint of the paths of an event: core's, so equal to what the inventory keeps. */
  static long hash(ComponentPaths p) {
    return io.vigil.core.paths.ComponentPaths.fingerprintOf(
        io.vigil.core.paths.Reach.valueOf(p.getReach().name()),
        p.getDepth(),
        p.getVia(),
        p.getViaCount(),
        p.getPaths(),
        p.getPathCount(),
        p.getUnknownReason());
  }
}
