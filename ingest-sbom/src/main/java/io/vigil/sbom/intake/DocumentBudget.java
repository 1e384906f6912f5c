package io.vigil.sbom.intake;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * How many bytes of SBOM documents one instance works on at once, HTTP validation and the stream
 * processor together: the heap one document needs grows with its size, so two large documents at
 * the same time need twice the heap of one. A document takes its size from the budget (at most all
 * of it, so a document larger than the budget runs alone) and gives it back when done; one that
 * does not fit waits. Fair: large documents are not starved by a stream of small ones.
 */
public final class DocumentBudget {
  private static final int KIB = 1024;

  private final Semaphore permits;
  private final int totalKib;

  public DocumentBudget(long bytes) {
    if (bytes < KIB) {
      throw new IllegalArgumentException("the document budget must be at least 1 KiB");
    }
    this.totalKib = (int) Math.min(Integer.MAX_VALUE, bytes / KIB);
    this.permits = new Semaphore(totalKib, true);
  }

  /** A share of the budget, given back by {@link #close()}. */
  public final class Share implements AutoCloseable {
    private final int kib;
    private boolean closed;

    private Share(int kib) {
      this.kib = kib;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        permits.release(kib);
      }
    }
  }

  /**
   * Takes the share of a document of {@code bytes}, waiting at most {@code wait}.
   *
   * @return the share, or null when the budget stayed busy for {@code wait}
   */
  public Share acquire(long bytes, Duration wait) throws InterruptedException {
    int kib = (int) Math.max(1, Math.min(totalKib, (bytes + KIB - 1) / KIB));
    return permits.tryAcquire(kib, wait.toMillis(), TimeUnit.MILLISECONDS) ? new Share(kib) : null;
  }

  /** Bytes not taken at the moment. */
  public long availableBytes() {
    return (long) permits.availablePermits() * KIB;
  }
}
