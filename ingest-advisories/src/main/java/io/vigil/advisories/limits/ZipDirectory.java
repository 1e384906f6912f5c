package io.vigil.advisories.limits;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * What a zip's central directory declares, checked before a single entry is inflated: the sum of
 * the entries' sizes against the read budget, and whether entries overlap. Overlapping entries are
 * how a zip of a few kilobytes inflates to gigabytes (each entry re-reads the same compressed
 * data); no zip tool writes them, so such an archive is refused whole with one clear reason instead
 * of dead-lettering each of its entries.
 *
 * <p>Reads the end-of-central-directory record (and its Zip64 form) and the central directory only:
 * a few bytes per entry. The lower bound of an entry's data end (local header, name, compressed
 * data) is compared with the next entry's local header, so what is flagged always overlaps.
 */
public final class ZipDirectory {
  private static final int EOCD = 0x06054b50;
  private static final int ZIP64_LOCATOR = 0x07064b50;
  private static final int ZIP64_EOCD = 0x06064b50;
  private static final int CEN = 0x02014b50;
  private static final long MASK32 = 0xFFFFFFFFL;

  private ZipDirectory() {}

  /** The largest central directory read (about 2.5 million entries); a larger one is refused. */
  static final int MAX_DIRECTORY_BYTES = 128 * 1024 * 1024;

  /** The entries as the central directory declares them (parallel arrays: a few bytes each). */
  private static final class Entries {
    int n;
    long[] offset = new long[1024];
    long[] end = new long[1024];
    long[] size = new long[1024];
    int[] at = new int[1024];

    void add(long localOffset, long dataEndLowerBound, long declared, int cenPosition) {
      if (n == offset.length) {
        offset = java.util.Arrays.copyOf(offset, 2 * n);
        end = java.util.Arrays.copyOf(end, 2 * n);
        size = java.util.Arrays.copyOf(size, 2 * n);
        at = java.util.Arrays.copyOf(at, 2 * n);
      }
      offset[n] = localOffset;
      end[n] = dataEndLowerBound;
      size[n] = declared;
      at[n] = cenPosition;
      n++;
    }
  }

  /**
   * Refuses the zip when its central directory is above {@value #MAX_DIRECTORY_BYTES} bytes, its
   * entries declare more than {@code maxFeedBytes} in all, or entries overlap; otherwise returns
   * the declared total. A zip this reader cannot make sense of is left to the zip reader (which
   * says why), and -1 returned.
   */
  public static long check(Path zip, String location, long maxFeedBytes) throws IOException {
    Entries entries;
    ByteBuffer cen;
    long cenOffset;
    try (FileChannel ch = FileChannel.open(zip, StandardOpenOption.READ)) {
      long[] dir = directory(ch);
      if (dir == null) {
        return -1;
      }
      cenOffset = dir[1];
      if (dir[2] > MAX_DIRECTORY_BYTES) {
        throw new FeedLimitException(
            location,
            String.format(
                Locale.ROOT,
                "a central directory of %,d bytes (more than %,d): refused unread",
                dir[2],
                MAX_DIRECTORY_BYTES));
      }
      cen = read(ch, dir[1], (int) dir[2]);
      entries = entries(cen);
      if (entries == null) {
        return -1;
      }
    }
    long declared = 0;
    for (int i = 0; i < entries.n; i++) {
      declared += entries.size[i];
      if (declared < 0 || declared > maxFeedBytes) {
        throw new FeedLimitException(
            location,
            String.format(
                Locale.ROOT,
                "its %,d entries declare more than %,d bytes inflated: refused"
                    + " (ingestAdvisories.maxFeedBytes)",
                entries.n,
                maxFeedBytes));
      }
    }
    // an entry overlaps when another entry's local header starts inside its data (or at the same
    // place): with the offsets sorted, the first offset not below its own tells
    long[] sorted = java.util.Arrays.copyOf(entries.offset, entries.n);
    java.util.Arrays.sort(sorted);
    int overlapping = 0;
    int first = -1;
    for (int i = 0; i < entries.n; i++) {
      long own = entries.offset[i];
      int k = upperBound(sorted, own);
      boolean shared = k - lowerBound(sorted, own) > 1;
      long next = k < sorted.length ? sorted[k] : cenOffset;
      if (shared || entries.end[i] > next) {
        overlapping++;
        first = first < 0 ? i : first;
      }
    }
    if (overlapping > 0) {
      throw new FeedLimitException(
          location,
          String.format(
              Locale.ROOT,
              "a zip bomb: %,d of its %,d entries overlap others (first: %s), declaring %,d"
                  + " bytes inflated from a %,d-byte archive: refused unread",
              overlapping,
              entries.n,
              name(cen, entries.at[first]),
              declared,
              java.nio.file.Files.size(zip)));
    }
    return declared;
  }

  private static int lowerBound(long[] a, long v) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static int upperBound(long[] a, long v) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static String name(ByteBuffer cen, int p) {
    byte[] name = new byte[cen.getShort(p + 28) & 0xFFFF];
    cen.get(p + 46, name);
    return new String(name, java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * {entry count, central directory offset, size}, or null when there is no readable end record.
   */
  private static long[] directory(FileChannel ch) throws IOException {
    long size = ch.size();
    int tail = (int) Math.min(size, 22 + 0xFFFF);
    if (tail < 22) {
      return null;
    }
    ByteBuffer b = read(ch, size - tail, tail);
    for (int i = tail - 22; i >= 0; i--) {
      if (b.getInt(i) != EOCD) {
        continue;
      }
      long count = b.getShort(i + 10) & 0xFFFF;
      long cenSize = b.getInt(i + 12) & MASK32;
      long cenOffset = b.getInt(i + 16) & MASK32;
      long eocdAt = size - tail + i;
      if ((count == 0xFFFF || cenSize == MASK32 || cenOffset == MASK32) && eocdAt >= 20) {
        ByteBuffer loc = read(ch, eocdAt - 20, 20);
        if (loc.getInt(0) == ZIP64_LOCATOR) {
          long z64 = loc.getLong(8);
          if (z64 >= 0 && z64 + 56 <= size) {
            ByteBuffer r = read(ch, z64, 56);
            if (r.getInt(0) == ZIP64_EOCD) {
              count = r.getLong(32);
              cenSize = r.getLong(40);
              cenOffset = r.getLong(48);
            }
          }
        }
      }
      if (cenOffset < 0 || cenSize < 0 || cenOffset + cenSize > size || count < 0) {
        return null;
      }
      return new long[] {count, cenOffset, cenSize};
    }
    return null;
  }

  private static Entries entries(ByteBuffer cen) {
    Entries out = new Entries();
    int p = 0;
    while (p + 46 <= cen.limit() && cen.getInt(p) == CEN) {
      long compressed = cen.getInt(p + 20) & MASK32;
      long size = cen.getInt(p + 24) & MASK32;
      int nameLength = cen.getShort(p + 28) & 0xFFFF;
      int extraLength = cen.getShort(p + 30) & 0xFFFF;
      int commentLength = cen.getShort(p + 32) & 0xFFFF;
      long offset = cen.getInt(p + 42) & MASK32;
      int extra = p + 46 + nameLength;
      if (extra + extraLength > cen.limit()) {
        return null;
      }
      for (int x = extra; x + 4 <= extra + extraLength; ) {
        int id = cen.getShort(x) & 0xFFFF;
        int len = cen.getShort(x + 2) & 0xFFFF;
        if (id == 0x0001) {
          int f = x + 4;
          if (size == MASK32 && f + 8 <= x + 4 + len) {
            size = cen.getLong(f);
            f += 8;
          }
          if (compressed == MASK32 && f + 8 <= x + 4 + len) {
            compressed = cen.getLong(f);
            f += 8;
          }
          if (offset == MASK32 && f + 8 <= x + 4 + len) {
            offset = cen.getLong(f);
          }
        }
        x += 4 + len;
      }
      out.add(offset, offset + 30 + nameLength + compressed, size, p);
      p = extra + extraLength + commentLength;
    }
    return out;
  }

  private static ByteBuffer read(FileChannel ch, long at, int n) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) {
      if (ch.read(b, at + b.position()) < 0) {
        break;
      }
    }
    b.flip();
    return b.order(ByteOrder.LITTLE_ENDIAN);
  }
}
