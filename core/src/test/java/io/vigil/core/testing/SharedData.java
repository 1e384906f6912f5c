package io.vigil.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The shared test data ({@code ../shared/data}, passed by Surefire as {@code vigil.shared.data}).
 * Suites that need it call {@link #require} (or {@link #root} to use it when present); without it
 * they are skipped loudly: a JUnit assumption with the reason, and a line on stderr. With {@code
 * VIGIL_REQUIRE_SHARED_DATA=true} (CI, {@code .ci/run}) or {@code -Dvigil.requireSharedData=true}
 * missing data <b>fails</b> instead, in both. The same rule as {@code io.vigil.testkit.SharedData}
 * (core cannot depend on testkit).
 */
public final class SharedData {
  private SharedData() {}

  /** True when missing shared data must fail the suite (CI). */
  public static boolean required() {
    return "true".equalsIgnoreCase(System.getenv("VIGIL_REQUIRE_SHARED_DATA"))
        || Boolean.getBoolean("vigil.requireSharedData");
  }

  /**
   * The shared data directory, or null when it is not there (then a caller uses its bundled
   * fixtures); fails instead when the data is {@link #required}.
   */
  public static Path root() {
    String p = System.getProperty("vigil.shared.data");
    Path path = p == null || p.isBlank() ? null : Path.of(p);
    if (path != null && Files.isDirectory(path)) {
      return path.normalize();
    }
    if (required()) {
      throw new AssertionError(
          "shared test data not found (vigil.shared.data="
              + p
              + ") and VIGIL_REQUIRE_SHARED_DATA=true requires it");
    }
    return null;
  }

  /** {@code root().resolve(relative)}, or aborts the calling test when the file is missing. */
  public static Path require(String relative) {
    Path root = root();
    Path file = root == null ? null : root.resolve(relative);
    if (file == null || !Files.exists(file)) {
      if (required()) {
        throw new AssertionError(
            "shared test data '"
                + relative
                + "' not found (vigil.shared.data="
                + System.getProperty("vigil.shared.data")
                + ") and VIGIL_REQUIRE_SHARED_DATA=true requires it");
      }
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
