package io.vigil.sbom.intake;

import io.vigil.core.sbom.SbomDocument;
import io.vigil.core.sbom.SbomLimits;
import io.vigil.core.sbom.SbomParseException;
import io.vigil.core.sbom.SbomParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What ingest-sbom does with a document, whether it came over HTTP, from Kafka or from {@code vigil
 * sbom inspect}: parse it (within {@link SbomLimits}), validate it against its schema, apply
 * Vigil's own component rules ({@link ComponentChecks}: bounded fields, identifiers without control
 * characters, purls that parse, unique bom-refs), then accept or reject it.
 *
 * <p>Strict (the default): any violation rejects the document, and the violations are listed (at
 * most {@link #MAX_REPORTED}: collection stops there). Lenient: a document that parses is accepted
 * and its violations become warnings; a component that could not be published or keyed safely is
 * left out. A document that does not parse at all, or exceeds a limit, is rejected in both modes.
 * Pure: bytes in, result out.
 */
public final class SbomIntake {
  /**
   * At most this many violations are collected and carried in responses, statuses, dead letters.
   */
  public static final int MAX_REPORTED = 1000;

  private SbomIntake() {}

  /**
   * How to read a document.
   *
   * @param lenient accept what parses, violations become warnings
   * @param schemaValidation false to skip the schema step (only for a document whose schema
   *     ingest-sbom's own HTTP API checked, as its attestation proves); Vigil's component rules
   *     always apply
   * @param limits the work one document may ask for
   */
  public record Options(boolean lenient, boolean schemaValidation, SbomLimits limits) {
    public static Options strict() {
      return new Options(false, true, SbomLimits.DEFAULT);
    }

    public Options withLenient(boolean value) {
      return new Options(value, schemaValidation, limits);
    }

    public Options withSchemaValidation(boolean value) {
      return new Options(lenient, value, limits);
    }

    public Options withLimits(SbomLimits value) {
      return new Options(lenient, schemaValidation, value);
    }
  }

  /**
   * Outcome of reading one document.
   *
   * @param document what to ingest (in lenient mode without the components left out), or null when
   *     the document did not parse
   * @param violations the violations found (at most {@link #MAX_REPORTED})
   * @param warnings the parser's warnings and, in lenient mode, the violations
   * @param accepted whether the document is ingested
   * @param invalidPurls purls of the document that do not parse
   * @param violationsTruncated true when collection stopped at {@link #MAX_REPORTED} with more left
   */
  public record Result(
      SbomDocument document,
      List<Violation> violations,
      List<String> warnings,
      boolean accepted,
      Set<String> invalidPurls,
      boolean violationsTruncated) {
    public Result {
      violations = List.copyOf(violations);
      warnings = List.copyOf(warnings);
      invalidPurls = Set.copyOf(invalidPurls);
    }

    /**
     * The violations as {@code path: message} lines (at most {@link #MAX_REPORTED}), and when
     * collection stopped at the cap, a last line saying so.
     */
    public List<String> violationLines() {
      List<String> lines = new ArrayList<>(violations.size() + 1);
      violations.forEach(v -> lines.add(v.toString()));
      if (violationsTruncated) {
        lines.add(truncationNote());
      }
      return lines;
    }

    /** A one-line reason for a rejection. */
    public String reason() {
      if (violations.isEmpty()) {
        return "accepted";
      }
      String first = violations.get(0).toString();
      return violations.size() == 1 && !violationsTruncated
          ? "invalid SBOM: " + first
          : "invalid SBOM: "
              + violations.size()
              + (violationsTruncated ? " or more" : "")
              + " violations, first: "
              + first;
    }
  }

  /** The line that ends a list of violations cut at the cap. */
  public static String truncationNote() {
    return "$: more violations not listed (collection stops at " + MAX_REPORTED + ")";
  }

  /** Reads, validates against the schema and checks the components (default limits). */
  public static Result read(byte[] bytes, boolean lenient) {
    return read(bytes, Options.strict().withLenient(lenient));
  }

  public static Result read(byte[] bytes, Options options) {
    byte[] body = SbomParser.stripUtf8Bom(bytes);
    SbomDocument doc;
    try {
      doc = SbomParser.parse(body, options.limits());
    } catch (SbomParseException e) {
      List<Violation> v = new ArrayList<>();
      e.violations().stream().limit(MAX_REPORTED).forEach(m -> v.add(new Violation("$", m)));
      return new Result(null, v, List.of(), false, Set.of(), false);
    }
    Violations violations = new Violations(MAX_REPORTED);
    if (options.schemaValidation()) {
      SchemaValidator.validate(body, doc, violations);
    }
    Set<String> invalidPurls = new HashSet<>();
    SbomDocument ingested = ComponentChecks.check(doc, options.lenient(), violations, invalidPurls);
    List<String> warnings = new ArrayList<>(doc.warnings());
    List<Violation> found = violations.list();
    if (found.isEmpty()) {
      return new Result(ingested, List.of(), warnings, true, invalidPurls, false);
    }
    if (!options.lenient()) {
      return new Result(ingested, found, warnings, false, invalidPurls, violations.truncated());
    }
    found.forEach(v -> warnings.add(v.toString()));
    if (violations.truncated()) {
      warnings.add(truncationNote());
    }
    return new Result(ingested, found, warnings, true, invalidPurls, violations.truncated());
  }
}
