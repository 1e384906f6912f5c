package io.vigil.sbom.triage;

import io.vigil.core.triage.Analysis;
import io.vigil.core.triage.AnalysisChange;
import io.vigil.platform.triage.AnalysisAvro;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What setting decisions changes, for every writer of the analyses topics ({@link AnalysisWriter}
 * and the VEX submissions of ingest-sbom's processor): each decision, at the wire's precision,
 * replaces the current one of its key; one identical to the current one is no change. Pure.
 */
public final class AnalysisChanges {
  private AnalysisChanges() {}

  /**
   * The SET changes of {@code decisions} (each with the decision it replaces).
   *
   * @param current the current decision of a key
   */
  public static List<AnalysisChange> of(
      List<Analysis> decisions, Function<String, Optional<Analysis>> current) {
    List<AnalysisChange> changes = new ArrayList<>();
    for (Analysis decision : decisions) {
      Analysis a = AnalysisAvro.onTheWire(decision);
      Analysis previous = current.apply(a.key()).orElse(null);
      if (!a.equals(previous)) {
        changes.add(AnalysisChange.set(previous, a));
      }
    }
    return changes;
  }
}
