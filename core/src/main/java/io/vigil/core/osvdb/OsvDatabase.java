package io.vigil.core.osvdb;

import io.vigil.core.osv.OsvFormatException;
import io.vigil.core.osv.OsvReader;
import io.vigil.core.osv.OsvRecord;
import io.vigil.core.purl.PackageKey;
import io.vigil.core.scan.OfflineScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The local advisory database of {@code vigil scan}: for every OSV archive it scans, a prepared
 * index kept in a cache directory between scans ({@link OsvIndexFormat}), so that a scan reads only
 * the records naming the packages its SBOMs ship instead of inflating and parsing the whole feed.
 *
 * <p>An index is built by the first scan of an archive, and rebuilt (saying why) when the archive
 * changed (size, modification time or the SHA-256 of its last 64 KiB), when it was built with other
 * read limits or by a version that decides differently, or when it is damaged (truncated, a
 * directory or record failing its CRC-32): a damaged index is never used. What a scan gets from it
 * is exactly what {@link OsvReader#readAll(List, java.util.function.Predicate,
 * java.util.function.Consumer, OsvReader.Limits)} gives for the same wanted packages (the same
 * records in the same order, counted ones as id and withdrawal only, the same notices), because the
 * index stores the same decision per record and the records' own JSON. Directories and single files
 * are read directly (no index). When the cache directory cannot be written, the archive is read
 * directly too, with a message.
 */
public final class OsvDatabase {
  private final Path dir;
  private final Consumer<String> log;

  /**
   * @param dir where the index files are kept (created when missing)
   * @param log receives one line per index built or rebuilt, with the reason
   */
  public OsvDatabase(Path dir, Consumer<String> log) {
    this.dir = dir;
    this.log = log;
  }

  /**
   * The default cache directory: {@code $VIGIL_CACHE_DIR}, else {@code $XDG_CACHE_HOME/vigil}, else
   * {@code ~/.cache/vigil}; the indexes live in its {@code osv-index} directory.
   */
  public static Path defaultDir(Map<String, String> env) {
    String vigil = env.get("VIGIL_CACHE_DIR");
    if (vigil != null && !vigil.isBlank()) {
      return Path.of(vigil).resolve("osv-index");
    }
    String xdg = env.get("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("vigil").resolve("osv-index");
  }

  /**
   * The records of {@code sources} as a scan of SBOMs shipping {@code wanted} reads them ({@link
   * OfflineScanner#wantedKeys}), in source order; archives through their index.
   */
  public List<OsvRecord> readAll(
      List<Path> sources,
      Set<PackageKey> wanted,
      Consumer<OsvReader.Notice> notices,
      OsvReader.Limits limits)
      throws OsvFormatException {
    List<OsvRecord> out = new ArrayList<>();
    for (Path source : sources) {
      if (Files.isRegularFile(source)
          && source.toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
        OsvIndex.Read read = readArchive(source, wanted, limits);
        if (read != null) {
          out.addAll(read.records());
          read.notices().forEach(notices);
          continue;
        }
      }
      out.addAll(
          OsvReader.readAll(List.of(source), OfflineScanner.wantedBy(wanted), notices, limits));
    }
    return out;
  }

  /**
   * The archive through its index (built or rebuilt first when needed); null to read it directly.
   */
  private OsvIndex.Read readArchive(Path zip, Set<PackageKey> wanted, OsvReader.Limits limits)
      throws OsvFormatException {
    FeedFingerprint fingerprint;
    Path file;
    try {
      fingerprint = FeedFingerprint.of(zip, limits);
      file = FeedFingerprint.indexFile(dir, zip);
    } catch (IOException e) {
      return null; // the direct read says what is wrong with the archive
    }
    String why = null;
    if (Files.exists(file)) {
      try {
        return OsvIndex.open(file, fingerprint).read(zip, wanted);
      } catch (OsvIndex.Stale e) {
        why = e.getMessage();
      } catch (OsvIndex.Corrupt e) {
        why = "it was damaged: " + e.getMessage();
      } catch (IOException e) {
        why = "it could not be read (" + e.getMessage() + ")";
      }
    }
    long t0 = System.nanoTime();
    try {
      OsvIndexWriter.build(zip, limits, file);
    } catch (IOException e) {
      log.accept(
          "cannot write the index of "
              + zip
              + " in "
              + dir
              + " ("
              + e
              + "): reading the archive in full");
      return null;
    }
    log.accept(
        String.format(
            Locale.ROOT,
            "prepared the index of %s in %s (%s) in %.1f s",
            zip,
            file,
            why == null ? "first scan of this feed" : "rebuilt: " + why,
            (System.nanoTime() - t0) / 1e9));
    try {
      return OsvIndex.open(file, fingerprint).read(zip, wanted);
    } catch (OsvIndex.Stale | OsvIndex.Corrupt | IOException e) {
      log.accept(
          "the index just written for "
              + zip
              + " does not read ("
              + e.getMessage()
              + "): reading the archive in full");
      return null;
    }
  }
}
