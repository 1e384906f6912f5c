package io.vigil.advisories;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Validates OSV records against the OSV JSON schema (draft 2020-12, shipped in this jar with its
 * provenance) with networknt json-schema-validator 2.0.x. Thread-safe: the compiled schema is
 * shared.
 *
 * <p>The schema no longer decides what is published: {@link io.vigil.core.osv.OsvSalvage} does
 * (records osv.dev and osv-scanner use must not be lost to a pattern). What the schema still
 * rejects in a usable record is reported as a tolerated deviation, with networknt's paths.
 *
 * <p>The valid path is fast: {@link OsvSchemaFastPath}, the same schema compiled by hand, vouches
 * for a record in a few microseconds (networknt takes ~0.1 ms: it evaluates every {@code oneOf}
 * branch and builds messages for the branches that fail). A record it does not vouch for is
 * validated by networknt, which decides and gives the reason, so the verdict and the message of
 * every rejected record are networknt's.
 */
public final class OsvValidator {
  private static final String RESOURCE = "/io/vigil/advisories/osv-schema.json";
  private static final int MAX_REPORTED = 5;

  private final Schema schema;
  private final OsvSchemaFastPath fastPath;

  /**
   * Whether the hand-compiled valid path is on (the shipped schema is the one it was written for).
   */
  boolean hasFastPath() {
    return fastPath != null;
  }

  public OsvValidator() {
    try (InputStream in = OsvValidator.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " missing from the jar");
      }
      byte[] bytes = in.readAllBytes();
      schema =
          SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
              .getSchema(new ByteArrayInputStream(bytes));
      fastPath =
          OsvSchemaFastPath.forSchema(
              new ObjectMapper().readTree(bytes), OsvNormalizer.sha256(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Null when valid, else the reason: each violation with its JSON path (the first few). */
  public String violations(JsonNode record) {
    if (fastPath != null && fastPath.certainlyValid(record)) {
      return null;
    }
    return schemaViolations(record);
  }

  /** {@link #violations} by networknt alone (no fast path): the reference the tests compare to. */
  String schemaViolations(JsonNode record) {
    List<Error> errors = schema.validate(record);
    if (errors.isEmpty()) {
      return null;
    }
    String shown =
        errors.stream()
            .limit(MAX_REPORTED)
            .map(e -> e.getKeyword() + " at " + path(e) + ": " + e.getMessage())
            .collect(Collectors.joining("; "));
    return "fails the OSV schema ("
        + errors.size()
        + (errors.size() == 1 ? " violation" : " violations")
        + "): "
        + shown
        + (errors.size() > MAX_REPORTED ? "; ..." : "");
  }

  private static String path(Error e) {
    String p = e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString();
    return p.isEmpty() ? "$" : p;
  }
}
