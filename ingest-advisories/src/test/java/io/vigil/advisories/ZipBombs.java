package io.vigil.advisories;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Zip bombs written by the tests themselves (nothing big is committed). */
final class ZipBombs {
  private ZipBombs() {}

  /**
   * A zip whose {@code entries} central-directory entries all point at one local entry of {@code
   * entryBytes} zeros (deflated to about a thousandth): a few tens of kilobytes that inflate to
   * {@code entries × entryBytes}. 250 × 20 MiB: 39 KB declaring 4.9 GiB.
   */
  static Path overlapping(Path out, int entries, int entryBytes) throws IOException {
    byte[] zeros = new byte[entryBytes];
    CRC32 crc = new CRC32();
    crc.update(zeros);
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
    d.setInput(zeros);
    d.finish();
    byte[] buf = new byte[entryBytes / 100 + 1024];
    int compressed = 0;
    while (!d.finished()) {
      compressed += d.deflate(buf, compressed, buf.length - compressed);
    }
    d.end();
    byte[] kernelName = "kernel.json".getBytes(StandardCharsets.UTF_8);
    ByteBuffer loc = le(30 + kernelName.length);
    loc.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) 8);
    loc.putInt(0).putInt((int) crc.getValue()).putInt(compressed).putInt(entryBytes);
    loc.putShort((short) kernelName.length).putShort((short) 0).put(kernelName);
    int cenOffset = loc.capacity() + compressed;
    ByteBuffer cen = le(entries * (46 + 24));
    for (int i = 0; i < entries; i++) {
      byte[] name = String.format("GHSA-bomb-%04d.json", i).getBytes(StandardCharsets.UTF_8);
      cen.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0);
      cen.putShort((short) 8).putInt(0).putInt((int) crc.getValue()).putInt(compressed);
      cen.putInt(entryBytes).putShort((short) name.length).putShort((short) 0);
      cen.putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0).putInt(0);
      cen.put(name);
    }
    int cenSize = cen.position();
    ByteBuffer end = le(22);
    end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0);
    end.putShort((short) entries).putShort((short) entries).putInt(cenSize).putInt(cenOffset);
    end.putShort((short) 0);
    try (OutputStream o = Files.newOutputStream(out)) {
      o.write(loc.array());
      o.write(buf, 0, compressed);
      o.write(cen.array(), 0, cenSize);
      o.write(end.array());
    }
    return out;
  }

  /**
   * A zip with one entry of {@code mebibytes} MiB of zeros, about a thousandth of that on disk (5
   * GiB in 5 MB, Zip64 sizes), then one stored entry. Written in a second: the deflate stream is
   * one compressed MiB of zeros followed by the same block, valid again after a window of zeros,
   * repeated.
   */
  static Path oneHugeEntry(Path out, int mebibytes, String otherName, byte[] other)
      throws IOException {
    byte[] mib = new byte[1 << 20];
    byte[] first = syncFlushed(mib, null);
    byte[] next = syncFlushed(mib, new byte[32 * 1024]);
    long compressed = first.length + (long) next.length * (mebibytes - 1) + 2;
    long size = (long) mebibytes << 20;
    CRC32 crc = new CRC32();
    for (int i = 0; i < mebibytes; i++) {
      crc.update(mib);
    }
    byte[] name = "GHSA-huge-0000-0000.json".getBytes(StandardCharsets.UTF_8);
    ByteBuffer zip64 = le(20).putShort((short) 1).putShort((short) 16).putLong(size);
    zip64.putLong(compressed);
    ByteBuffer loc = le(30 + name.length + 20);
    loc.putInt(0x04034b50).putShort((short) 45).putShort((short) 0).putShort((short) 8);
    loc.putInt(0).putInt((int) crc.getValue()).putInt(-1).putInt(-1);
    loc.putShort((short) name.length).putShort((short) 20).put(name).put(zip64.array());
    byte[] otherBytes = otherName.getBytes(StandardCharsets.UTF_8);
    CRC32 otherCrc = new CRC32();
    otherCrc.update(other);
    ByteBuffer loc2 = le(30 + otherBytes.length);
    loc2.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) 0);
    loc2.putInt(0).putInt((int) otherCrc.getValue()).putInt(other.length).putInt(other.length);
    loc2.putShort((short) otherBytes.length).putShort((short) 0).put(otherBytes);
    long second = loc.capacity() + compressed;
    ByteBuffer cen = le(2 * 46 + name.length + 20 + otherBytes.length);
    cen.putInt(0x02014b50).putShort((short) 45).putShort((short) 45).putShort((short) 0);
    cen.putShort((short) 8).putInt(0).putInt((int) crc.getValue()).putInt(-1).putInt(-1);
    cen.putShort((short) name.length).putShort((short) 20).putShort((short) 0);
    cen.putShort((short) 0).putShort((short) 0).putInt(0).putInt(0).put(name).put(zip64.array());
    cen.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0);
    cen.putShort((short) 0).putInt(0).putInt((int) otherCrc.getValue()).putInt(other.length);
    cen.putInt(other.length).putShort((short) otherBytes.length).putShort((short) 0);
    cen.putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0);
    cen.putInt((int) second).put(otherBytes);
    ByteBuffer end = le(22);
    end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) 2);
    end.putShort((short) 2)
        .putInt(cen.capacity())
        .putInt((int) (second + loc2.capacity() + other.length));
    end.putShort((short) 0);
    try (OutputStream o = new java.io.BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
      o.write(loc.array());
      o.write(first);
      for (int i = 1; i < mebibytes; i++) {
        o.write(next);
      }
      o.write(new byte[] {3, 0}); // a final, empty fixed-Huffman block
      o.write(loc2.array());
      o.write(other);
      o.write(cen.array());
      o.write(end.array());
    }
    return out;
  }

  /** Raw deflate of {@code data} (after {@code dictionary}), ending byte-aligned (sync flush). */
  private static byte[] syncFlushed(byte[] data, byte[] dictionary) {
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
    if (dictionary != null) {
      d.setDictionary(dictionary);
    }
    d.setInput(data);
    java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
    byte[] b = new byte[1 << 16];
    while (true) {
      int n = d.deflate(b, 0, b.length, Deflater.SYNC_FLUSH);
      o.write(b, 0, n);
      if (n < b.length) {
        break;
      }
    }
    d.end();
    return o.toByteArray();
  }

  private static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }
}
