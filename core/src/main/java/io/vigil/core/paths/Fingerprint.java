package io.vigil.core.paths;

import java.util.List;

/**
 * A 64-bit fingerprint of a {@link ComponentPaths} answer: equal answers have equal fingerprints in
 * any document, and a changed answer keeping its fingerprint is vanishingly unlikely. Built from
 * one hash per label, so {@link DependencyPaths} hashes each label of a document once, however many
 * paths it appears in. Not a cryptographic hash: it detects change, it does not resist forgery.
 */
final class Fingerprint {
  private static final long SEED = 0xcbf29ce484222325L;
  private static final long MULTIPLIER = 0x9e3779b97f4a7c15L;
  private static final long INCREMENT = 0x632be59bd9b4e019L;

  private Fingerprint() {}

  /** The hash of one label (its length and every character). */
  static long label(String s) {
    long h = SEED ^ s.length();
    for (int i = 0; i < s.length(); i++) {
      h = (h + s.charAt(i)) * MULTIPLIER;
    }
    return finish(h);
  }

  static long mix(long h, long value) {
    return (h ^ value) * MULTIPLIER + INCREMENT;
  }

  /** The start of an answer's fingerprint: its scalar fields. */
  static long start(Reach reach, int depth, int viaCount, long pathCount) {
    long h = mix(SEED, reach.ordinal());
    h = mix(h, depth);
    h = mix(h, viaCount);
    return mix(h, pathCount);
  }

  /** murmur3's 64-bit finaliser. */
  static long finish(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }

  /** The fingerprint of an answer given as values (hashing every label). */
  static long of(
      Reach reach,
      int depth,
      List<String> via,
      int viaCount,
      List<List<String>> paths,
      long pathCount,
      String unknownReason) {
    long h = start(reach, depth, viaCount, pathCount);
    h = mix(h, via.size());
    for (String v : via) {
      h = mix(h, label(v));
    }
    h = mix(h, paths.size());
    for (List<String> p : paths) {
      h = mix(h, p.size());
      for (String l : p) {
        h = mix(h, label(l));
      }
    }
    return finish(unknownReason == null ? mix(h, -1) : mix(h, label(unknownReason)));
  }
}
