package io.vigil.sbom.intake;

import io.vigil.core.sbom.SbomComponent;
import io.vigil.core.sbom.SbomDocument;
import io.vigil.core.sbom.SbomParseException;
import io.vigil.core.sbom.SbomParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What ingest-sbom does with a document, whether it came over HTTP, from Kafka or from {@code vigil
 * sbom inspect}: parse it, validate it against its schema and check every purl, then accept or
 * reject it.
 *
 * <p>Strict (the default): any violation rejects the document, and every violation is listed.
 * Lenient: a document that parses is accepted and its violations become warnings. A document that
 * does not parse at all is rejected in both modes. Pure: bytes in, result out.
 */
public final class SbomIntake {
  /** At most this many violations are carried in responses, status records and dead letters. */
  public static final int MAX_REPORTED = 1000;

  private SbomIntake() {}

  /** Outcome of reading one document. */
  public record Result(
      SbomDocument document,
      List<Violation> violations,
      List<String> warnings,
      boolean accepted,
      Set<String> invalidPurls) {
    public Result {
      violations = List.copyOf(violations);
      warnings = List.copyOf(warnings);
      invalidPurls = Set.copyOf(invalidPurls);
    }

    /** The violations as {@code path: message} lines, capped at {@link #MAX_REPORTED}. */
    public List<String> violationLines() {
      return cap(violations.stream().map(Violation::toString).toList(), MAX_REPORTED);
    }

    /** A one-line reason for a rejection. */
    public String reason() {
      if (violations.isEmpty()) {
        return "accepted";
      }
      String first = violations.get(0).toString();
      return violations.size() == 1
          ? "invalid SBOM: " + first
          : "invalid SBOM: " + violations.size() + " violations, first: " + first;
    }
  }

  /** Reads, validates against the schema and checks purls. */
  public static Result read(byte[] bytes, boolean lenient) {
    return read(bytes, lenient, true);
  }

  /**
   * @param schemaValidation false to skip the schema step (the document was validated already, by
   *     the HTTP API that accepted it)
   */
  public static Result read(byte[] bytes, boolean lenient, boolean schemaValidation) {
    return read(bytes, lenient, schemaValidation, true);
  }

  /**
   * @param purlCheck false to skip checking purls (already checked by the HTTP API); a purl that
   *     does not parse still gets no package key downstream
   */
  public static Result read(
      byte[] bytes, boolean lenient, boolean schemaValidation, boolean purlCheck) {
    byte[] body = SbomParser.stripUtf8Bom(bytes);
    SbomDocument doc;
    try {
      doc = SbomParser.parse(body);
    } catch (SbomParseException e) {
      List<Violation> v = new ArrayList<>();
      e.violations().forEach(m -> v.add(new Violation("$", m)));
      return new Result(null, v, List.of(), false, Set.of());
    }
    List<Violation> violations = new ArrayList<>();
    if (schemaValidation) {
      violations.addAll(SchemaValidator.validate(body, doc));
    }
    Set<String> invalidPurls = new HashSet<>();
    if (purlCheck) {
      violations.addAll(purlViolations(doc, invalidPurls));
    }
    List<String> warnings = new ArrayList<>(doc.warnings());
    if (violations.isEmpty()) {
      return new Result(doc, List.of(), warnings, true, invalidPurls);
    }
    if (!lenient) {
      return new Result(doc, violations, warnings, false, invalidPurls);
    }
    violations.forEach(v -> warnings.add(v.toString()));
    return new Result(doc, violations, warnings, true, invalidPurls);
  }

  /** Every purl (of the subject and of each component) that does not parse. */
  static List<Violation> purlViolations(SbomDocument doc, Set<String> invalid) {
    List<Violation> out = new ArrayList<>();
    if (doc.subject() != null && doc.subject().purl() != null) {
      check(doc.subject(), out, invalid);
    }
    for (SbomComponent c : doc.components()) {
      if (c.purl() != null && c != doc.subject()) {
        check(c, out, invalid);
      }
    }
    return out;
  }

  private static void check(SbomComponent c, List<Violation> out, Set<String> invalid) {
    String problem = Purls.problem(c.purl());
    if (problem != null) {
      invalid.add(c.purl());
      out.add(
          new Violation(
              (c.location() == null ? c.label() : c.location()) + " purl",
              "'" + c.purl() + "' is not a valid package URL: " + problem));
    }
  }

  static <T> List<T> cap(List<T> list, int max) {
    return list.size() <= max ? list : list.subList(0, max);
  }
}
