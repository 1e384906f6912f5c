package io.vigil.advisories.nvd;

import io.vigil.events.v1.CpeMatch;
import io.vigil.events.v1.NvdCve;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Keeps an NVD record under the size limit: when its serialized size is above it, the cpeMatch list
 * is cut from the end (whole configurations stay in their order, the last ones go first) to the
 * longest prefix that fits, and {@code cpeMatchesOmitted} says how many were left out. The CVSS
 * metrics, CWEs, description and references are never cut. NVD's largest configurations (tens of
 * thousands of cpeMatch rows for some Linux kernel and CPU CVEs) would otherwise exceed the
 * broker's 1 MiB default.
 */
public final class RecordTrimmer {
  private RecordTrimmer() {}

  /** The record unchanged when it fits, else trimmed; null when even no cpeMatch does not fit. */
  public static NvdCve fit(NvdCve cve, int maxBytes, ToIntFunction<NvdCve> size) {
    if (size.applyAsInt(cve) <= maxBytes) {
      return cve;
    }
    List<CpeMatch> all = cve.getCpeMatches();
    int lo = 0;
    int hi = all.size();
    NvdCve best = null;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      NvdCve candidate =
          NvdCve.newBuilder(cve)
              .setCpeMatches(List.copyOf(all.subList(0, mid)))
              .setCpeMatchesOmitted(all.size() - mid)
              .build();
      if (size.applyAsInt(candidate) <= maxBytes) {
        best = candidate;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return best;
  }
}
