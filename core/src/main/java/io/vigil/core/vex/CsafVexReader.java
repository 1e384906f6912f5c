package io.vigil.core.vex;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.triage.AnalysisState;
import io.vigil.core.triage.Justification;
import io.vigil.core.triage.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CSAF 2.0 documents of the VEX profile ({@code document.category} {@code csaf_vex}). The product
 * tree (branches, full product names, relationships, product groups) gives each product id its
 * identifiers; a relationship ({@code default_component_of}, {@code installed_on}, ...) makes its
 * product "component {@code product_reference} inside product {@code
 * relates_to_product_reference}". One statement per (vulnerability, product id) in the four VEX
 * status lists ({@code first_fixed} reads as fixed, {@code first_affected}/{@code last_affected} as
 * affected; {@code recommended} is advice, not a status, and is skipped).
 *
 * <p>The profile's mandatory tests are enforced, each failure rejecting the document: 6.1.27.7 (a
 * vulnerability has one of the four VEX statuses), 6.1.27.8 (it has a {@code cve} or {@code ids}),
 * 6.1.27.9 (every known_not_affected product has an impact statement: a flag or an impact threat
 * naming it or its group), 6.1.27.10 (every known_affected product has an action statement: a
 * remediation naming it or its group), and 6.1.1 / 6.1.4 (every product and group id used is
 * defined). One leniency, with a warning: a threat, flag or remediation that names no product or
 * group at all covers every product of its vulnerability (tools such as grype write them so).
 */
final class CsafVexReader {
  private static final List<String> STATUS_LISTS =
      List.of(
          "known_not_affected",
          "known_affected",
          "first_affected",
          "last_affected",
          "fixed",
          "first_fixed",
          "under_investigation");
  private static final Set<String> VEX_LISTS =
      Set.of("fixed", "known_affected", "known_not_affected", "under_investigation");

  private CsafVexReader() {}

  private record Relationship(String component, String product, String category) {}

  private static final class Tree {
    final Map<String, ProductRef> products = new LinkedHashMap<>();
    final Map<String, Relationship> relationships = new HashMap<>();
    final Map<String, List<String>> groups = new HashMap<>();
  }

  static VexDocument read(JsonNode root) throws InvalidVexException {
    Problems p = new Problems(null);
    JsonNode document = root.get("document");
    String category = Problems.text(document, "category");
    if (!"csaf_vex".equals(category)) {
      p.error(
          "$.document.category",
          document,
          "'" + category + "' is not the VEX profile (csaf_vex): not a VEX document");
    }
    String version = Problems.text(document, "csaf_version");
    if (!"2.0".equals(version)) {
      p.error("$.document.csaf_version", document, "'" + version + "': only CSAF 2.0 is read");
    }
    p.throwIfAny();
    JsonNode tracking = document.get("tracking");
    Instant docTime = p.instant(tracking, "current_release_date", "$.document.tracking");
    Tree tree = new Tree();
    JsonNode productTree = root.get("product_tree");
    if (productTree != null) {
      List<JsonNode> branches = Problems.array(productTree, "branches");
      for (int i = 0; i < branches.size(); i++) {
        branch(branches.get(i), "$.product_tree.branches[" + i + "]", tree, p);
      }
      List<JsonNode> full = Problems.array(productTree, "full_product_names");
      for (int i = 0; i < full.size(); i++) {
        define(full.get(i), "$.product_tree.full_product_names[" + i + "]", tree, p);
      }
      List<JsonNode> rels = Problems.array(productTree, "relationships");
      for (int i = 0; i < rels.size(); i++) {
        JsonNode r = rels.get(i);
        String at = "$.product_tree.relationships[" + i + "]";
        String id = define(r.get("full_product_name"), at + ".full_product_name", tree, p);
        if (id != null) {
          tree.relationships.put(
              id,
              new Relationship(
                  Problems.text(r, "product_reference"),
                  Problems.text(r, "relates_to_product_reference"),
                  Problems.text(r, "category")));
        }
      }
      for (int i = 0; i < rels.size(); i++) {
        String at = "$.product_tree.relationships[" + i + "]";
        for (String f : List.of("product_reference", "relates_to_product_reference")) {
          String ref = Problems.text(rels.get(i), f);
          if (ref == null || !tree.products.containsKey(ref)) {
            p.error(at + "." + f, rels.get(i), "product id '" + ref + "' is not defined (6.1.1)");
          }
        }
      }
      List<JsonNode> groups = Problems.array(productTree, "product_groups");
      for (int i = 0; i < groups.size(); i++) {
        String gid = Problems.text(groups.get(i), "group_id");
        List<String> ids = new ArrayList<>();
        for (JsonNode id : Problems.array(groups.get(i), "product_ids")) {
          ids.add(id.asText());
          checkDefined(
              id.asText(), "$.product_tree.product_groups[" + i + "].product_ids", tree, p);
        }
        if (gid != null) {
          tree.groups.put(gid, ids);
        }
      }
    }
    List<VexStatement> statements = new ArrayList<>();
    List<JsonNode> vulns = Problems.array(root, "vulnerabilities");
    if (vulns.isEmpty()) {
      p.error("$.vulnerabilities", root, "missing or empty: a CSAF VEX states vulnerabilities");
    }
    for (int i = 0; i < vulns.size(); i++) {
      vulnerability(vulns.get(i), "$.vulnerabilities[" + i + "]", tree, docTime, statements, p);
    }
    p.throwIfAny();
    JsonNode publisher = document.get("publisher");
    return new VexDocument(
        VexFormat.CSAF,
        version,
        Problems.text(tracking, "id"),
        Problems.text(publisher, "name"),
        docTime,
        statements,
        p.warnings);
  }

  private static void vulnerability(
      JsonNode v, String path, Tree tree, Instant docTime, List<VexStatement> out, Problems p) {
    Set<String> ids = new LinkedHashSet<>();
    String cve = Problems.text(v, "cve");
    if (cve != null) {
      ids.add(cve);
    }
    for (JsonNode id : Problems.array(v, "ids")) {
      String text = Problems.text(id, "text");
      if (text != null) {
        ids.add(text);
      }
    }
    if (ids.isEmpty()) {
      p.error(path, v, "neither cve nor ids: a VEX vulnerability needs an id (6.1.27.8)");
    }
    JsonNode status = v.get("product_status");
    Map<String, AnalysisState> stateOf = new LinkedHashMap<>();
    boolean vexStatus = false;
    for (String list : STATUS_LISTS) {
      List<JsonNode> entries = Problems.array(status, list);
      vexStatus |= VEX_LISTS.contains(list) && !entries.isEmpty();
      AnalysisState listState = AnalysisState.fromCsafStatus(list).orElseThrow();
      for (JsonNode e : entries) {
        checkDefined(e.asText(), path + ".product_status." + list, tree, p);
        AnalysisState before = stateOf.putIfAbsent(e.asText(), listState);
        if (before != null && before != listState) {
          p.error(
              path + ".product_status." + list,
              v,
              "product '"
                  + e.asText()
                  + "' is also "
                  + before.csaf()
                  + ": contradicting product status (6.1.6)");
        }
      }
    }
    if (!vexStatus) {
      p.error(
          path + ".product_status",
          v,
          "none of fixed, known_affected, known_not_affected, under_investigation (6.1.27.7)");
    }
    Set<String> all = stateOf.keySet();
    Map<String, Justification> justification = new HashMap<>();
    List<JsonNode> flags = Problems.array(v, "flags");
    for (int k = 0; k < flags.size(); k++) {
      String at = path + ".flags[" + k + "]";
      String label = Problems.text(flags.get(k), "label");
      Justification j = Justification.fromLabel(label).orElse(null);
      if (j == null) {
        p.error(at + ".label", flags.get(k), "'" + label + "' is not a CSAF flag label");
        continue;
      }
      for (String id : covered(flags.get(k), at, all, tree, p)) {
        justification.putIfAbsent(id, j);
      }
    }
    Map<String, String> impact = new HashMap<>();
    List<JsonNode> threats = Problems.array(v, "threats");
    for (int k = 0; k < threats.size(); k++) {
      JsonNode t = threats.get(k);
      if ("impact".equals(Problems.text(t, "category"))) {
        for (String id : covered(t, path + ".threats[" + k + "]", all, tree, p)) {
          impact.putIfAbsent(id, Problems.text(t, "details"));
        }
      }
    }
    Map<String, List<Response>> responses = new HashMap<>();
    Map<String, String> actions = new HashMap<>();
    List<JsonNode> remediations = Problems.array(v, "remediations");
    for (int k = 0; k < remediations.size(); k++) {
      JsonNode r = remediations.get(k);
      String cat = Problems.text(r, "category");
      Response response = response(cat);
      String details = Problems.text(r, "details");
      for (String id : covered(r, path + ".remediations[" + k + "]", all, tree, p)) {
        if (response != null) {
          responses.computeIfAbsent(id, x -> new ArrayList<>()).add(response);
        }
        String text = cat + (details == null ? "" : ": " + details);
        actions.merge(id, text, (a, b) -> a + "\n" + b);
      }
    }
    for (Map.Entry<String, AnalysisState> e : stateOf.entrySet()) {
      String id = e.getKey();
      if (e.getValue() == AnalysisState.NOT_AFFECTED
          && !justification.containsKey(id)
          && !impact.containsKey(id)) {
        p.error(
            path + ".product_status.known_not_affected",
            v,
            "product '" + id + "' has no impact statement (a flag or an impact threat) (6.1.27.9)");
      }
      if (e.getValue() == AnalysisState.EXPLOITABLE && !actions.containsKey(id)) {
        p.error(
            path + ".product_status.known_affected",
            v,
            "product '" + id + "' has no action statement (a remediation) (6.1.27.10)");
      }
    }
    if (ids.isEmpty()) {
      return;
    }
    String vuln = ids.iterator().next();
    List<String> aliases = new ArrayList<>(ids);
    aliases.remove(0);
    for (Map.Entry<String, AnalysisState> e : stateOf.entrySet()) {
      String id = e.getKey();
      VexProduct product = product(id, tree);
      if (product == null) {
        continue; // undefined: already an error
      }
      out.add(
          new VexStatement(
              vuln,
              aliases,
              List.of(product),
              e.getValue(),
              justification.get(id),
              null,
              responses.getOrDefault(id, List.of()),
              impact.get(id),
              actions.get(id),
              docTime,
              path + ".product_status"));
    }
  }

  /** The products a flag, threat or remediation covers (its product ids and groups). */
  private static Set<String> covered(
      JsonNode n, String path, Set<String> all, Tree tree, Problems p) {
    Set<String> ids = new LinkedHashSet<>();
    for (JsonNode id : Problems.array(n, "product_ids")) {
      checkDefined(id.asText(), path + ".product_ids", tree, p);
      ids.add(id.asText());
    }
    for (JsonNode g : Problems.array(n, "group_ids")) {
      List<String> members = tree.groups.get(g.asText());
      if (members == null) {
        p.error(path + ".group_ids", n, "group id '" + g.asText() + "' is not defined (6.1.4)");
      } else {
        ids.addAll(members);
      }
    }
    if (!n.has("product_ids") && !n.has("group_ids")) {
      p.warn(
          path,
          n,
          "names no product or group: read as covering every product of the vulnerability");
      ids.addAll(all);
    }
    return ids;
  }

  private static Response response(String category) {
    if (category == null) {
      return null;
    }
    return switch (category) {
      case "vendor_fix" -> Response.UPDATE;
      case "workaround", "mitigation" -> Response.WORKAROUND_AVAILABLE;
      case "no_fix_planned" -> Response.WILL_NOT_FIX;
      case "none_available" -> Response.CAN_NOT_FIX;
      default -> null;
    };
  }

  private static VexProduct product(String id, Tree tree) {
    Relationship r = tree.relationships.get(id);
    if (r == null) {
      ProductRef ref = tree.products.get(id);
      return ref == null ? null : new VexProduct(ref, null);
    }
    ProductRef platform = tree.products.get(r.product());
    ProductRef component = componentOf(r.component(), tree, 0);
    if (platform == null || component == null) {
      return null;
    }
    return new VexProduct(platform, component);
  }

  /** A relationship's component, following nested relationships to the innermost component. */
  private static ProductRef componentOf(String id, Tree tree, int depth) {
    Relationship r = tree.relationships.get(id);
    if (r == null || depth > 16) {
      return tree.products.get(id);
    }
    return componentOf(r.component(), tree, depth + 1);
  }

  private static void branch(JsonNode b, String path, Tree tree, Problems p) {
    if (b.has("product")) {
      define(b.get("product"), path + ".product", tree, p);
    }
    List<JsonNode> children = Problems.array(b, "branches");
    for (int i = 0; i < children.size(); i++) {
      branch(children.get(i), path + ".branches[" + i + "]", tree, p);
    }
  }

  /** Registers a full product name; returns its id, or null. */
  private static String define(JsonNode fpn, String path, Tree tree, Problems p) {
    String id = Problems.text(fpn, "product_id");
    if (id == null) {
      p.error(path + ".product_id", fpn, "missing");
      return null;
    }
    if (tree.products.containsKey(id)) {
      p.error(path + ".product_id", fpn, "product id '" + id + "' is defined twice (6.1.2)");
      return null;
    }
    JsonNode helper = fpn.get("product_identification_helper");
    String purl = CycloneDxVexReader.purlOrNull(Problems.text(helper, "purl"));
    if (purl == null && helper != null) {
      for (JsonNode x : Problems.array(helper, "purls")) {
        purl = purl != null ? purl : CycloneDxVexReader.purlOrNull(x.asText());
      }
    }
    Map<String, String> hashes = new LinkedHashMap<>();
    for (JsonNode h : Problems.array(helper, "hashes")) {
      for (JsonNode fh : Problems.array(h, "file_hashes")) {
        String alg = Problems.text(fh, "algorithm");
        String value = Problems.text(fh, "value");
        if (alg != null && value != null) {
          hashes.put(alg, value);
        }
      }
    }
    tree.products.put(
        id,
        new ProductRef(
            id,
            Problems.text(fpn, "name"),
            purl,
            Problems.text(helper, "cpe"),
            hashes,
            null,
            false,
            null,
            List.of()));
    return id;
  }

  private static void checkDefined(String id, String path, Tree tree, Problems p) {
    if (!tree.products.containsKey(id)) {
      p.error(path, null, "product id '" + id + "' is not defined in the product tree (6.1.1)");
    }
  }
}
