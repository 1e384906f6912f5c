package io.vigil.correlator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.correlator.QueryPage.Item;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.AffectedPackage;
import io.vigil.events.v1.AffectedRange;
import io.vigil.events.v1.RangeEvent;
import io.vigil.events.v1.Severity;
import java.util.Comparator;
import java.util.List;

/**
 * The JSON of {@code GET /api/v1/advisories/{id}}: what the correlator holds of an advisory (its
 * per-package records carry no {@code details}): id, summary, aliases, severities, dates and, per
 * package it lists, the affected ranges and versions as published.
 */
final class AdvisoryJson {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private AdvisoryJson() {}

  /** One package's record of the advisory. */
  static ObjectNode node(Advisory a) {
    ObjectNode n = JSON.objectNode();
    n.put("id", a.getId());
    n.put("summary", a.getSummary());
    ArrayNode aliases = n.putArray("aliases");
    a.getAliases().forEach(aliases::add);
    ArrayNode upstream = n.putArray("upstream");
    a.getUpstream().forEach(upstream::add);
    n.put("modified", a.getModified().toString());
    n.put("published", a.getPublished() == null ? null : a.getPublished().toString());
    n.put("databaseSeverity", a.getDatabaseSeverity());
    ArrayNode sev = n.putArray("severities");
    for (Severity s : a.getSeverities()) {
      ObjectNode o = sev.addObject();
      o.put("type", s.getType());
      o.put("vector", s.getScore());
      if (s.getBaseScore() != null) {
        o.put("baseScore", s.getBaseScore());
      }
    }
    ArrayNode affected = n.putArray("affected");
    for (AffectedPackage p : a.getAffected()) {
      ObjectNode o = affected.addObject();
      o.put("ecosystem", p.getEcosystem());
      o.put("name", p.getName());
      o.put("packageKey", p.getPackageKey());
      ArrayNode ranges = o.putArray("ranges");
      for (AffectedRange r : p.getRanges()) {
        ObjectNode ro = ranges.addObject();
        ro.put("type", r.getType().name());
        ArrayNode events = ro.putArray("events");
        for (RangeEvent e : r.getEvents()) {
          events
              .addObject()
              .put(e.getKind().name().toLowerCase(java.util.Locale.ROOT), e.getVersion());
        }
      }
      ArrayNode versions = o.putArray("versions");
      p.getVersions().forEach(versions::add);
    }
    return n;
  }

  /**
   * The answer: the common fields of the first package's record, and the affected entries of every
   * package, in package key order.
   */
  static ObjectNode merge(String id, List<String> packages, List<Item> records) {
    ObjectNode out = JSON.objectNode();
    out.put("id", id);
    ArrayNode pk = out.putArray("packages");
    packages.forEach(pk::add);
    ArrayNode affected = JSON.arrayNode();
    List<Item> sorted =
        records.stream().sorted(Comparator.comparing(Item::key, QueryPage.ORDER)).toList();
    for (Item i : sorted) {
      JsonNode rec = i.item();
      if (!out.has("summary")) {
        rec.fields()
            .forEachRemaining(
                f -> {
                  if (!f.getKey().equals("affected") && !f.getKey().equals("id")) {
                    out.set(f.getKey(), f.getValue());
                  }
                });
      }
      // each package's record holds that package's entries only
      rec.path("affected").forEach(affected::add);
    }
    out.set("affected", affected);
    return out;
  }
}
