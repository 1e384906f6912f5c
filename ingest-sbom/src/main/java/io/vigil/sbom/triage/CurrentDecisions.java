package io.vigil.sbom.triage;

import io.vigil.core.triage.Analysis;
import java.time.Duration;
import java.util.Optional;

/**
 * The current decisions as the instance knows them, for a writer that is not {@link AnalysisWriter}
 * (a VEX submission in the stream processor): the decision a new one replaces.
 */
public interface CurrentDecisions {
  /**
   * Waits until the decisions that were on the analyses topics at start are known.
   *
   * @return false when they were not within {@code timeout}
   */
  boolean awaitCaughtUp(Duration timeout) throws InterruptedException;

  /** The current decision of {@code key}. */
  Optional<Analysis> get(String key);

  /** A view that is always complete (tests; a view filled before use). */
  static CurrentDecisions of(AnalysisView view) {
    return of(view, null);
  }

  /** The view that {@code reader} fills (null: complete already). */
  static CurrentDecisions of(AnalysisView view, AnalysisLogReader reader) {
    return new CurrentDecisions() {
      @Override
      public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return reader == null || reader.awaitCaughtUp(timeout);
      }

      @Override
      public Optional<Analysis> get(String key) {
        return view.get(key);
      }
    };
  }
}
