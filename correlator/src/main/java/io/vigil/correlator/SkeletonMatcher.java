package io.vigil.correlator;

import io.vigil.events.v1.AffectedPackage;
import io.vigil.events.v1.AffectedRange;
import io.vigil.events.v1.RangeEvent;
import io.vigil.events.v1.RangeEventKind;
import io.vigil.events.v1.RangeType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.apache.maven.artifact.versioning.ComparableVersion;

/**
 * Walking-skeleton match rule: a component version is affected when it is listed in {@code
 * versions} or lies in an ECOSYSTEM/SEMVER range, ordering every version with Maven's
 * ComparableVersion whatever the ecosystem. The matching engine (issue 4) replaces it with the
 * ecosystem's own ordering and explicit "invalid version" results; only {@link Matching} calls it.
 */
final class SkeletonMatcher {
  private SkeletonMatcher() {}

  /** The fixed versions above {@code version}, when any entry affects it; else null. */
  static List<String> affected(List<AffectedPackage> entries, String version) {
    if (version == null) {
      return null;
    }
    boolean hit = false;
    TreeSet<ComparableVersion> fixed = new TreeSet<>();
    ComparableVersion v = new ComparableVersion(version);
    for (AffectedPackage entry : entries) {
      if (affects(entry, version)) {
        hit = true;
        for (String f : fixes(entry)) {
          ComparableVersion fv = new ComparableVersion(f);
          if (fv.compareTo(v) > 0) {
            fixed.add(fv);
          }
        }
      }
    }
    if (!hit) {
      return null;
    }
    List<String> out = new ArrayList<>();
    fixed.forEach(f -> out.add(f.toString()));
    return out;
  }

  /** The smallest fixed version above {@code version} that no finding affects, or null. */
  static String smallestFix(List<List<AffectedPackage>> findings, String version) {
    if (version == null) {
      return null;
    }
    ComparableVersion v = new ComparableVersion(version);
    TreeSet<String> candidates = new TreeSet<>(Comparator.comparing(ComparableVersion::new));
    for (List<AffectedPackage> f : findings) {
      for (AffectedPackage e : f) {
        for (String fix : fixes(e)) {
          if (new ComparableVersion(fix).compareTo(v) > 0) {
            candidates.add(fix);
          }
        }
      }
    }
    for (String c : candidates) {
      boolean clean = true;
      for (List<AffectedPackage> f : findings) {
        if (affected(f, c) != null) {
          clean = false;
          break;
        }
      }
      if (clean) {
        return c;
      }
    }
    return null;
  }

  private static boolean affects(AffectedPackage entry, String version) {
    if (entry.getVersions().contains(version)) {
      return true;
    }
    ComparableVersion v = new ComparableVersion(version);
    for (AffectedRange r : entry.getRanges()) {
      if (r.getType() == RangeType.GIT) {
        continue;
      }
      List<RangeEvent> events = new ArrayList<>(r.getEvents());
      events.sort(
          Comparator.comparing(
              e ->
                  e.getVersion().equals("0")
                      ? new ComparableVersion("")
                      : new ComparableVersion(e.getVersion())));
      boolean in = false;
      for (RangeEvent e : events) {
        int c = e.getVersion().equals("0") ? 1 : v.compareTo(new ComparableVersion(e.getVersion()));
        if (e.getKind() == RangeEventKind.INTRODUCED && c >= 0) {
          in = true;
        } else if ((e.getKind() == RangeEventKind.FIXED || e.getKind() == RangeEventKind.LIMIT)
            && c >= 0) {
          in = false;
        } else if (e.getKind() == RangeEventKind.LAST_AFFECTED && c > 0) {
          in = false;
        }
      }
      if (in) {
        return true;
      }
    }
    return false;
  }

  private static List<String> fixes(AffectedPackage entry) {
    List<String> out = new ArrayList<>();
    for (AffectedRange r : entry.getRanges()) {
      for (RangeEvent e : r.getEvents()) {
        if (e.getKind() == RangeEventKind.FIXED && !out.contains(e.getVersion())) {
          out.add(e.getVersion());
        }
      }
    }
    return out;
  }
}
