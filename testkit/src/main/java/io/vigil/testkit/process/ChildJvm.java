package io.vigil.testkit.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A service in its own JVM, so a test can crash it for real: {@link #kill()} is {@code SIGKILL}
 * ({@link Process#destroyForcibly()}): no shutdown hook, no close, no flush, as when a pod is
 * OOM-killed or its node dies. The child runs a {@code main} class of the test's own class path
 * (Surefire/Failsafe give it in {@code java.class.path}, possibly as a manifest-only jar), prints
 * {@value #READY} on its standard output once it serves, and stops gracefully when its standard
 * input closes ({@link #stop()}); use {@link #awaitStdinClosed()} in the child for that. Its output
 * goes to a log file, shown by {@link #logTail(int)}.
 */
public final class ChildJvm implements AutoCloseable {
  /** The line a child prints once it is ready. */
  public static final String READY = "READY";

  private final Process process;
  private final Path log;
  private final String name;

  private ChildJvm(Process process, Path log, String name) {
    this.process = process;
    this.log = log;
    this.name = name;
  }

  /**
   * Starts {@code main} with {@code args} and waits for its {@value #READY} line.
   *
   * @param heap e.g. {@code 512m}
   * @param log where the child's standard output and error go
   */
  public static ChildJvm start(
      Class<?> main, List<String> args, String heap, Path log, Duration readyTimeout)
      throws IOException, InterruptedException {
    return start(
        main,
        args,
        List.of("-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
        log,
        readyTimeout);
  }

  /**
   * As {@link #start(Class, List, String, Path, Duration)} with the child's JVM options given whole
   * (heap, collector, e.g. the shipped {@code -XX:+ExitOnOutOfMemoryError}), for a test that runs a
   * service as it is deployed.
   */
  public static ChildJvm start(
      Class<?> main, List<String> args, List<String> jvmOptions, Path log, Duration readyTimeout)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(jvmOptions);
    cmd.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
    for (String p : List.of("org.apache.avro.SERIALIZABLE_PACKAGES", "log4j2.configurationFile")) {
      if (System.getProperty(p) != null) {
        cmd.add("-D" + p + "=" + System.getProperty(p));
      }
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(args);
    Files.createDirectories(log.toAbsolutePath().getParent());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    ChildJvm child = new ChildJvm(p, log, main.getSimpleName());
    CountDownLatch ready = new CountDownLatch(1);
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                  PrintStream out =
                      new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                  out.println(line);
                  if (line.equals(READY)) {
                    ready.countDown();
                  }
                }
              } catch (IOException e) {
                // the child is gone
              }
            },
            "child-jvm-" + main.getSimpleName());
    pump.setDaemon(true);
    pump.start();
    long deadline = System.nanoTime() + readyTimeout.toNanos();
    while (!ready.await(200, TimeUnit.MILLISECONDS)) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException(
            main.getSimpleName()
                + (p.isAlive() ? " did not get ready in " + readyTimeout : " exited early")
                + "; its log:\n"
                + child.logTail(60));
      }
    }
    return child;
  }

  /** In the child: blocks until the parent closes standard input (or dies). */
  public static void awaitStdinClosed() {
    try {
      while (System.in.read() >= 0) {
        // the parent never writes; EOF means stop
      }
    } catch (IOException e) {
      // the parent is gone
    }
  }

  public boolean alive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /**
   * {@code SIGSTOP}: the JVM is frozen where it is (threads, sockets, open transactions), so a test
   * can look at what it left on the broker before {@link #kill()}ing it there, or {@link #thaw()}.
   */
  public void freeze() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** {@code SIGCONT}: a frozen JVM goes on. */
  public void thaw() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String sig) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid())).start();
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("kill -" + sig + " " + process.pid() + " failed");
    }
  }

  /** {@code SIGKILL}: the JVM dies at once, mid-whatever-it-was-doing. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL");
    }
  }

  /** Closes the child's standard input (a graceful stop) and waits; kills it after 60 s. */
  public void stop() throws InterruptedException {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // already gone
    }
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      kill();
    }
  }

  /**
   * The rest of the first line of the child's output that starts with {@code prefix} (e.g. the
   * {@code URL } it printed before {@value #READY}), or null.
   */
  public String outputLine(String prefix) {
    try {
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        if (line.startsWith(prefix)) {
          return line.substring(prefix.length()).strip();
        }
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The last lines of the child's output. */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
