package io.vigil.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The shared test data ({@code ../shared/data}, passed by Surefire and Failsafe as the system
 * property {@code vigil.shared.data}) for the conformance suites of every module but core (which
 * has its own copy of this rule, {@code io.vigil.core.testing.SharedData}: core cannot depend on
 * testkit).
 *
 * <p>Without the data a suite is skipped loudly (a JUnit assumption with the reason and a line on
 * stderr), unless {@code VIGIL_REQUIRE_SHARED_DATA=true} (CI sets it in {@code .ci/run}) or {@code
 * -Dvigil.requireSharedData=true}: then it <b>fails</b>, so a CI run cannot pass by skipping what
 * it was meant to check.
 */
public final class SharedData {
  /** The environment variable that turns a missing data set from a skip into a failure. */
  public static final String REQUIRE_ENV = "VIGIL_REQUIRE_SHARED_DATA";

  private SharedData() {}

  /** True when missing shared data must fail the suite (CI). */
  public static boolean required() {
    return "true".equalsIgnoreCase(System.getenv(REQUIRE_ENV))
        || Boolean.getBoolean("vigil.requireSharedData");
  }

  /** {@code <shared data>/relative} (a file or directory), or the calling test skips or fails. */
  public static Path require(String relative, String suite) {
    String p = System.getProperty("vigil.shared.data");
    Path file = p == null || p.isBlank() ? null : Path.of(p).resolve(relative).normalize();
    if (file != null && Files.exists(file)) {
      return file;
    }
    String what =
        suite
            + ": shared test data '"
            + relative
            + "' not found (vigil.shared.data="
            + p
            + "); put the shared folder beside the checkout";
    if (required()) {
      return Assertions.fail(what + ", and " + REQUIRE_ENV + "=true requires it");
    }
    System.err.println("*** SKIPPED " + what);
    Assumptions.abort("SKIPPED " + what);
    return null;
  }
}
