package io.vigil.core.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** CycloneDX JSON: the document's {@link SbomMetadata} and a component's supplier. */
final class CycloneDxMetadata {
  private CycloneDxMetadata() {}

  /** The metadata of a document whose {@code metadata} object is {@code metadata} (or null). */
  static SbomMetadata of(JsonNode metadata, Map<String, List<String>> dependsOn) {
    Set<String> refs = dependencyRefs(dependsOn);
    if (metadata == null || !metadata.isObject()) {
      return new SbomMetadata(null, List.of(), List.of(), null, List.of(), List.of(), refs);
    }
    List<String> authors = new ArrayList<>();
    for (JsonNode a : metadata.path("authors")) {
      String who = first(CycloneDxTree.text(a, "name"), CycloneDxTree.text(a, "email"));
      if (who != null) {
        authors.add(who);
      }
    }
    List<SbomMetadata.Property> properties = new ArrayList<>();
    properties(metadata.path("properties"), properties);
    JsonNode subject = metadata.path("component");
    properties(subject.path("properties"), properties);
    List<String> tags = new ArrayList<>();
    for (JsonNode t : subject.path("tags")) {
      if (t.isTextual() && !t.asText().isBlank()) {
        tags.add(t.asText());
      }
    }
    return new SbomMetadata(
        CycloneDxTree.text(metadata, "timestamp"),
        authors,
        tools(metadata.path("tools")),
        first(
            name(metadata.path("supplier")),
            name(metadata.path("manufacturer")),
            name(metadata.path("manufacture"))),
        properties,
        tags,
        refs);
  }

  /** Every reference the graph names, as a {@code ref} or in a {@code dependsOn}. */
  static Set<String> dependencyRefs(Map<String, List<String>> dependsOn) {
    Set<String> refs = new LinkedHashSet<>();
    dependsOn.forEach(
        (ref, on) -> {
          refs.add(ref);
          refs.addAll(on);
        });
    return refs;
  }

  /**
   * Who supplied a component: {@code supplier.name}, {@code manufacturer.name}, {@code publisher},
   * {@code author}, {@code authors[0].name}; null when none.
   */
  static String supplier(JsonNode c) {
    JsonNode authors = c.path("authors");
    return first(
        name(c.path("supplier")),
        name(c.path("manufacturer")),
        CycloneDxTree.text(c, "publisher"),
        CycloneDxTree.text(c, "author"),
        authors.isArray() && !authors.isEmpty() ? name(authors.get(0)) : null);
  }

  /** Tools in both forms: the legacy array, and {@code {components: [], services: []}} (1.5+). */
  private static List<String> tools(JsonNode tools) {
    List<String> out = new ArrayList<>();
    if (tools.isArray()) {
      tools.forEach(t -> addTool(t, out));
    } else if (tools.isObject()) {
      tools.path("components").forEach(t -> addTool(t, out));
      tools.path("services").forEach(t -> addTool(t, out));
    }
    return out;
  }

  private static void addTool(JsonNode t, List<String> out) {
    String name = CycloneDxTree.text(t, "name");
    if (name == null) {
      return;
    }
    String vendor = first(CycloneDxTree.text(t, "vendor"), CycloneDxTree.text(t, "group"));
    String version = CycloneDxTree.text(t, "version");
    out.add((vendor == null ? "" : vendor + " ") + name + (version == null ? "" : " " + version));
  }

  private static void properties(JsonNode array, List<SbomMetadata.Property> out) {
    for (JsonNode p : array) {
      String name = CycloneDxTree.text(p, "name");
      if (name != null) {
        out.add(new SbomMetadata.Property(name, CycloneDxTree.text(p, "value")));
      }
    }
  }

  private static String name(JsonNode entity) {
    String n = entity.isObject() ? CycloneDxTree.text(entity, "name") : null;
    return n == null || n.isBlank() ? null : n;
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }
}
