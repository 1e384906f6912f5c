package io.vigil.core.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads SBOM documents into {@link SbomDocument}s. Pure: bytes in, records out.
 *
 * <p>Walking-skeleton scope: CycloneDX JSON (components, nested components, {@code
 * metadata.component}, the dependency graph for direct/transitive). The SBOM ingestion issue adds
 * CycloneDX XML and SPDX behind this same entry point.
 */
public final class SbomParser {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SbomParser() {}

  public static SbomDocument parse(Path file) throws IOException, SbomParseException {
    return parse(Files.readAllBytes(file));
  }

  public static SbomDocument parse(byte[] bytes) throws SbomParseException {
    byte[] body = stripUtf8Bom(bytes);
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new SbomParseException("not a JSON document: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new SbomParseException("not an SBOM: the document is not a JSON object");
    }
    if (!"CycloneDX".equals(root.path("bomFormat").asText(null))) {
      throw new SbomParseException(
          "not a CycloneDX document: $.bomFormat is "
              + (root.has("bomFormat") ? "'" + root.get("bomFormat").asText() + "'" : "missing"));
    }
    return cycloneDxJson(root);
  }

  private static SbomDocument cycloneDxJson(JsonNode root) {
    List<String> warnings = new ArrayList<>();
    SbomComponent subject = null;
    JsonNode meta = root.path("metadata").path("component");
    List<SbomComponent> components = new ArrayList<>();
    if (meta.isObject()) {
      subject = component(meta);
      collect(meta.path("components"), components);
    }
    collect(root.path("components"), components);

    Set<String> direct = directRefs(root, subject);
    if (direct != null) {
      components.replaceAll(
          c -> c.bomRef() == null ? c : c.withDirect(direct.contains(c.bomRef())));
    }
    return new SbomDocument(
        SbomFormat.CYCLONEDX_JSON,
        root.path("specVersion").asText(null),
        subject,
        components,
        warnings);
  }

  private static void collect(JsonNode array, List<SbomComponent> out) {
    if (!array.isArray()) {
      return;
    }
    for (JsonNode c : array) {
      out.add(component(c));
      collect(c.path("components"), out);
    }
  }

  private static SbomComponent component(JsonNode c) {
    List<SbomComponent.Hash> hashes = new ArrayList<>();
    for (JsonNode h : c.path("hashes")) {
      hashes.add(new SbomComponent.Hash(h.path("alg").asText(), h.path("content").asText()));
    }
    List<String> licenses = new ArrayList<>();
    for (JsonNode l : c.path("licenses")) {
      if (l.has("expression")) {
        licenses.add(l.get("expression").asText());
      } else if (l.path("license").has("id")) {
        licenses.add(l.path("license").get("id").asText());
      } else if (l.path("license").has("name")) {
        licenses.add(l.path("license").get("name").asText());
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
        licenses);
  }

  /** The refs the subject depends on directly, or null when the document has no graph for it. */
  private static Set<String> directRefs(JsonNode root, SbomComponent subject) {
    if (subject == null || subject.bomRef() == null || !root.path("dependencies").isArray()) {
      return null;
    }
    for (JsonNode d : root.path("dependencies")) {
      if (subject.bomRef().equals(d.path("ref").asText(null))) {
        Set<String> refs = new HashSet<>();
        d.path("dependsOn").forEach(r -> refs.add(r.asText()));
        return refs;
      }
    }
    return null;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  static byte[] stripUtf8Bom(byte[] b) {
    if (b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
      byte[] out = new byte[b.length - 3];
      System.arraycopy(b, 3, out, 0, out.length);
      return out;
    }
    return b;
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
