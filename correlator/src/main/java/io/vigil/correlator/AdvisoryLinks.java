package io.vigil.correlator;

import java.util.List;

/**
 * What the correlator last fanned out for one advisory (store {@code advisory-packages-store}, key
 * advisory id): the package keys it affected and the CVEs it aliases, so a new version that drops a
 * package (or a withdrawal) reaches the partitions of the packages it no longer lists.
 *
 * @param packageKeys package keys the advisory affected, sorted
 * @param cves CVE ids among the advisory's id, aliases and upstream, sorted
 * @param contentHash hash of the last fanned-out content (an identical re-publication fans out
 *     nothing)
 */
record AdvisoryLinks(List<String> packageKeys, List<String> cves, String contentHash) {
  AdvisoryLinks {
    packageKeys = packageKeys == null ? List.of() : List.copyOf(packageKeys);
    cves = cves == null ? List.of() : List.copyOf(cves);
  }

  static final AdvisoryLinks NONE = new AdvisoryLinks(List.of(), List.of(), null);
}
