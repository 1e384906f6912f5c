package io.vigil.core.osvdb;

import io.vigil.core.osv.OsvEntryShape;
import io.vigil.core.osv.OsvReader;
import io.vigil.core.osv.OsvRecord;
import io.vigil.core.purl.PackageKey;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * An opened prepared index ({@link OsvIndexFormat}): its directory read and checked; the records'
 * JSON read only for the entries a scan reads in full.
 */
final class OsvIndex {

  /** The index file is damaged: it must be rebuilt, and nothing read from it used. */
  static final class Corrupt extends Exception {
    Corrupt(String message) {
      super(message);
    }

    Corrupt(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The index is intact but not for this feed (another format, or the feed changed). */
  static final class Stale extends Exception {
    Stale(String message) {
      super(message);
    }
  }

  private final Path file;
  private final FeedFingerprint fingerprint;
  private final byte[] kinds;
  private final String[] names;
  private final long[] offsets;
  private final int[] stored;
  private final int[] raw;
  private final int[] crcs;
  private final String[] ids;
  private final String[] withdrawn;
  private final Map<PackageKey, int[]> postings;

  private OsvIndex(Path file, byte[] directory) throws IOException {
    this.file = file;
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(directory));
    fingerprint = FeedFingerprint.read(in);
    int n = in.readInt();
    kinds = new byte[n];
    names = new String[n];
    offsets = new long[n];
    stored = new int[n];
    raw = new int[n];
    crcs = new int[n];
    ids = new String[n];
    withdrawn = new String[n];
    for (int i = 0; i < n; i++) {
      kinds[i] = in.readByte();
      names[i] = in.readUTF();
      if (kinds[i] == OsvIndexFormat.TOO_LARGE) {
        continue;
      }
      offsets[i] = in.readLong();
      stored[i] = in.readInt();
      raw[i] = in.readInt();
      crcs[i] = in.readInt();
      if (kinds[i] == OsvIndexFormat.COUNTED_UNLESS_WANTED) {
        ids[i] = in.readUTF();
        withdrawn[i] = in.readBoolean() ? in.readUTF() : null;
      }
    }
    int keys = in.readInt();
    postings = new HashMap<>(keys * 2);
    for (int k = 0; k < keys; k++) {
      PackageKey key = new PackageKey(in.readUTF(), in.readUTF());
      int[] list = new int[in.readInt()];
      for (int j = 0; j < list.length; j++) {
        list[j] = in.readInt();
      }
      postings.put(key, list);
    }
    if (in.available() != 0) {
      throw new IOException(in.available() + " bytes after the directory's end");
    }
  }

  /**
   * Opens {@code file} for the feed {@code expected}: checks the header, the file's length and the
   * directory's CRC-32, then the fingerprint.
   */
  static OsvIndex open(Path file, FeedFingerprint expected) throws Corrupt, Stale, IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < OsvIndexFormat.HEADER_BYTES) {
        throw new Corrupt("truncated: " + size + " bytes, shorter than its header");
      }
      ByteBuffer header = readFully(ch, 0, OsvIndexFormat.HEADER_BYTES);
      byte[] magic = new byte[OsvIndexFormat.MAGIC.length];
      header.get(magic);
      if (!Arrays.equals(magic, OsvIndexFormat.MAGIC)) {
        throw new Corrupt("not an index file (its first bytes are not VIGILIDX)");
      }
      int format = header.getInt();
      if (format != OsvIndexFormat.FORMAT) {
        throw new Stale(
            "built in format " + format + ", this version reads " + OsvIndexFormat.FORMAT);
      }
      long dirOffset = header.getLong();
      int dirLength = header.getInt();
      int dirCrc = header.getInt();
      if (dirOffset < OsvIndexFormat.HEADER_BYTES
          || dirLength < 0
          || dirOffset + dirLength != size) {
        throw new Corrupt(
            "truncated or extended: "
                + size
                + " bytes where its header says "
                + (dirOffset + dirLength));
      }
      byte[] directory = new byte[dirLength];
      readFully(ch, dirOffset, dirLength).get(directory);
      CRC32 crc = new CRC32();
      crc.update(directory);
      if ((int) crc.getValue() != dirCrc) {
        throw new Corrupt("its directory fails its CRC-32 check");
      }
      OsvIndex index;
      try {
        index = new OsvIndex(file, directory);
      } catch (IOException | RuntimeException e) {
        throw new Corrupt("its directory does not read: " + e, e);
      }
      for (int i = 0; i < index.kinds.length; i++) {
        if (index.kinds[i] != OsvIndexFormat.TOO_LARGE
            && (index.offsets[i] < OsvIndexFormat.HEADER_BYTES
                || index.offsets[i] + index.stored[i] > dirOffset)) {
          throw new Corrupt("entry " + index.names[i] + " points outside the file's records");
        }
      }
      String difference = index.fingerprint.difference(expected);
      if (difference != null) {
        throw new Stale(difference);
      }
      return index;
    }
  }

  private static ByteBuffer readFully(FileChannel ch, long position, int length)
      throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    while (buf.hasRemaining()) {
      if (ch.read(buf, position + buf.position()) < 0) {
        throw new IOException("unexpected end of file");
      }
    }
    buf.flip();
    return buf;
  }

  /** What reading the archive for a scan gives: the records and notices, in entry order. */
  record Read(List<OsvRecord> records, List<OsvReader.Notice> notices, int readInFull) {}

  /** The entries a scan wanting {@code wanted} reads in full. */
  BitSet readInFull(Set<PackageKey> wanted) {
    BitSet full = new BitSet(kinds.length);
    for (int i = 0; i < kinds.length; i++) {
      if (kinds[i] == OsvIndexFormat.ALWAYS_READ) {
        full.set(i);
      }
    }
    for (PackageKey k : wanted) {
      int[] list = postings.get(k);
      if (list != null) {
        for (int i : list) {
          full.set(i);
        }
      }
    }
    return full;
  }

  /**
   * The archive as {@link OsvReader#readAll(List, java.util.function.Predicate)} reads it for a
   * scan of SBOMs shipping {@code wanted}: the records naming a wanted package (and those never
   * summarised) read in full from their JSON, the others counted. {@code zip} is the archive as the
   * caller named it (notices name their entries {@code zip!entry}, as the direct read does).
   * Nothing is returned when a record's JSON is damaged.
   */
  Read read(Path zip, Set<PackageKey> wanted) throws Corrupt, IOException {
    BitSet full = readInFull(wanted);
    int[] toRead = full.stream().toArray();
    byte[][] json = new byte[kinds.length][];
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      for (int i : toRead) {
        json[i] = new byte[stored[i]];
        readFully(ch, offsets[i], stored[i]).get(json[i]);
      }
    }
    // inflate, check and parse the records read in full on every core, then merge in entry order
    List<List<OsvRecord>> parsed = new ArrayList<>(kinds.length);
    List<List<OsvReader.Notice>> notices = new ArrayList<>(kinds.length);
    for (int i = 0; i < kinds.length; i++) {
      parsed.add(null);
      notices.add(null);
    }
    String prefix = zip + "!";
    Corrupt[] damaged = new Corrupt[1];
    IntStream indices = IntStream.of(toRead);
    (toRead.length >= 512 ? indices.parallel() : indices)
        .forEach(
            i -> {
              byte[] bytes;
              try {
                bytes = inflate(i, json[i]);
              } catch (Corrupt e) {
                synchronized (damaged) {
                  damaged[0] = e;
                }
                return;
              }
              json[i] = null;
              List<OsvRecord> records = new ArrayList<>(1);
              List<OsvReader.Notice> said = new ArrayList<>(0);
              OsvReader.parseEntry(bytes, prefix + names[i], records::add, said::add);
              parsed.set(i, records);
              notices.set(i, said);
            });
    if (damaged[0] != null) {
      throw damaged[0];
    }
    List<OsvRecord> records = new ArrayList<>(kinds.length);
    List<OsvReader.Notice> said = new ArrayList<>();
    for (int i = 0; i < kinds.length; i++) {
      if (kinds[i] == OsvIndexFormat.TOO_LARGE) {
        said.add(
            new OsvReader.Notice(
                prefix + names[i],
                null,
                OsvReader.tooLarge(
                    new OsvReader.Limits(fingerprint.maxEntry(), fingerprint.maxRead())),
                List.of()));
      } else if (full.get(i)) {
        records.addAll(parsed.get(i));
        said.addAll(notices.get(i));
      } else {
        records.add(OsvEntryShape.counted(ids[i], withdrawn[i]));
      }
    }
    return new Read(records, said, toRead.length);
  }

  private byte[] inflate(int i, byte[] deflated) throws Corrupt {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(deflated);
      byte[] out = new byte[raw[i]];
      int n = 0;
      while (n < out.length && !inflater.finished()) {
        int r = inflater.inflate(out, n, out.length - n);
        if (r == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        n += r;
      }
      CRC32 crc = new CRC32();
      crc.update(out, 0, n);
      if (n != out.length || !inflater.finished() || (int) crc.getValue() != crcs[i]) {
        throw new Corrupt("the JSON of " + names[i] + " fails its CRC-32 check");
      }
      return out;
    } catch (DataFormatException e) {
      throw new Corrupt("the JSON of " + names[i] + " does not inflate: " + e.getMessage(), e);
    } finally {
      inflater.end();
    }
  }

  int entries() {
    return kinds.length;
  }
}
