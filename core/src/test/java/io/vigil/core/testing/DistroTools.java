package io.vigil.core.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The distributions' own version code, used as oracles by the conformance tests: {@code dpkg
 * --compare-versions} and rpm's Python binding ({@code python3-rpm}, {@code rpm.labelCompare}).
 *
 * <p>Missing tools: with {@code VIGIL_REQUIRE_DISTRO_TOOLS=true} (set by {@code .ci/run}) the
 * calling test <b>fails</b>, so CI never passes without the comparison; otherwise it is skipped
 * loudly (a JUnit assumption with the reason and a line on stderr).
 */
public final class DistroTools {
  private DistroTools() {}

  /** The environment variable that turns a missing tool into a failure. */
  public static final String REQUIRE = "VIGIL_REQUIRE_DISTRO_TOOLS";

  /** The {@code dpkg} binary, or the test is failed / skipped. */
  public static Path requireDpkg() {
    for (String dir : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
      Path p = Path.of(dir, "dpkg");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    missing("dpkg (Debian's package manager: apt-get install -y dpkg)");
    return null;
  }

  /** A Python 3 interpreter that can {@code import rpm}, or the test is failed / skipped. */
  public static String requirePythonRpm() {
    // the distribution's python first: python3-rpm installs into its dist-packages, and a
    // pyenv or venv python3 earlier on the PATH cannot see it
    for (String python : List.of("/usr/bin/python3", "python3")) {
      try {
        Process p =
            new ProcessBuilder(python, "-c", "import rpm").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return python;
        }
      } catch (IOException e) {
        // not there: try the next one
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    missing("rpm's Python binding (apt-get install -y python3-rpm)");
    return null;
  }

  private static void missing(String what) {
    missing(what, System.getenv());
  }

  /** Fails (CI) or aborts loudly (locally) the calling test for a missing tool. */
  static void missing(String what, java.util.Map<String, String> env) {
    String msg = "distro version tool not found: " + what;
    if ("true".equalsIgnoreCase(env.get(REQUIRE))) {
      Assertions.fail(msg + " and " + REQUIRE + "=true: the conformance test must run here");
    }
    System.err.println("[vigil-core tests] SKIPPED: " + msg + " (CI sets " + REQUIRE + "=true)");
    Assumptions.abort("SKIPPED: " + msg);
  }

  /**
   * Runs {@code command} with {@code input} on stdin and returns stdout as lines; fails the test
   * with stderr when the command exits non-zero.
   */
  public static List<String> run(List<String> command, String input, int timeoutSeconds)
      throws IOException, InterruptedException {
    Path err = Files.createTempFile("vigil-distro-tool", ".err");
    try {
      Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
      Thread writer =
          new Thread(
              () -> {
                try (OutputStream out = p.getOutputStream()) {
                  out.write(input.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                  // the process died: its exit code and stderr say why
                }
              });
      writer.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        Assertions.fail(command.get(0) + " did not finish in " + timeoutSeconds + " s");
      }
      writer.join();
      if (p.exitValue() != 0) {
        Assertions.fail(command + " exited with " + p.exitValue() + ": " + Files.readString(err));
      }
      List<String> lines = new ArrayList<>();
      for (String l : out.split("\n")) {
        if (!l.isEmpty()) {
          lines.add(l);
        }
      }
      return lines;
    } finally {
      Files.deleteIfExists(err);
    }
  }
}
