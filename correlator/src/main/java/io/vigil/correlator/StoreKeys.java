package io.vigil.correlator;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Keys of the correlator's records and RocksDB stores. Parts are joined by U+001F (never in purls,
 * ids or project names), so a store can be prefix-scanned by its leading parts.
 *
 * <p>A <em>shard key</em> is a package key plus a shard number ({@code <package>U+001E<shard>}):
 * the components of one package are spread over {@code packageShards} shards by project, and every
 * advisory of the package is sent to every shard, so a package that every project ships does not
 * pile up in one partition.
 */
final class StoreKeys {
  static final char SEP = '\u001F';
  static final char SHARD = '\u001E';

  private StoreKeys() {}

  /** The shard of a project within a package: stable across JVMs and releases (murmur2). */
  static int shardOf(String projectId, int shards) {
    if (shards <= 1) {
      return 0;
    }
    return Utils.toPositive(Utils.murmur2(projectId.getBytes(StandardCharsets.UTF_8))) % shards;
  }

  /** The record key (and store prefix) of one shard of a package. */
  static String shardKey(String packageKey, int shard) {
    return packageKey + SHARD + shard;
  }

  /** The shard key of a project's components of a package. */
  static String shardKey(String packageKey, String projectId, int shards) {
    return shardKey(packageKey, shardOf(projectId, shards));
  }

  /** The package key of a shard key. */
  static String packageOf(String shardKey) {
    int i = shardKey.lastIndexOf(SHARD);
    return i < 0 ? shardKey : shardKey.substring(0, i);
  }

  /** shard → project → purl: a component of a project. */
  static String component(String shardKey, String projectId, String purl) {
    return shardKey + SEP + projectId + SEP + purl;
  }

  /** shard → advisory. */
  static String advisory(String shardKey, String advisoryId) {
    return shardKey + SEP + advisoryId;
  }

  /** shard → CVE: the enrichment of a CVE that an advisory of the package aliases. */
  static String enrichment(String shardKey, String cve) {
    return shardKey + SEP + cve;
  }

  /** project → purl → advisory: one current exposure (purls identify their package). */
  static String exposure(String projectId, String purl, String advisoryId) {
    return projectId + SEP + purl + SEP + advisoryId;
  }

  /** CVE → advisory: an advisory that aliases a CVE (enrichment joins). */
  static String cveAdvisory(String cve, String advisoryId) {
    return cve + SEP + advisoryId;
  }

  /** Everything stored under a leading part (a shard key, a project, a CVE). */
  static String prefix(String first) {
    return first + SEP;
  }

  /** Everything stored under two leading parts (project → purl). */
  static String prefix(String first, String second) {
    return first + SEP + second + SEP;
  }

  /** The last part of a key. */
  static String last(String key) {
    return key.substring(key.lastIndexOf(SEP) + 1);
  }

  /** The parts of a key. */
  static String[] parts(String key) {
    return key.split(String.valueOf(SEP), -1);
  }
}
