package io.vigil.core.osv;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A usable OSV record's JSON tree ({@link OsvSalvage} made every field the type it must be) bound
 * to an {@link OsvRecord}: the fields matching reads, straight from the tree.
 */
final class OsvBinder {
  private OsvBinder() {}

  /**
   * A usable record ({@link OsvSalvage} made every field the type it must be) as an {@link
   * OsvRecord}: the fields matching reads, straight from the tree (binding it through Jackson again
   * doubled the reading time of {@code vigil scan}).
   */
  static OsvRecord bind(JsonNode r) {
    JsonNode db = r.get("database_specific");
    return new OsvRecord(
        text(r, "id"),
        text(r, "modified"),
        text(r, "published"),
        text(r, "withdrawn"),
        texts(r.get("aliases")),
        texts(r.get("upstream")),
        texts(r.get("related")),
        text(r, "summary"),
        severities(r.get("severity")),
        affected(r.get("affected")),
        db == null || !db.isObject() ? null : new OsvRecord.DatabaseSpecific(severityWord(db)));
  }

  private static Object severityWord(JsonNode db) {
    JsonNode v = db.get("severity");
    return v == null || v.isNull() ? null : v.isTextual() ? v.asText() : v;
  }

  private static List<OsvRecord.Affected> affected(JsonNode list) {
    if (list == null || !list.isArray()) {
      return List.of();
    }
    List<OsvRecord.Affected> out = new ArrayList<>(list.size());
    for (JsonNode a : list) {
      JsonNode p = a.get("package");
      OsvRecord.Package pkg =
          p == null || !p.isObject()
              ? null
              : new OsvRecord.Package(text(p, "ecosystem"), text(p, "name"), text(p, "purl"));
      List<OsvRecord.Range> ranges = new ArrayList<>();
      JsonNode rs = a.get("ranges");
      if (rs != null && rs.isArray()) {
        for (JsonNode rg : rs) {
          List<OsvRecord.Event> events = new ArrayList<>();
          for (JsonNode ev : rg.path("events")) {
            events.add(
                new OsvRecord.Event(
                    text(ev, "introduced"),
                    text(ev, "fixed"),
                    text(ev, "last_affected"),
                    text(ev, "limit")));
          }
          ranges.add(new OsvRecord.Range(text(rg, "type"), text(rg, "repo"), events));
        }
      }
      out.add(
          new OsvRecord.Affected(
              pkg, ranges, texts(a.get("versions")), severities(a.get("severity"))));
    }
    return out;
  }

  private static List<OsvRecord.Severity> severities(JsonNode list) {
    if (list == null || !list.isArray()) {
      return List.of();
    }
    List<OsvRecord.Severity> out = new ArrayList<>(list.size());
    for (JsonNode v : list) {
      out.add(new OsvRecord.Severity(text(v, "type"), text(v, "score")));
    }
    return out;
  }

  private static List<String> texts(JsonNode list) {
    if (list == null || !list.isArray()) {
      return List.of();
    }
    List<String> out = new ArrayList<>(list.size());
    for (JsonNode v : list) {
      out.add(v.asText());
    }
    return out;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }
}
