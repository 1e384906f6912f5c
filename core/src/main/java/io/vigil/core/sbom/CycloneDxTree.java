package io.vigil.core.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.distro.SourcePackage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** CycloneDX JSON: components and the dependency graph from (per-element) JSON trees. */
final class CycloneDxTree {
  private CycloneDxTree() {}

  /** Adds the component at {@code path} and its nested components, depth first. */
  static void collect(
      JsonNode c, String path, List<SbomComponent> out, List<String> warnings, SbomLimits limits) {
    limits.checkComponents(out.size() + 1, path);
    if (!c.isObject()) {
      warnings.add(path + " is not an object; ignored");
      return;
    }
    out.add(component(c, path));
    JsonNode nested = c.get("components");
    if (nested == null || nested.isNull()) {
      return;
    }
    if (!nested.isArray()) {
      warnings.add(path + ".components is not an array; ignored");
      return;
    }
    for (int i = 0; i < nested.size(); i++) {
      collect(nested.get(i), path + ".components[" + i + "]", out, warnings, limits);
    }
  }

  /** Records one {@code dependencies[]} entry: ref → dependsOn. */
  static void dependency(JsonNode d, Map<String, List<String>> dependsOn) {
    String ref = text(d, "ref");
    if (ref == null) {
      return;
    }
    List<String> refs = dependsOn.computeIfAbsent(ref, r -> new ArrayList<>());
    for (JsonNode r : d.path("dependsOn")) {
      refs.add(r.asText());
    }
  }

  static SbomDocument document(
      String specVersion,
      JsonNode metadata,
      List<SbomComponent> components,
      Map<String, List<String>> dependsOn,
      List<String> warnings,
      SbomLimits limits) {
    SbomComponent subject = null;
    List<SbomComponent> all = new ArrayList<>();
    JsonNode meta = metadata == null ? null : metadata.get("component");
    if (meta != null && meta.isObject()) {
      subject = component(meta, "$.metadata.component");
      JsonNode nested = meta.get("components");
      if (nested != null && nested.isArray()) {
        for (int i = 0; i < nested.size(); i++) {
          collect(
              nested.get(i), "$.metadata.component.components[" + i + "]", all, warnings, limits);
        }
      }
    }
    limits.checkComponents(all.size() + components.size(), "$.components");
    all.addAll(components);
    return new SbomDocument(
        SbomFormat.CYCLONEDX_JSON,
        specVersion,
        subject,
        withDirect(all, subject, dependsOn),
        warnings,
        CycloneDxMetadata.of(metadata, dependsOn),
        graph(subject, dependsOn));
  }

  /**
   * The {@code dependencies} graph as stated, rooted at the subject's bom-ref; null when the
   * document has no dependency entries.
   */
  static DependencyGraph graph(SbomComponent subject, Map<String, List<String>> dependsOn) {
    if (dependsOn.isEmpty()) {
      return null;
    }
    List<String> roots =
        subject == null || subject.bomRef() == null ? List.of() : List.of(subject.bomRef());
    return new DependencyGraph(roots, dependsOn);
  }

  /**
   * Marks components the subject depends on directly (true) or not (false), when the graph has an
   * entry for the subject; otherwise leaves {@code direct} unknown (null).
   */
  static List<SbomComponent> withDirect(
      List<SbomComponent> components, SbomComponent subject, Map<String, List<String>> dependsOn) {
    if (subject == null || subject.bomRef() == null || !dependsOn.containsKey(subject.bomRef())) {
      return components;
    }
    Set<String> direct = new HashSet<>(dependsOn.get(subject.bomRef()));
    List<SbomComponent> out = new ArrayList<>(components.size());
    for (SbomComponent c : components) {
      out.add(c.bomRef() == null ? c : c.withDirect(direct.contains(c.bomRef())));
    }
    return out;
  }

  static SbomComponent component(JsonNode c, String path) {
    List<SbomComponent.Hash> hashes = new ArrayList<>();
    for (JsonNode h : c.path("hashes")) {
      String alg = text(h, "alg");
      String content = text(h, "content");
      if (alg != null || content != null) {
        hashes.add(new SbomComponent.Hash(alg, content));
      }
    }
    List<String> licenses = new ArrayList<>();
    for (JsonNode l : c.path("licenses")) {
      String v =
          l.has("expression")
              ? text(l, "expression")
              : firstNonNull(text(l.path("license"), "id"), text(l.path("license"), "name"));
      if (v != null && !licenses.contains(v)) {
        licenses.add(v);
      }
    }
    Map<String, String> sourceProperties = null;
    for (JsonNode p : c.path("properties")) {
      String name = text(p, "name");
      if (name != null && SOURCE_PROPERTIES.contains(name)) {
        if (sourceProperties == null) {
          sourceProperties = new java.util.HashMap<>();
        }
        sourceProperties.putIfAbsent(name, text(p, "value"));
      }
    }
    return new SbomComponent(
        text(c, "bom-ref"),
        text(c, "purl"),
        text(c, "type"),
        text(c, "group"),
        text(c, "name"),
        text(c, "version"),
        text(c, "cpe"),
        text(c, "scope"),
        null,
        hashes,
        licenses,
        path,
        CycloneDxMetadata.supplier(c),
        sourceProperties == null ? null : SourcePackage.fromProperties(sourceProperties));
  }

  /** The CycloneDX properties that state a distro package's source package (syft, trivy). */
  static final Set<String> SOURCE_PROPERTIES =
      Set.of(
          "syft:metadata:source",
          "syft:metadata:sourceVersion",
          "syft:metadata:originPackage",
          "syft:metadata:sourceRpm",
          "aquasecurity:trivy:SrcName",
          "aquasecurity:trivy:SrcVersion",
          "aquasecurity:trivy:SrcRelease",
          "aquasecurity:trivy:SrcEpoch");

  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }

  /** A scalar member as text; null when absent, null or not a scalar. */
  static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || !v.isValueNode() || v.isNull() ? null : v.asText();
  }
}
