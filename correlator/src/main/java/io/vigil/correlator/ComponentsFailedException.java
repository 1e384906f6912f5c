package io.vigil.correlator;

import io.vigil.events.v1.ComponentEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * An input (an advisory, an enrichment change) was applied to every component of a shard but some:
 * those failed and were left exactly as they were. Thrown after the input was stored, so the
 * processing exception handler dead-letters the input with this message, which names the failed
 * components (the first {@value #LISTED}, and how many in all).
 */
final class ComponentsFailedException extends RuntimeException {
  static final int LISTED = 10;
  private final String input;
  private final List<String> failures = new ArrayList<>();
  private RuntimeException first;
  private String shard;
  private int count;

  ComponentsFailedException(String input) {
    super(null, null, false, false);
    this.input = input;
  }

  /** Notes a component that failed (keeps the first failure as the cause). */
  void add(ComponentEvent component, RuntimeException e) {
    count++;
    if (first == null) {
      first = e;
    }
    if (failures.size() < LISTED) {
      failures.add(
          "project "
              + component.getProjectId()
              + " purl "
              + component.getComponent().getPurl()
              + " ("
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + ")");
    }
  }

  int count() {
    return count;
  }

  void throwIfAny(String shardKey) {
    if (count > 0) {
      shard =
          StoreKeys.packageOf(shardKey)
              + " (shard "
              + shardKey.substring(shardKey.lastIndexOf(StoreKeys.SHARD) + 1)
              + ")";
      throw this;
    }
  }

  @Override
  public synchronized Throwable getCause() {
    return first;
  }

  @Override
  public String getMessage() {
    return input
        + " was applied to every component of package "
        + shard
        + " but "
        + count
        + " (left as they were; they are evaluated again when they or the input change): "
        + String.join("; ", failures)
        + (count > failures.size() ? "; and " + (count - failures.size()) + " more" : "");
  }
}
