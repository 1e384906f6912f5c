package io.vigil.advisories.limits;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * A stream that fails with a {@link FeedLimitException} once more than {@code max} bytes were read
 * through it (a download, a decompressed feed): the limit holds whatever the source declares.
 */
public final class BoundedInputStream extends FilterInputStream {
  private final String location;
  private final long max;
  private final String setting;
  private long read;

  public BoundedInputStream(InputStream in, String location, long max, String setting) {
    super(in);
    this.location = location;
    this.max = max;
    this.setting = setting;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long s = super.skip(n);
    count(s);
    return s;
  }

  private void count(long n) throws FeedLimitException {
    read += n;
    if (read > max) {
      throw new FeedLimitException(
          location,
          String.format(
              Locale.ROOT, "more than %,d bytes: refused (ingestAdvisories.%s)", max, setting));
    }
  }
}
