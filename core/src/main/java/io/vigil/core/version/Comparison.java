package io.vigil.core.version;

/**
 * The outcome of comparing two version strings: {@code -1}, {@code 0} or {@code 1}, or an error
 * saying which string is not a version and why.
 */
public record Comparison(int order, String error) {

  private static final Comparison LESS = new Comparison(-1, null);
  private static final Comparison EQUAL = new Comparison(0, null);
  private static final Comparison GREATER = new Comparison(1, null);

  public static Comparison of(int order) {
    return order < 0 ? LESS : order > 0 ? GREATER : EQUAL;
  }

  public static Comparison error(String reason) {
    return new Comparison(0, reason);
  }

  public boolean isError() {
    return error != null;
  }

  /** The CLI form: {@code -1}, {@code 0}, {@code 1} or {@code ERR <reason>}. */
  @Override
  public String toString() {
    return isError() ? "ERR " + error : Integer.toString(order);
  }
}
