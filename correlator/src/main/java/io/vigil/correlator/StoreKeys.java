package io.vigil.correlator;

/**
 * Keys of the correlator's RocksDB stores: parts joined by U+001F (never in purls, ids or project
 * names), so a store can be prefix-scanned by package, then project, then component.
 */
final class StoreKeys {
  static final char SEP = '\u001F';

  private StoreKeys() {}

  /** package → project → purl: a component of a project. */
  static String component(String packageKey, String projectId, String purl) {
    return packageKey + SEP + projectId + SEP + purl;
  }

  /** package → advisory. */
  static String advisory(String packageKey, String advisoryId) {
    return packageKey + SEP + advisoryId;
  }

  /** package → project → purl → advisory: one current exposure. */
  static String exposure(String packageKey, String projectId, String purl, String advisoryId) {
    return component(packageKey, projectId, purl) + SEP + advisoryId;
  }

  /** Everything stored under a package. */
  static String packagePrefix(String packageKey) {
    return packageKey + SEP;
  }

  /** The exposures of one component of one project. */
  static String componentPrefix(String packageKey, String projectId, String purl) {
    return component(packageKey, projectId, purl) + SEP;
  }
}
