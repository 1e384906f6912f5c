package io.vigil.cli;

import java.util.concurrent.CountDownLatch;

/** Keeps a service subcommand alive until Ctrl-C (SIGTERM), then closes the service cleanly. */
final class ServiceRunner {
  private ServiceRunner() {}

  static int runUntilStopped(String name, AutoCloseable service) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopped.countDown();
                  try {
                    closed.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                name + "-shutdown"));
    System.err.println("vigil " + name + ": running (Ctrl-C to stop)");
    stopped.await();
    try {
      service.close();
    } catch (Exception e) {
      System.err.println("vigil " + name + ": error while stopping: " + e);
    } finally {
      closed.countDown();
    }
    return 0;
  }
}
