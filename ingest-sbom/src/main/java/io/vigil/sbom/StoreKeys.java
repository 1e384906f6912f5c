package io.vigil.sbom;

/**
 * ingest-sbom's composite store keys, unambiguous whatever the project id or submission id
 * contains: {@code escape(id) NUL number}. The escape writes U+0000 as U+0001 '0' and U+0001 as
 * U+0001 '1', so an escaped id never contains the NUL separator, a key splits one way only, and a
 * prefix scan for {@code escape(p) NUL} finds project {@code p}'s keys and no other's. Ids without
 * U+0000 or U+0001 (every id the intake accepts: control characters are refused) are unchanged, so
 * keys written before this escape read the same. Pure.
 */
public final class StoreKeys {
  static final char SEPARATOR = '\u0000';
  private static final char ESCAPE = '\u0001';

  private StoreKeys() {}

  /** The prefix of every inventory page of {@code projectId}. */
  public static String inventoryPrefix(String projectId) {
    return escape(projectId) + SEPARATOR;
  }

  /** The key of one inventory page. */
  static String inventoryPage(String projectId, int page) {
    return inventoryPrefix(projectId) + String.format("%08d", page);
  }

  /** The page number of a key that starts with {@code prefix}. */
  static int pageNumber(String prefix, String key) {
    return Integer.parseInt(key.substring(prefix.length()));
  }

  /** The prefix of every stored chunk of a submission. */
  static String chunkPrefix(String submissionId) {
    return escape(submissionId) + SEPARATOR;
  }

  /** The key of one stored chunk. */
  static String chunk(String submissionId, int index) {
    return chunkPrefix(submissionId) + String.format("%06d", index);
  }

  /** {@code id} with U+0000 and U+0001 escaped; the same string when it has neither. */
  static String escape(String id) {
    if (id.indexOf(SEPARATOR) < 0 && id.indexOf(ESCAPE) < 0) {
      return id;
    }
    StringBuilder b = new StringBuilder(id.length() + 8);
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c == SEPARATOR) {
        b.append(ESCAPE).append('0');
      } else if (c == ESCAPE) {
        b.append(ESCAPE).append('1');
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
