package io.vigil.core.vex;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.triage.AnalysisState;
import io.vigil.core.triage.Justification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenVEX 0.2.0 documents, and the v0.0.1 shape go-vex still reads (vulnerability and products as
 * plain strings, statement-level {@code subcomponents}). Lenient where the tools that write OpenVEX
 * are (a missing document {@code @id}, a string {@code version}, an {@code affected} without {@code
 * action_statement}: warnings), strict where meaning is at stake: a statement needs a vulnerability
 * and one of the four statuses, a {@code not_affected} one a known justification or an impact
 * statement.
 */
final class OpenVexReader {
  private OpenVexReader() {}

  static VexDocument read(JsonNode root) throws InvalidVexException {
    Problems p = new Problems(null);
    String context = Problems.text(root, "@context");
    if (context == null) {
      p.warn("$.@context", root, "missing or empty: read as OpenVEX");
    }
    if (Problems.text(root, "@id") == null) {
      p.warn("$.@id", root, "missing: the document has no IRI");
    }
    String author = Problems.text(root, "author");
    if (author == null) {
      p.warn("$.author", root, "missing");
    }
    Instant docTime = p.instant(root, "timestamp", "$");
    JsonNode statements = root.get("statements");
    List<VexStatement> out = new ArrayList<>();
    if (statements == null || !statements.isArray()) {
      p.error("$.statements", root, statements == null ? "missing" : "must be an array");
    } else {
      for (int i = 0; i < statements.size(); i++) {
        VexStatement s = statement(statements.get(i), "$.statements[" + i + "]", docTime, p);
        if (s != null) {
          out.add(s);
        }
      }
    }
    p.throwIfAny();
    return new VexDocument(
        VexFormat.OPENVEX,
        specVersion(context),
        Problems.text(root, "@id"),
        author,
        docTime,
        out,
        p.warnings);
  }

  private static String specVersion(String context) {
    if (context == null) {
      return null;
    }
    int v = context.lastIndexOf("/v");
    return v >= 0 ? context.substring(v + 2) : null;
  }

  private static VexStatement statement(JsonNode s, String path, Instant docTime, Problems p) {
    if (!s.isObject()) {
      p.error(path, s, "a statement is an object");
      return null;
    }
    String vuln = null;
    Set<String> aliases = new LinkedHashSet<>();
    JsonNode v = s.get("vulnerability");
    if (v != null && v.isTextual()) {
      vuln = v.asText().strip();
    } else if (v != null && v.isObject()) {
      vuln = Problems.text(v, "name");
      String iri = Problems.text(v, "@id");
      if (vuln == null && iri != null) {
        vuln = lastSegment(iri);
      }
      for (JsonNode a : Problems.array(v, "aliases")) {
        if (a.isTextual() && !a.asText().isBlank()) {
          aliases.add(a.asText().strip());
        }
      }
    }
    if (vuln == null || vuln.isEmpty()) {
      p.error(path + ".vulnerability", s, "missing: a statement names its vulnerability");
    }
    String statusText = Problems.text(s, "status");
    AnalysisState state = AnalysisState.fromOpenVex(statusText).orElse(null);
    if (state == null) {
      p.error(
          path + ".status",
          s,
          statusText == null
              ? "missing"
              : "'"
                  + statusText
                  + "' is not an OpenVEX status (not_affected, affected, fixed,"
                  + " under_investigation)");
    }
    Justification justification = null;
    String j = Problems.text(s, "justification");
    if (j != null) {
      justification = Justification.fromLabel(j).orElse(null);
      if (justification == null) {
        p.error(path + ".justification", s, "'" + j + "' is not an OpenVEX justification");
      }
    }
    String impact = Problems.text(s, "impact_statement");
    String action = Problems.text(s, "action_statement");
    if (state == AnalysisState.NOT_AFFECTED && j == null && impact == null) {
      p.error(path, s, "not_affected needs a justification or an impact_statement");
    }
    if (state == AnalysisState.EXPLOITABLE && action == null) {
      p.warn(path, s, "affected without action_statement (the spec requires one)");
    }
    List<ProductRef> sharedSubs = new ArrayList<>();
    List<JsonNode> statementSubs = Problems.array(s, "subcomponents");
    for (int k = 0; k < statementSubs.size(); k++) {
      ProductRef sub = product(statementSubs.get(k), path + ".subcomponents[" + k + "]", p);
      if (sub != null) {
        sharedSubs.add(sub);
      }
    }
    List<VexProduct> products = new ArrayList<>();
    List<JsonNode> ps = Problems.array(s, "products");
    for (int k = 0; k < ps.size(); k++) {
      String at = path + ".products[" + k + "]";
      ProductRef product = product(ps.get(k), at, p);
      if (product == null) {
        continue;
      }
      List<ProductRef> subs = new ArrayList<>(sharedSubs);
      List<JsonNode> own = Problems.array(ps.get(k), "subcomponents");
      for (int m = 0; m < own.size(); m++) {
        ProductRef sub = product(own.get(m), at + ".subcomponents[" + m + "]", p);
        if (sub != null) {
          subs.add(sub);
        }
      }
      if (subs.isEmpty()) {
        products.add(new VexProduct(product, null));
      } else {
        for (ProductRef sub : subs) {
          products.add(new VexProduct(product, sub));
        }
      }
    }
    if (ps.isEmpty()) {
      p.warn(path + ".products", s, "names no product: about the document's subject");
    }
    Instant time = p.instant(s, "last_updated", path);
    if (time == null) {
      time = p.instant(s, "timestamp", path);
    }
    if (vuln == null || vuln.isEmpty() || state == null) {
      return null;
    }
    aliases.remove(vuln);
    String notes = Problems.text(s, "status_notes");
    String detail = impact != null ? impact : notes;
    return new VexStatement(
        vuln,
        List.copyOf(aliases),
        products,
        state,
        justification,
        null,
        List.of(),
        detail,
        action,
        time != null ? time : docTime,
        path);
  }

  /** A product or subcomponent: a string (v0.0.1) or an object with @id, identifiers, hashes. */
  private static ProductRef product(JsonNode n, String path, Problems p) {
    if (n.isTextual()) {
      String id = n.asText().strip();
      if (id.isEmpty()) {
        p.error(path, n, "an empty product id");
        return null;
      }
      return new ProductRef(
          id,
          null,
          CycloneDxVexReader.purlOrNull(id),
          null,
          Map.of(),
          null,
          false,
          null,
          List.of());
    }
    if (!n.isObject()) {
      p.error(path, n, "a product is an object or a string");
      return null;
    }
    String id = Problems.text(n, "@id");
    JsonNode identifiers = n.get("identifiers");
    String purl = CycloneDxVexReader.purlOrNull(Problems.text(identifiers, "purl"));
    if (purl == null) {
      purl = CycloneDxVexReader.purlOrNull(id);
    }
    String cpe = Problems.text(identifiers, "cpe23");
    if (cpe == null) {
      cpe = Problems.text(identifiers, "cpe22");
    }
    Map<String, String> hashes = new LinkedHashMap<>();
    JsonNode h = n.get("hashes");
    if (h != null && h.isObject()) {
      h.fields().forEachRemaining(e -> hashes.put(e.getKey(), e.getValue().asText()));
    }
    if (id == null && purl == null && cpe == null && hashes.isEmpty()) {
      p.error(path, n, "a product needs an @id or an identifier");
      return null;
    }
    return new ProductRef(id, null, purl, cpe, hashes, null, false, null, List.of());
  }

  private static String lastSegment(String iri) {
    String s = iri;
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    int slash = s.lastIndexOf('/');
    return slash >= 0 && s.contains("://") ? s.substring(slash + 1) : s;
  }
}
