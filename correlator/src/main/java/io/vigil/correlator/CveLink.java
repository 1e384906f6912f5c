package io.vigil.correlator;

import java.util.List;

/**
 * The packages an advisory that aliases a CVE affects (records of the {@code advisories-by-cve}
 * repartition, key CVE id; store {@code cve-advisories-store}). Empty package keys: the advisory no
 * longer aliases the CVE, or was withdrawn.
 */
record CveLink(String advisoryId, List<String> packageKeys) {
  CveLink {
    packageKeys = packageKeys == null ? List.of() : List.copyOf(packageKeys);
  }
}
