package io.vigil.core.fix;

/**
 * What upgrade ends a set of findings of one component (one advisory: the fix of an exposure; all
 * of them: the fix of the component).
 *
 * @param current the component's version
 * @param smallest the smallest version above it that none of the findings' advisories affects (nor
 *     leaves indeterminate), trying the advisories' fixed versions in ascending order ({@code
 *     Matcher.smallestFixingUpgrade})
 * @param sameLine the smallest such version on the component's major.minor line, else on its major
 *     line; null when only a new major version fixes it. The search is the same, restricted to the
 *     line; since lower lines sort first, when it exists it is {@code smallest} itself, which it
 *     confirms rather than assumes
 * @param change how far {@code smallest} is from {@code current}
 * @param crossesMajor true when {@code smallest} is on a later major version (or epoch): expect
 *     breaking changes
 */
public record FixAdvice(
    String current, String smallest, String sameLine, Change change, boolean crossesMajor) {

  /** How far an upgrade goes. */
  public enum Change {
    /** Same major.minor line: a patch release. */
    PATCH,
    /** Same major line. */
    MINOR,
    /** A later major version (or epoch). */
    MAJOR,
    /** A version without a numeric line: nothing is claimed. */
    UNKNOWN
  }

  /** The version to recommend: on the current line when one fixes it, else the smallest. */
  public String recommended() {
    return sameLine != null ? sameLine : smallest;
  }
}
