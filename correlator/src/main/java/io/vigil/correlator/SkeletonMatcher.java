package io.vigil.correlator;

import io.vigil.events.v1.AffectedPackage;
import io.vigil.events.v1.AffectedRange;
import io.vigil.events.v1.RangeEvent;
import io.vigil.events.v1.RangeEventKind;
import io.vigil.events.v1.RangeType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.maven.artifact.versioning.ComparableVersion;

/**
 * Walking-skeleton match rule: a component version is affected when it is listed in {@code
 * versions} or lies in an ECOSYSTEM/SEMVER range, ordering every version with Maven's
 * ComparableVersion whatever the ecosystem. The matching engine (issue 4) replaces it with the
 * ecosystem's own ordering and explicit "invalid version" results.
 */
final class SkeletonMatcher {
  private SkeletonMatcher() {}

  /** The versions that fix it, when {@code version} is affected by {@code entry}; else null. */
  static List<String> affected(AffectedPackage entry, String version) {
    if (version == null) {
      return null;
    }
    if (entry.getVersions().contains(version)) {
      return fixes(entry);
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
        return fixes(entry);
      }
    }
    return null;
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
