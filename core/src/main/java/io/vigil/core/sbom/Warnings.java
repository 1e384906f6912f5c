package io.vigil.core.sbom;

import java.util.ArrayList;

/**
 * A document's warnings, at most {@link #MAX} of them (then one line saying more were not listed),
 * so that a document of a million odd elements cannot fill the heap with warnings.
 */
final class Warnings extends ArrayList<String> {
  /** Warnings kept per document. */
  static final int MAX = 1_000;

  private boolean full;

  @Override
  public boolean add(String warning) {
    if (full) {
      return false;
    }
    if (size() == MAX) {
      full = true;
      return super.add("more warnings not listed (at most " + MAX + " are kept)");
    }
    return super.add(warning);
  }
}
