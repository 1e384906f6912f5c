package io.vigil.advisories;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads OSV records from local paths: a single {@code .json} record, a directory of them (walked
 * recursively), or a zip in OSV's {@code all.zip} layout.
 */
public final class OsvSource {
  private OsvSource() {}

  /** One raw record and where it was read from. */
  public record RawRecord(String location, byte[] bytes) {}

  /** Every record under the path, in a stable order. */
  public static List<RawRecord> read(Path path) throws IOException {
    List<RawRecord> out = new ArrayList<>();
    if (Files.isDirectory(path)) {
      try (Stream<Path> files = Files.walk(path)) {
        for (Path p :
            files
                .filter(f -> f.toString().endsWith(".json") || f.toString().endsWith(".zip"))
                .sorted()
                .toList()) {
          out.addAll(read(p));
        }
      }
    } else if (path.toString().endsWith(".zip")) {
      try (InputStream in = Files.newInputStream(path);
          ZipInputStream zip = new ZipInputStream(in)) {
        ZipEntry e;
        while ((e = zip.getNextEntry()) != null) {
          if (!e.isDirectory() && e.getName().endsWith(".json")) {
            out.add(new RawRecord(path + "!" + e.getName(), zip.readAllBytes()));
          }
        }
      }
    } else if (Files.isRegularFile(path)) {
      out.add(new RawRecord(path.toString(), Files.readAllBytes(path)));
    } else {
      throw new IOException(path + " does not exist");
    }
    return out;
  }
}
