package io.vigil.sbom.intake;

import io.vigil.core.sbom.SbomComponent;
import io.vigil.core.sbom.SbomDocument;
import io.vigil.core.sbom.SbomFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Vigil's own rules for every component of a document (and its subject), whatever its format and
 * schema allow:
 *
 * <ul>
 *   <li><b>bounded fields</b>: no field longer than its limit (a purl or bom-ref of 4,096
 *       characters, a name, group, version or CPE of 1,024, ...), so that no component event can
 *       grow past what Kafka accepts;
 *   <li><b>identifiers without control characters</b> (U+0000–U+001F, U+007F–U+009F: NUL, BEL, and
 *       the U+001E / U+001F separators of store keys) in the purl, name, group, version, bom-ref
 *       and CPE;
 *   <li><b>purls that parse</b> ({@link Purls});
 *   <li><b>unique bom-refs</b> (CycloneDX requires them; an SPDX package's SPDXID likewise).
 * </ul>
 *
 * Each broken rule is a violation naming the field's path (strict mode rejects the document on it,
 * lenient mode turns it into a warning). Lenient: a component with an unbounded field or a control
 * character is also left out (it could not be published or keyed safely, and its violation says
 * so); a component whose purl does not parse, or whose bom-ref repeats another, is kept.
 */
final class ComponentChecks {
  static final int MAX_PURL = 4_096;
  static final int MAX_BOM_REF = 4_096;
  static final int MAX_IDENTIFIER = 1_024;
  static final int MAX_KEYWORD = 256;
  static final int MAX_HASH_OR_LICENSE = 1_024;
  static final int MAX_HASHES = 64;
  static final int MAX_LICENSES = 64;

  private ComponentChecks() {}

  /**
   * Checks every component and the subject.
   *
   * @param violations where the violations go
   * @param invalidPurls filled with the purls that do not parse
   * @return the document to ingest: the same one, or in lenient mode without the components that
   *     were left out
   */
  static SbomDocument check(
      SbomDocument doc, boolean lenient, Violations violations, Set<String> invalidPurls) {
    List<SbomComponent> kept = new ArrayList<>(doc.components().size());
    boolean dropped = false;
    SbomComponent subject = doc.subject();
    boolean subjectListed = subject != null && doc.components().contains(subject);
    if (subject != null && !subjectListed && !usable(doc.format(), subject, violations, lenient)) {
      subject = null;
      dropped = true;
    }
    Map<String, String> bomRefs = new HashMap<>();
    for (SbomComponent c : doc.components()) {
      if (!usable(doc.format(), c, violations, lenient)) {
        dropped = true;
        if (c == subject) {
          subject = null;
        }
        continue;
      }
      kept.add(c);
      purl(doc.format(), c, violations, invalidPurls);
      duplicate(doc.format(), c, bomRefs, violations);
    }
    if (subject != null && !subjectListed && subject.purl() != null) {
      purl(doc.format(), subject, violations, invalidPurls);
    }
    if (subject != null && !subjectListed) {
      duplicate(doc.format(), subject, bomRefs, violations);
    }
    return dropped
        ? new SbomDocument(doc.format(), doc.specVersion(), subject, kept, doc.warnings())
        : doc;
  }

  /** False when the component breaks a bound or has a control character in an identifier. */
  private static boolean usable(
      SbomFormat format, SbomComponent c, Violations violations, boolean lenient) {
    List<Violation> problems = new ArrayList<>(0);
    identifier(format, c, "purl", c.purl(), MAX_PURL, problems);
    identifier(format, c, "bom-ref", c.bomRef(), MAX_BOM_REF, problems);
    identifier(format, c, "name", c.name(), MAX_IDENTIFIER, problems);
    identifier(format, c, "group", c.group(), MAX_IDENTIFIER, problems);
    identifier(format, c, "version", c.version(), MAX_IDENTIFIER, problems);
    identifier(format, c, "cpe", c.cpe(), MAX_IDENTIFIER, problems);
    bounded(format, c, "type", c.type(), MAX_KEYWORD, problems);
    bounded(format, c, "scope", c.scope(), MAX_KEYWORD, problems);
    if (c.hashes().size() > MAX_HASHES) {
      problems.add(
          new Violation(
              Fields.path(format, c, "hashes"),
              c.hashes().size() + " hashes, more than the " + MAX_HASHES + " Vigil accepts"));
    }
    for (SbomComponent.Hash h : c.hashes()) {
      bounded(format, c, "hashes", h.algorithm(), MAX_HASH_OR_LICENSE, problems);
      bounded(format, c, "hashes", h.value(), MAX_HASH_OR_LICENSE, problems);
    }
    if (c.licenses().size() > MAX_LICENSES) {
      problems.add(
          new Violation(
              Fields.path(format, c, "licenses"),
              c.licenses().size() + " licenses, more than the " + MAX_LICENSES + " Vigil accepts"));
    }
    for (String license : c.licenses()) {
      bounded(format, c, "licenses", license, MAX_HASH_OR_LICENSE, problems);
    }
    if (problems.isEmpty()) {
      return true;
    }
    for (Violation v : problems) {
      violations.add(
          lenient ? new Violation(v.path(), v.message() + "; the component is left out") : v);
    }
    return false;
  }

  private static void identifier(
      SbomFormat format,
      SbomComponent c,
      String field,
      String value,
      int max,
      List<Violation> problems) {
    if (value == null) {
      return;
    }
    if (value.length() > max) {
      problems.add(tooLong(format, c, field, value, max));
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (Character.isISOControl(ch)) {
        problems.add(
            new Violation(
                Fields.path(format, c, field),
                Violation.quote(value)
                    + " contains the control character "
                    + String.format("U+%04X", (int) ch)
                    + " at index "
                    + i
                    + " (identifiers must not contain control characters)"));
        return;
      }
    }
  }

  private static void bounded(
      SbomFormat format,
      SbomComponent c,
      String field,
      String value,
      int max,
      List<Violation> problems) {
    if (value != null && value.length() > max) {
      problems.add(tooLong(format, c, field, value, max));
    }
  }

  private static Violation tooLong(
      SbomFormat format, SbomComponent c, String field, String value, int max) {
    return new Violation(
        Fields.path(format, c, field),
        "is "
            + value.length()
            + " characters long, more than the "
            + max
            + " Vigil accepts: "
            + Violation.quote(value));
  }

  private static void purl(
      SbomFormat format, SbomComponent c, Violations violations, Set<String> invalidPurls) {
    if (c.purl() == null) {
      return;
    }
    String problem = Purls.problem(c.purl());
    if (problem == null) {
      return;
    }
    invalidPurls.add(c.purl());
    Violation v =
        new Violation(
            Fields.path(format, c, "purl"),
            Violation.quote(c.purl())
                + " is not a valid package URL: "
                + Violation.printable(problem));
    violations.add(v);
  }

  private static void duplicate(
      SbomFormat format, SbomComponent c, Map<String, String> bomRefs, Violations violations) {
    if (c.bomRef() == null || c.bomRef().isEmpty()) {
      return;
    }
    String where = c.location() == null ? c.label() : c.location();
    String first = bomRefs.putIfAbsent(c.bomRef(), where);
    if (first == null || first.equals(where)) {
      return; // new, or the same SPDX package again (one component per purl)
    }
    Violation v =
        new Violation(
            Fields.path(format, c, "bom-ref"),
            Violation.quote(c.bomRef())
                + " is also the "
                + Fields.name(format, "bom-ref")
                + " of "
                + first
                + " ("
                + Fields.name(format, "bom-ref")
                + "s must be unique)");
    violations.add(v);
  }
}
