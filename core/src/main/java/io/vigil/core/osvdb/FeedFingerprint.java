package io.vigil.core.osvdb;

import io.vigil.core.osv.OsvReader;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * What identifies the content of a feed archive without reading it: its real path, size,
 * modification time and the SHA-256 of its last 64 KiB (a zip's central directory, with every
 * entry's CRC, is at its end), plus the read limits the index was built with. An index whose
 * fingerprint differs from the archive's is rebuilt.
 */
record FeedFingerprint(
    String path, long size, long modifiedNanos, byte[] tailSha256, long maxEntry, long maxRead) {

  static final int TAIL_BYTES = 64 * 1024;

  static FeedFingerprint of(Path zip, OsvReader.Limits limits) throws IOException {
    Path real = zip.toRealPath();
    long size = Files.size(real);
    long modified = Files.getLastModifiedTime(real).to(TimeUnit.NANOSECONDS);
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (FileChannel ch = FileChannel.open(real, StandardOpenOption.READ)) {
      int n = (int) Math.min(size, TAIL_BYTES);
      ByteBuffer buf = ByteBuffer.allocate(n);
      long pos = size - n;
      while (buf.hasRemaining()) {
        int r = ch.read(buf, pos + buf.position());
        if (r < 0) {
          break;
        }
      }
      buf.flip();
      sha.update(buf);
    }
    return new FeedFingerprint(
        real.toString(),
        size,
        modified,
        sha.digest(),
        limits.maxEntryBytes(),
        limits.maxReadBytes());
  }

  /** The index file of an archive in {@code dir}: named by its real path. */
  static Path indexFile(Path dir, Path zip) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    Path real = zip.toRealPath();
    String name = real.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
    String hash =
        HexFormat.of()
            .formatHex(
                sha.digest(real.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    return dir.resolve(name + "-" + hash.substring(0, 16) + ".osvidx");
  }

  void write(DataOutput out) throws IOException {
    out.writeUTF(path);
    out.writeLong(size);
    out.writeLong(modifiedNanos);
    out.write(tailSha256);
    out.writeLong(maxEntry);
    out.writeLong(maxRead);
  }

  static FeedFingerprint read(DataInput in) throws IOException {
    String path = in.readUTF();
    long size = in.readLong();
    long modified = in.readLong();
    byte[] tail = new byte[32];
    in.readFully(tail);
    return new FeedFingerprint(path, size, modified, tail, in.readLong(), in.readLong());
  }

  /** What differs from {@code other}, or null when both say the same feed. */
  String difference(FeedFingerprint other) {
    if (!path.equals(other.path)) {
      return "built for " + path;
    }
    if (size != other.size
        || modifiedNanos != other.modifiedNanos
        || !Arrays.equals(tailSha256, other.tailSha256)) {
      return "the feed changed since it was built";
    }
    if (maxEntry != other.maxEntry || maxRead != other.maxRead) {
      return "built with other read limits";
    }
    return null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeedFingerprint f && difference(f) == null;
  }

  @Override
  public int hashCode() {
    return path.hashCode();
  }
}
