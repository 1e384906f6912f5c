package io.vigil.advisories.limits;

import java.io.IOException;

/**
 * A read refused because it would exceed a limit of {@code ingestAdvisories} (a download or an
 * inflated zip beyond {@code maxFeedBytes}, an HTTP body beyond {@code maxResponseBytes}) or
 * because the archive is built to inflate far beyond its size (overlapping zip entries). The
 * message says what, where and which setting; the source is dead-lettered under {@link #location()}
 * and the other sources go on.
 */
public final class FeedLimitException extends IOException {
  private final String location;

  public FeedLimitException(String location, String message) {
    super(location + ": " + message);
    this.location = location;
  }

  /** The file or URL refused. */
  public String location() {
    return location;
  }
}
