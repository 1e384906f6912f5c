package io.vigil.sbom.intake;

import java.util.ArrayList;
import java.util.List;

/**
 * The violations found in one document, at most {@link #max()} of them: collection stops at the cap
 * (the checks look at {@link #full()} and stop early), so a document of a million broken components
 * costs as much as one of a thousand. {@link #truncated()} says that more were found.
 */
public final class Violations {
  private final int max;
  private final List<Violation> list = new ArrayList<>();
  private boolean truncated;

  public Violations(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1");
    }
    this.max = max;
  }

  /** Adds one unless the cap is reached (then it only notes that more were found). */
  public void add(Violation v) {
    if (list.size() >= max) {
      truncated = true;
    } else {
      list.add(v);
    }
  }

  public void add(String path, String message) {
    add(new Violation(path, message));
  }

  /** True once the cap is reached: further checks can stop. */
  public boolean full() {
    return list.size() >= max;
  }

  /** Notes that collection stopped with violations left unlisted. */
  public void markTruncated() {
    truncated = true;
  }

  public boolean truncated() {
    return truncated;
  }

  public boolean isEmpty() {
    return list.isEmpty();
  }

  public int max() {
    return max;
  }

  /** The violations collected, in the order found. */
  public List<Violation> list() {
    return List.copyOf(list);
  }
}
