package io.vigil.core.fixplan;

/** Vulnerabilities counted by their SSVC outcome (each at the highest of its exposures). */
public record Ssvc(int act, int attend, int trackStar, int track, int none) {
  public static final Ssvc ZERO = new Ssvc(0, 0, 0, 0, 0);

  public Ssvc plus(Outcome o) {
    return new Ssvc(
        act + (o == Outcome.ACT ? 1 : 0),
        attend + (o == Outcome.ATTEND ? 1 : 0),
        trackStar + (o == Outcome.TRACK_STAR ? 1 : 0),
        track + (o == Outcome.TRACK ? 1 : 0),
        none + (o == Outcome.NONE ? 1 : 0));
  }

  public Ssvc plus(Ssvc o) {
    return new Ssvc(
        act + o.act, attend + o.attend, trackStar + o.trackStar, track + o.track, none + o.none);
  }
}
