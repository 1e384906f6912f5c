package io.vigil.core.osv;

import java.util.List;

/**
 * The answer to "is this component affected by this advisory?".
 *
 * @param status AFFECTED, NOT_AFFECTED or INDETERMINATE
 * @param reason why, in words (which range or list decided, or what could not be parsed)
 * @param fixedVersions the fixed versions above the component's version that end this finding, in
 *     ascending order (empty when not affected or nothing is fixed yet)
 */
public record MatchResult(Status status, String reason, List<String> fixedVersions) {

  public enum Status {
    AFFECTED,
    NOT_AFFECTED,
    /**
     * The engine cannot decide (unparseable version, no version, no distro release): flagged, never
     * silently dropped.
     */
    INDETERMINATE
  }

  public MatchResult {
    fixedVersions = fixedVersions == null ? List.of() : List.copyOf(fixedVersions);
  }

  public static MatchResult affected(String reason, List<String> fixed) {
    return new MatchResult(Status.AFFECTED, reason, fixed);
  }

  public static MatchResult notAffected(String reason) {
    return new MatchResult(Status.NOT_AFFECTED, reason, List.of());
  }

  public static MatchResult indeterminate(String reason) {
    return new MatchResult(Status.INDETERMINATE, reason, List.of());
  }

  public boolean isAffected() {
    return status == Status.AFFECTED;
  }
}
