package io.vigil.core.osv;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * One streaming pass over a record's JSON that reads its id, withdrawal, aliases, upstream and
 * severities (top-level, {@code database_specific.severity}, each {@code affected[].severity}) and
 * the packages it names. When the caller wants none of those packages, that summary is the record:
 * a scan never evaluates it (it names none of the SBOM's packages), only counts it; its identity
 * and severity are kept so that it still reads as the same vulnerability to anything grouping
 * records (M9). Otherwise the full record is bound.
 *
 * <p>A summary is made only of a record that {@link OsvSalvage} would use: a non-blank id, an RFC
 * 3339 {@code modified} (and {@code withdrawn} when present), an {@code affected} array whose
 * entries' packages have a string ecosystem and name. Any other record is read in full, so it is
 * skipped or trimmed, with the reason, exactly as without summaries. The one difference left: a
 * record none of whose entries keeps a usable range or version (every range broken) is skipped by
 * {@link OsvSalvage} but counted as a summary; it names none of the SBOMs' packages either way.
 *
 * <p>This is what keeps {@code vigil scan} of one image against a whole distro feed (tens of
 * thousands of records, of which a few hundred name the image's packages) within its time budget: a
 * summary costs a tokenizer pass, while binding every range and versions list of every record, and
 * collecting them, cost as much again.
 */
final class OsvRecordSummary {
  private OsvRecordSummary() {}

  private static final JsonFactory FACTORY = new JsonFactory();

  /** Thrown inside the pass when the JSON is not shaped as expected: bind it fully instead. */
  private static final class Unexpected extends Exception {
    Unexpected() {
      super(null, null, false, false);
    }
  }

  /**
   * The summary of {@code bytes}, or null when the record names a wanted package (or is not shaped
   * like one record): the caller binds it fully then, which also reports any error.
   */
  static OsvRecord summaryUnlessWanted(byte[] bytes, Predicate<OsvRecord.Package> wanted) {
    try (JsonParser p = FACTORY.createParser(bytes)) {
      return read(p, wanted);
    } catch (IOException | Unexpected | RuntimeException e) {
      return null;
    }
  }

  /**
   * The summary {@link #summaryUnlessWanted} makes when no package is wanted, with every package
   * the record names passed to {@code named} in order; null when the record is not shaped so that a
   * summary could be made of it (it is then always read in full).
   */
  static OsvRecord summaryNaming(
      byte[] bytes, java.util.function.Consumer<OsvRecord.Package> named) {
    return summaryUnlessWanted(
        bytes,
        pkg -> {
          named.accept(pkg);
          return false;
        });
  }

  private static OsvRecord read(JsonParser p, Predicate<OsvRecord.Package> wanted)
      throws IOException, Unexpected {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new Unexpected();
    }
    String id = null;
    String modified = null;
    String withdrawn = null;
    List<String> aliases = List.of();
    List<String> upstream = List.of();
    List<OsvRecord.Severity> severity = List.of();
    Object databaseSeverity = null;
    List<OsvRecord.Affected> affected = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      switch (field) {
        case "id" -> id = string(p, t);
        case "modified" -> modified = string(p, t);
        case "withdrawn" -> withdrawn = t == JsonToken.VALUE_NULL ? null : string(p, t);
        case "aliases" -> aliases = strings(p, t);
        case "upstream" -> upstream = strings(p, t);
        case "severity" -> severity = severities(p, t);
        case "database_specific" -> databaseSeverity = databaseSeverity(p, t);
        case "affected" -> {
          if (t == JsonToken.VALUE_NULL) {
            break;
          }
          if (t != JsonToken.START_ARRAY) {
            throw new Unexpected();
          }
          while (p.nextToken() == JsonToken.START_OBJECT) {
            OsvRecord.Affected a = affected(p, wanted);
            if (a == null) {
              return null; // a wanted package: bind the whole record
            }
            affected.add(a);
          }
        }
        default -> p.skipChildren();
      }
    }
    // what OsvSalvage requires of a record to use it at all: anything else is read in full, so
    // that it is skipped, with the reason, exactly as without summaries
    if (id == null
        || id.isBlank()
        || modified == null
        || !OsvTime.isTime(modified)
        || (withdrawn != null && !OsvTime.isTime(withdrawn))) {
      return null;
    }
    return new OsvRecord(
        id,
        null,
        null,
        withdrawn,
        aliases,
        upstream,
        List.of(),
        null,
        severity,
        affected,
        databaseSeverity == null ? null : new OsvRecord.DatabaseSpecific(databaseSeverity));
  }

  /** One affected entry reduced to its severity, or null when its package is wanted. */
  private static OsvRecord.Affected affected(JsonParser p, Predicate<OsvRecord.Package> wanted)
      throws IOException, Unexpected {
    String ecosystem = null;
    String name = null;
    String purl = null;
    boolean hasPackage = false;
    List<OsvRecord.Severity> severity = List.of();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (field.equals("package") && t != JsonToken.START_OBJECT && t != JsonToken.VALUE_NULL) {
        throw new Unexpected(); // OsvSalvage drops the entry: read the record in full
      } else if (field.equals("package") && t == JsonToken.START_OBJECT) {
        hasPackage = true;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String pf = p.currentName();
          JsonToken pt = p.nextToken();
          switch (pf) {
            case "ecosystem" -> ecosystem = string(p, pt);
            case "name" -> name = string(p, pt);
            case "purl" -> purl = string(p, pt);
            default -> p.skipChildren();
          }
        }
      } else if (field.equals("severity")) {
        severity = severities(p, t);
      } else {
        p.skipChildren();
      }
    }
    if (hasPackage && (ecosystem == null || name == null)) {
      throw new Unexpected(); // OsvSalvage drops the entry: read the record in full
    }
    if (ecosystem != null
        && name != null
        && wanted.test(new OsvRecord.Package(ecosystem, name, purl))) {
      return null;
    }
    return new OsvRecord.Affected(null, List.of(), List.of(), severity);
  }

  private static String string(JsonParser p, JsonToken t) throws IOException, Unexpected {
    if (t != JsonToken.VALUE_STRING) {
      throw new Unexpected();
    }
    return p.getText();
  }

  private static List<String> strings(JsonParser p, JsonToken t) throws IOException, Unexpected {
    if (t == JsonToken.VALUE_NULL) {
      return List.of();
    }
    if (t != JsonToken.START_ARRAY) {
      throw new Unexpected();
    }
    List<String> out = new ArrayList<>();
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      out.add(string(p, t));
    }
    return out;
  }

  private static List<OsvRecord.Severity> severities(JsonParser p, JsonToken t)
      throws IOException, Unexpected {
    if (t == JsonToken.VALUE_NULL) {
      return List.of();
    }
    if (t != JsonToken.START_ARRAY) {
      throw new Unexpected();
    }
    List<OsvRecord.Severity> out = new ArrayList<>();
    while (p.nextToken() == JsonToken.START_OBJECT) {
      String type = null;
      String score = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String f = p.currentName();
        JsonToken ft = p.nextToken();
        switch (f) {
          case "type" -> type = string(p, ft);
          case "score" -> score = ft.isScalarValue() ? p.getText() : null;
          default -> p.skipChildren();
        }
      }
      out.add(new OsvRecord.Severity(type, score));
    }
    if (p.currentToken() != JsonToken.END_ARRAY) {
      throw new Unexpected();
    }
    return out;
  }

  /** {@code database_specific.severity}: kept as bound (a string, or another JSON value). */
  private static Object databaseSeverity(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      return null;
    }
    Object severity = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      JsonToken ft = p.nextToken();
      if (f.equals("severity") && ft == JsonToken.VALUE_STRING) {
        severity = p.getText();
      } else if (f.equals("severity") && ft != JsonToken.VALUE_NULL) {
        severity = Boolean.TRUE; // bound as a non-string: never a severity word
        p.skipChildren();
      } else {
        p.skipChildren();
      }
    }
    return severity;
  }
}
