package io.vigil.advisories;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test resources (small fixtures, see PROVENANCE.md) and the optional shared data set. */
public final class Fixtures {
  private Fixtures() {}

  public static byte[] bytes(String resource) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path path(String resource) {
    try {
      return Path.of(Fixtures.class.getResource("/" + resource).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The shared data directory, or the test is skipped loudly. */
  public static Path sharedData() {
    String p = System.getProperty("vigil.shared.data");
    boolean present = p != null && Files.isDirectory(Path.of(p, "osv"));
    if (!present) {
      System.err.println(
          "SKIPPED: shared data not found (vigil.shared.data=" + p + "): shared-data test skipped");
    }
    assumeTrue(present, "shared data (../shared/data) is absent: shared-data test skipped");
    return Path.of(p);
  }
}
