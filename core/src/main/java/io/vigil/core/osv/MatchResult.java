package io.vigil.core.osv;

import java.util.List;

/**
 * The answer to "is this component affected by this advisory?".
 *
 * @param status AFFECTED, NOT_AFFECTED or INDETERMINATE
 * @param reason why, in words (which range or list decided, or what could not be parsed); for a
 *     distro package it starts with the release the deciding entry is scoped to and names the
 *     source package the binary was judged by
 * @param fixedVersions the fixed versions above the component's version that end this finding, in
 *     ascending order (empty when not affected or nothing is fixed yet)
 * @param release for an entry scoped to a distro release, its OSV ecosystem as the advisory writes
 *     it ({@code Debian:11}, {@code Ubuntu:Pro:20.04:LTS}): the release the answer was judged in;
 *     null otherwise
 */
public record MatchResult(
    Status status, String reason, List<String> fixedVersions, String release) {

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

  /** A result not scoped to a distro release. */
  public MatchResult(Status status, String reason, List<String> fixedVersions) {
    this(status, reason, fixedVersions, null);
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

  /** This result, judged within the distro release {@code osvEcosystem}. */
  public MatchResult inRelease(String osvEcosystem) {
    return new MatchResult(status, reason, fixedVersions, osvEcosystem);
  }

  public boolean isAffected() {
    return status == Status.AFFECTED;
  }
}
