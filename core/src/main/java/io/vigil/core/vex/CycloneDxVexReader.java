package io.vigil.core.vex;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.purl.MalformedPurlException;
import io.vigil.core.purl.Purl;
import io.vigil.core.triage.AnalysisState;
import io.vigil.core.triage.CycloneDxJustification;
import io.vigil.core.triage.Justification;
import io.vigil.core.triage.Response;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CycloneDX VEX (1.4–1.6, JSON, or XML turned into the same tree by {@link CycloneDxVexXml}): each
 * vulnerability with an {@code analysis.state} is one statement about the components its {@code
 * affects[].ref} names. A ref resolves, in order, to a component of the document (by {@code
 * bom-ref}; the {@code metadata.component} is the document's subject), a BOM-Link ({@code
 * urn:cdx:serial/version#ref}: the ref's purl when it is one, else the bom-ref in that BOM), a purl
 * used as a ref, or else a bom-ref of the project's own SBOM (with a warning).
 */
final class CycloneDxVexReader {
  static final String VIGIL_JUSTIFICATION = "vigil:justification";
  private static final Set<String> SUPPORTED = Set.of("1.4", "1.5", "1.6");

  private CycloneDxVexReader() {}

  static VexDocument read(JsonNode root, VexFormat format, Map<JsonNode, Integer> lines)
      throws InvalidVexException {
    Problems p = new Problems(lines);
    String spec = Problems.text(root, "specVersion");
    if (spec == null) {
      p.error("$.specVersion", root, "missing: a CycloneDX document states its spec version");
    } else if (!SUPPORTED.contains(spec)) {
      if (spec.matches("1\\.[0-3]")) {
        p.error(
            "$.specVersion",
            root,
            "CycloneDX " + spec + " has no vulnerabilities: VEX needs 1.4 or later");
      } else if (spec.matches("1\\.\\d+")) {
        p.warn("$.specVersion", root, "CycloneDX " + spec + " is newer than 1.6; read as 1.6");
      } else {
        p.error("$.specVersion", root, "'" + spec + "' is not a CycloneDX spec version");
      }
    }
    JsonNode metadata = root.get("metadata");
    Map<String, ProductRef> components = new HashMap<>();
    JsonNode subject = metadata == null ? null : metadata.get("component");
    if (subject != null && subject.isObject()) {
      index(subject, true, components);
    }
    for (JsonNode c : Problems.array(root, "components")) {
      index(c, false, components);
    }
    JsonNode vulns = root.get("vulnerabilities");
    List<VexStatement> statements = new ArrayList<>();
    if (vulns == null || !vulns.isArray()) {
      p.error(
          "$.vulnerabilities",
          root,
          vulns == null
              ? "missing: a CycloneDX VEX lists vulnerabilities (this looks like an SBOM)"
              : "must be an array");
    } else {
      Instant docTime = p.instant(metadata, "timestamp", "$.metadata");
      for (int i = 0; i < vulns.size(); i++) {
        VexStatement s =
            statement(vulns.get(i), "$.vulnerabilities[" + i + "]", components, docTime, p);
        if (s != null) {
          statements.add(s);
        }
      }
    }
    p.throwIfAny();
    return new VexDocument(
        format,
        spec,
        Problems.text(root, "serialNumber"),
        author(metadata),
        p.instant(metadata, "timestamp", "$.metadata"),
        statements,
        p.warnings);
  }

  private static VexStatement statement(
      JsonNode v, String path, Map<String, ProductRef> components, Instant docTime, Problems p) {
    String id = Problems.text(v, "id");
    if (id == null) {
      p.error(path + ".id", v, "missing: a vulnerability needs its id");
    }
    JsonNode analysis = v.get("analysis");
    if (analysis == null || !analysis.isObject()) {
      p.warn(path, v, "no analysis: nothing to import (a VDR entry, not a VEX statement)");
      return null;
    }
    String stateText = Problems.text(analysis, "state");
    AnalysisState state = null;
    if (stateText == null) {
      p.warn(path + ".analysis", analysis, "no state: nothing to import");
    } else {
      state = AnalysisState.fromCycloneDx(stateText).orElse(null);
      if (state == null) {
        p.error(
            path + ".analysis.state",
            analysis,
            "'"
                + stateText
                + "' is not a CycloneDX analysis state (resolved, resolved_with_pedigree,"
                + " exploitable, in_triage, false_positive, not_affected)");
      }
    }
    CycloneDxJustification cdx = null;
    String j = Problems.text(analysis, "justification");
    if (j != null) {
      cdx = CycloneDxJustification.fromLabel(j).orElse(null);
      if (cdx == null) {
        p.error(
            path + ".analysis.justification",
            analysis,
            "'" + j + "' is not a CycloneDX justification");
      }
    }
    Justification exact = null;
    for (JsonNode prop : Problems.array(v, "properties")) {
      if (VIGIL_JUSTIFICATION.equals(Problems.text(prop, "name"))) {
        exact = Justification.fromLabel(Problems.text(prop, "value")).orElse(null);
      }
    }
    if (exact != null && cdx != null && exact.cycloneDx() != cdx && cdx.toVex() != exact) {
      exact = null; // a property that contradicts the analysis is not ours to trust
    }
    List<Response> responses = new ArrayList<>();
    List<JsonNode> rs = Problems.array(analysis, "response");
    for (int k = 0; k < rs.size(); k++) {
      String r = rs.get(k).asText();
      Response.fromLabel(r)
          .ifPresentOrElse(
              responses::add,
              () ->
                  p.error(
                      path + ".analysis.response",
                      analysis,
                      "'"
                          + r
                          + "' is not a CycloneDX response (can_not_fix, will_not_fix, update,"
                          + " rollback, workaround_available)"));
    }
    Set<String> aliases = new LinkedHashSet<>();
    for (JsonNode ref : Problems.array(v, "references")) {
      String a = Problems.text(ref, "id");
      if (a != null && !a.equals(id)) {
        aliases.add(a);
      }
    }
    List<VexProduct> products = new ArrayList<>();
    List<JsonNode> affects = Problems.array(v, "affects");
    for (int k = 0; k < affects.size(); k++) {
      JsonNode a = affects.get(k);
      String ref = Problems.text(a, "ref");
      String at = path + ".affects[" + k + "]";
      if (ref == null) {
        p.error(at + ".ref", a, "missing: an affects entry names its component");
        continue;
      }
      ProductRef product = resolve(ref, components, at, a, p);
      List<ProductRef.AffectedVersion> versions = new ArrayList<>();
      for (JsonNode ver : Problems.array(a, "versions")) {
        versions.add(
            new ProductRef.AffectedVersion(
                Problems.text(ver, "version"),
                Problems.text(ver, "range"),
                Problems.text(ver, "status")));
      }
      if (!versions.isEmpty()) {
        product =
            new ProductRef(
                product.id(),
                product.name(),
                product.purl(),
                product.cpe(),
                product.hashes(),
                product.bomRef(),
                product.subject(),
                product.bomLink(),
                versions);
      }
      products.add(new VexProduct(product, null));
    }
    if (affects.isEmpty()) {
      p.warn(path + ".affects", v, "names no component: about the document's subject");
    }
    Instant time = p.instant(analysis, "lastUpdated", path + ".analysis");
    if (time == null) {
      time = p.instant(analysis, "firstIssued", path + ".analysis");
    }
    if (id == null || state == null) {
      return null;
    }
    return new VexStatement(
        id,
        List.copyOf(aliases),
        products,
        state,
        exact,
        cdx,
        responses,
        Problems.text(analysis, "detail"),
        Problems.text(v, "recommendation"),
        time != null ? time : docTime,
        path);
  }

  private static ProductRef resolve(
      String ref, Map<String, ProductRef> components, String path, JsonNode at, Problems p) {
    ProductRef local = components.get(ref);
    if (local != null) {
      return local;
    }
    boolean uuidLink = ref.matches("urn:uuid:[0-9a-fA-F-]{36}/\\d+#.+");
    if (uuidLink) {
      p.warn(
          path + ".ref",
          at,
          "a BOM-Link written with urn:uuid: instead of urn:cdx: (read as a BOM-Link)");
    }
    if (ref.startsWith("urn:cdx:") || uuidLink) {
      int hash = ref.indexOf('#');
      if (hash < 0) {
        // the whole other BOM: its subject
        return new ProductRef(null, null, null, null, Map.of(), null, true, ref, List.of());
      }
      String inner = URLDecoder.decode(ref.substring(hash + 1), StandardCharsets.UTF_8);
      String purl = purlOrNull(inner);
      return new ProductRef(inner, null, purl, null, Map.of(), inner, false, ref, List.of());
    }
    String purl = purlOrNull(ref);
    if (purl != null) {
      return ProductRef.ofPurl(ref);
    }
    p.warn(
        path + ".ref",
        at,
        "'"
            + ref
            + "' names no component of this document: kept as a bom-ref of the project's SBOM");
    return new ProductRef(ref, null, null, null, Map.of(), ref, false, null, List.of());
  }

  private static void index(JsonNode c, boolean subject, Map<String, ProductRef> out) {
    String ref = Problems.text(c, "bom-ref");
    if (ref != null) {
      Map<String, String> hashes = new LinkedHashMap<>();
      for (JsonNode h : Problems.array(c, "hashes")) {
        String alg = Problems.text(h, "alg");
        String content = Problems.text(h, "content");
        if (alg != null && content != null) {
          hashes.put(alg, content);
        }
      }
      out.putIfAbsent(
          ref,
          new ProductRef(
              ref,
              Problems.text(c, "name"),
              purlOrNull(Problems.text(c, "purl")),
              Problems.text(c, "cpe"),
              hashes,
              ref,
              subject,
              null,
              List.of()));
    }
    for (JsonNode child : Problems.array(c, "components")) {
      index(child, false, out);
    }
  }

  static String purlOrNull(String s) {
    if (s == null || !s.startsWith("pkg:")) {
      return null;
    }
    try {
      Purl.parse(s);
      return s;
    } catch (MalformedPurlException e) {
      return null;
    }
  }

  private static String author(JsonNode metadata) {
    if (metadata == null) {
      return null;
    }
    for (JsonNode a : Problems.array(metadata, "authors")) {
      String name = Problems.text(a, "name");
      if (name != null) {
        return name;
      }
    }
    for (String org : new String[] {"manufacturer", "manufacture", "supplier"}) {
      String name = Problems.text(metadata.get(org), "name");
      if (name != null) {
        return name;
      }
    }
    return null;
  }
}
