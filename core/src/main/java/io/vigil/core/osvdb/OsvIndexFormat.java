package io.vigil.core.osvdb;

import java.nio.charset.StandardCharsets;

/**
 * The layout of a prepared index file (one per OSV archive), written by {@link OsvIndexWriter} and
 * read by {@link OsvIndex}. Big-endian throughout:
 *
 * <pre>
 * header    "VIGILIDX" · int format · long directoryOffset · int directoryLength · int directoryCrc32
 * records   per record: its JSON, deflated
 * directory the feed's fingerprint (path, size, modification time, SHA-256 of its last 64 KiB, the
 *           read limits); per archive entry in order: kind, name, and for a record its blob
 *           (offset, stored and raw length, CRC-32 of the JSON) and, when a scan may count it
 *           without reading it, its id and withdrawal; then per package key the entries naming it
 * </pre>
 *
 * The file ends exactly where the directory does (a truncated file is detected), the directory is
 * checked by its CRC-32 before anything is used and each record's JSON by its own when it is read.
 */
final class OsvIndexFormat {
  private OsvIndexFormat() {}

  static final byte[] MAGIC = "VIGILIDX".getBytes(StandardCharsets.US_ASCII);

  /**
   * Bumped whenever what is stored, or the rule deciding which records a scan reads in full ({@code
   * OsvRecordSummary}), changes: an index of another format is rebuilt.
   */
  static final int FORMAT = 1;

  static final int HEADER_BYTES = 8 + 4 + 8 + 4 + 4;

  /** A record a scan reads in full only when it names a wanted package. */
  static final byte COUNTED_UNLESS_WANTED = 0;

  /** A record a scan always reads in full (not shaped for a summary, or a package without key). */
  static final byte ALWAYS_READ = 1;

  /** An entry above the read's size limit: a notice, no record. */
  static final byte TOO_LARGE = 2;
}
