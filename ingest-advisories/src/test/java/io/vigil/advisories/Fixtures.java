package io.vigil.advisories;

import io.vigil.testkit.SharedData;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
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

  /**
   * The shared data directory (with its {@code osv} folder), or the test is skipped loudly; with
   * {@code VIGIL_REQUIRE_SHARED_DATA=true} (CI) it fails instead ({@link SharedData}).
   */
  public static Path sharedData() {
    return SharedData.require("osv", "ingest-advisories shared-data test").getParent();
  }
}
