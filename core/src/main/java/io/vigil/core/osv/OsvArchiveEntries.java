package io.vigil.core.osv;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * The entries of an {@code all.zip}-style archive, inflated in one sequential pass, each bounded by
 * the read's limits: the one loop behind {@link OsvReader}'s archive read and the prepared index
 * ({@code io.vigil.core.osvdb}), so both see the same entries, refuse the same archives and say the
 * same errors.
 */
public final class OsvArchiveEntries {
  private OsvArchiveEntries() {}

  /** Receives the {@code .json} entries in archive order. */
  @FunctionalInterface
  public interface Visitor {
    /**
     * @param name the entry's name in the archive
     * @param bytes its inflated bytes, or null when it is larger than {@link
     *     OsvReader.Limits#maxEntryBytes()} (never more than that limit is held in memory)
     */
    void entry(String name, byte[] bytes);
  }

  /**
   * Visits every {@code .json} entry of {@code zip} in order. An archive that cannot be read, has
   * no entries at all or inflates to more than {@link OsvReader.Limits#maxReadBytes()} is an {@link
   * OsvFormatException} naming it.
   */
  public static void forEach(Path zip, OsvReader.Limits limits, Visitor visitor)
      throws OsvFormatException {
    ReadBudget budget = new ReadBudget(zip, limits.maxReadBytes());
    int entries = 0;
    int max = (int) limits.maxEntryBytes();
    try (ZipInputStream in =
        new ZipInputStream(
            // ZipInputStream reads its source 512 bytes at a time: buffer it (a third less CPU)
            new BufferedInputStream(Files.newInputStream(zip), 1 << 16))) {
      // one reusable buffer: readAllBytes() would allocate 8 KiB chunks for every entry of ~2 KiB,
      // five times the garbage of the records themselves on a distro feed
      byte[] buffer = new byte[Math.min(max + 1, 1 << 16)];
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        entries++;
        if (e.isDirectory() || !e.getName().endsWith(".json")) {
          continue;
        }
        int n = 0;
        boolean tooLarge = false;
        while (true) {
          if (n == buffer.length) {
            if (n > max) {
              tooLarge = true; // never more than the limit in memory (a zip bomb's entry)
              break;
            }
            buffer = Arrays.copyOf(buffer, (int) Math.min((long) max + 1, 2L * buffer.length));
          }
          int r = in.read(buffer, n, buffer.length - n);
          if (r < 0) {
            break;
          }
          n += r;
        }
        budget.spend(tooLarge ? max + 1L : n);
        visitor.entry(e.getName(), tooLarge ? null : Arrays.copyOf(buffer, n));
      }
    } catch (ZipException ex) {
      throw new OsvFormatException(zip + ": not a readable zip archive: " + ex.getMessage(), ex);
    } catch (IOException ex) {
      throw new OsvFormatException(zip + ": cannot read: " + ex.getMessage(), ex);
    }
    if (entries == 0) {
      throw new OsvFormatException(zip + ": not a zip archive of OSV records (no entries)");
    }
  }
}
