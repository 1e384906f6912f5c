package io.vigil.core.osv;

import java.nio.file.Path;
import java.util.Locale;

/** The inflated bytes one source may read. */
final class ReadBudget {
  private final Path source;
  private final long max;
  private long spent;

  ReadBudget(Path source, long max) {
    this.source = source;
    this.max = max;
  }

  void spend(long n) throws OsvFormatException {
    spent += n;
    if (spent > max) {
      throw new OsvFormatException(
          String.format(
              Locale.ROOT,
              "%s: more than %,d bytes inflated: refused (the budget of one read)",
              source,
              max));
    }
  }
}
