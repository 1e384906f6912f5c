package io.vigil.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The shared test data ({@code ../shared/data}, passed by Surefire as {@code vigil.shared.data}).
 * Suites that need it call {@link #require}; without it they are skipped loudly: a JUnit assumption
 * with the reason, and a line on stderr.
 */
public final class SharedData {
  private SharedData() {}

  /** The shared data directory, or null when it is not there. */
  public static Path root() {
    String p = System.getProperty("vigil.shared.data");
    if (p == null || p.isBlank()) {
      return null;
    }
    Path path = Path.of(p);
    return Files.isDirectory(path) ? path.normalize() : null;
  }

  /** {@code root().resolve(relative)}, or aborts the calling test when the file is missing. */
  public static Path require(String relative) {
    Path root = root();
    Path file = root == null ? null : root.resolve(relative);
    if (file == null || !Files.exists(file)) {
      String msg =
          "SKIPPED: shared test data '"
              + relative
              + "' not found (system property vigil.shared.data="
              + System.getProperty("vigil.shared.data")
              + "); put the shared folder beside the checkout to run this suite";
      System.err.println("[vigil-core tests] " + msg);
      Assumptions.abort(msg);
    }
    return file;
  }
}
