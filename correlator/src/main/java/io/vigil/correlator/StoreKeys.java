package io.vigil.correlator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Utils;

/**
 * Keys of the correlator's records and RocksDB stores. Parts are joined by U+001F, so a store can
 * be prefix-scanned by its leading parts; every part is <b>escaped</b> first, so a key is
 * unambiguous whatever its parts contain (a purl holding U+001F cannot reach into the next part, a
 * project whose name starts with another's plus a separator cannot share its prefix).
 *
 * <p>Escaping: U+001D becomes U+001D '0' and U+001F becomes U+001D '1' (inside a package key also
 * U+001E becomes U+001D '2'). A part without these characters is written as it is, so the keys of
 * ordinary identifiers are the same as before escaping existed. An escaped part never contains
 * U+001F, so {@code prefix(a)} matches exactly the keys whose first part is {@code a}.
 *
 * <p>A <em>shard key</em> is a package key plus a shard number ({@code <package>U+001E<shard>}):
 * the components of one package are spread over {@code packageShards} shards by project, and every
 * advisory of the package is sent to every shard, so a package that every project ships does not
 * pile up in one partition. Shard keys are record keys of the package-keyed repartitions, and parts
 * of store keys like any other.
 */
final class StoreKeys {
  static final char SEP = '\u001F';
  static final char SHARD = '\u001E';
  static final char ESC = '\u001D';

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
    return escape(packageKey, true) + SHARD + shard;
  }

  /** The shard key of a project's components of a package. */
  static String shardKey(String packageKey, String projectId, int shards) {
    return shardKey(packageKey, shardOf(projectId, shards));
  }

  /** The package key of a shard key. */
  static String packageOf(String shardKey) {
    int i = shardKey.lastIndexOf(SHARD);
    return unescape(i < 0 ? shardKey : shardKey.substring(0, i));
  }

  /** shard → project → purl: a component of a project. */
  static String component(String shardKey, String projectId, String purl) {
    return join(shardKey, projectId, purl);
  }

  /** shard → advisory. */
  static String advisory(String shardKey, String advisoryId) {
    return join(shardKey, advisoryId);
  }

  /** shard → CVE: the enrichment of a CVE that an advisory of the package aliases. */
  static String enrichment(String shardKey, String cve) {
    return join(shardKey, cve);
  }

  /** project → purl → advisory: one current exposure (purls identify their package). */
  static String exposure(String projectId, String purl, String advisoryId) {
    return join(projectId, purl, advisoryId);
  }

  /** CVE → advisory: an advisory that aliases a CVE (enrichment joins). */
  static String cveAdvisory(String cve, String advisoryId) {
    return join(cve, advisoryId);
  }

  /** Everything stored under a leading part (a shard key, a project, a CVE). */
  static String prefix(String first) {
    return escape(first, false) + SEP;
  }

  /** Everything stored under two leading parts (project → purl). */
  static String prefix(String first, String second) {
    return escape(first, false) + SEP + escape(second, false) + SEP;
  }

  /** The parts of a key, unescaped. */
  static List<String> parts(String key) {
    List<String> out = new ArrayList<>(3);
    int from = 0;
    for (int i = key.indexOf(SEP); i >= 0; i = key.indexOf(SEP, from)) {
      out.add(unescape(key.substring(from, i)));
      from = i + 1;
    }
    out.add(unescape(key.substring(from)));
    return out;
  }

  private static String join(String a, String b) {
    return escape(a, false) + SEP + escape(b, false);
  }

  private static String join(String a, String b, String c) {
    return escape(a, false) + SEP + escape(b, false) + SEP + escape(c, false);
  }

  /**
   * A part with U+001D and U+001F (and, in a package key, U+001E) replaced by two-character
   * escapes; the part itself when it has none (no allocation: the usual case).
   */
  static String escape(String part, boolean packageKey) {
    int n = part.length();
    int i = 0;
    while (i < n && !special(part.charAt(i), packageKey)) {
      i++;
    }
    if (i == n) {
      return part;
    }
    StringBuilder b = new StringBuilder(n + 8).append(part, 0, i);
    for (; i < n; i++) {
      char c = part.charAt(i);
      if (c == ESC) {
        b.append(ESC).append('0');
      } else if (c == SEP) {
        b.append(ESC).append('1');
      } else if (c == SHARD && packageKey) {
        b.append(ESC).append('2');
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean special(char c, boolean packageKey) {
    return c == ESC || c == SEP || (packageKey && c == SHARD);
  }

  /** The inverse of {@link #escape} (either kind). */
  static String unescape(String part) {
    int i = part.indexOf(ESC);
    if (i < 0) {
      return part;
    }
    StringBuilder b = new StringBuilder(part.length()).append(part, 0, i);
    for (; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c == ESC && i + 1 < part.length()) {
        char code = part.charAt(++i);
        b.append(
            switch (code) {
              case '0' -> ESC;
              case '1' -> SEP;
              case '2' -> SHARD;
              default -> throw new IllegalArgumentException("bad escape in store key part");
            });
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
