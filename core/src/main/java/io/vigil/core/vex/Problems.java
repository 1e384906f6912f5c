package io.vigil.core.vex;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Errors (the document is rejected) and warnings (it is read, and the reader is told) found while
 * reading one document, each as {@code path: message}. For XML the path is the one of the
 * equivalent JSON, followed by the source line.
 */
final class Problems {
  final List<String> errors = new ArrayList<>();
  final List<String> warnings = new ArrayList<>();
  private final Map<JsonNode, Integer> lines;

  Problems(Map<JsonNode, Integer> lines) {
    this.lines = lines;
  }

  void error(String path, JsonNode at, String message) {
    errors.add(where(path, at) + ": " + message);
  }

  void warn(String path, JsonNode at, String message) {
    warnings.add(where(path, at) + ": " + message);
  }

  void throwIfAny() throws InvalidVexException {
    if (!errors.isEmpty()) {
      throw new InvalidVexException(errors);
    }
  }

  private String where(String path, JsonNode at) {
    Integer line = at == null || lines == null ? null : lines.get(at);
    return line == null ? path : path + " (line " + line + ")";
  }

  /** A trimmed, non-empty text value, or null. */
  static String text(JsonNode n, String field) {
    if (n == null) {
      return null;
    }
    JsonNode v = n.get(field);
    if (v == null || !v.isValueNode() || v.isNull()) {
      return null;
    }
    String s = v.asText().strip();
    return s.isEmpty() ? null : s;
  }

  /** The elements of an array field (empty when absent or not an array). */
  static List<JsonNode> array(JsonNode n, String field) {
    List<JsonNode> out = new ArrayList<>();
    JsonNode v = n == null ? null : n.get(field);
    if (v != null && v.isArray()) {
      v.forEach(out::add);
    }
    return out;
  }

  /** An RFC 3339 timestamp, or null (with a warning) when it does not parse. */
  Instant instant(JsonNode n, String field, String path) {
    String s = text(n, field);
    if (s == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e2) {
        warn(path + "." + field, n, "'" + s + "' is not an RFC 3339 timestamp; ignored");
        return null;
      }
    }
  }
}
