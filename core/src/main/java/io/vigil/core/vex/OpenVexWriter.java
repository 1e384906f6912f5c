package io.vigil.core.vex;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.core.triage.Analysis;
import io.vigil.core.triage.AnalysisState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Writes a project's exposures and decisions as an OpenVEX 0.2.0 document: one statement per
 * (vulnerability, decision), its products the components' purls. OpenVEX says less than CycloneDX,
 * and the writer maps what it cannot say:
 *
 * <ul>
 *   <li>FALSE_POSITIVE is written {@code not_affected} (it reads back as NOT_AFFECTED; both
 *       suppress); undecided exposures are {@code under_investigation};
 *   <li>the CycloneDX justification and the responses have no place (the five justifications do);
 *   <li>{@code not_affected} needs a justification or an impact statement: a decision with neither
 *       gets the impact statement "Marked &lt;state&gt; in Vigil without a justification";
 *   <li>{@code affected} needs an action statement: the decision's, else "Upgrade to &lt;fix&gt;"
 *       when a fix is known, else "No fix is known yet";
 *   <li>components without a purl are left out (an OpenVEX product needs an IRI; CycloneDX export
 *       keeps them by bom-ref).
 * </ul>
 *
 * OpenVEX requires at least one statement: a project with no exposure has no OpenVEX document.
 */
public final class OpenVexWriter {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private OpenVexWriter() {}

  /**
   * The VEX document.
   *
   * @throws IllegalArgumentException when no entry has a purl (OpenVEX needs one statement)
   */
  public static byte[] write(
      String project, String projectVersion, String author, List<VexEntry> entries, Instant now) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("@context", "https://openvex.dev/ns/v0.2.0");
    doc.put(
        "@id",
        "urn:uuid:"
            + UUID.nameUUIDFromBytes(
                ("openvex\u0000" + project + "\u0000" + projectVersion + "\u0000" + now)
                    .getBytes(StandardCharsets.UTF_8)));
    doc.put("author", author);
    doc.put("timestamp", now.toString());
    doc.put("version", 1);
    doc.put("tooling", "Vigil");
    ArrayNode statements = doc.putArray("statements");
    for (VexGroups.Group g : VexGroups.of(entries)) {
      List<VexEntry> withPurl =
          g.entries().stream().filter(e -> e.exposure().purl() != null).toList();
      if (withPurl.isEmpty()) {
        continue;
      }
      statements.add(statement(g, withPurl));
    }
    if (statements.isEmpty()) {
      throw new IllegalArgumentException(
          "project "
              + project
              + " has no exposure of a component with a purl: OpenVEX needs a statement");
    }
    try {
      return JSON.writeValueAsBytes(doc);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode statement(VexGroups.Group g, List<VexEntry> entries) {
    ObjectNode s = JSON.createObjectNode();
    ObjectNode v = s.putObject("vulnerability");
    v.put("name", g.vulnerabilityId());
    if (!g.otherIds().isEmpty()) {
      ArrayNode aliases = v.putArray("aliases");
      g.otherIds().forEach(aliases::add);
    }
    Analysis a = g.analysis();
    if (a != null) {
      s.put("timestamp", a.decidedAt().toString());
    }
    ArrayNode products = s.putArray("products");
    for (VexEntry e : entries) {
      ObjectNode p = products.addObject();
      p.put("@id", e.exposure().purl());
      p.putObject("identifiers").put("purl", e.exposure().purl());
    }
    AnalysisState state = a == null ? AnalysisState.IN_TRIAGE : a.state();
    s.put("status", state.openVex());
    if (a == null) {
      return s;
    }
    if (state.suppresses()) {
      if (a.justification() != null) {
        s.put("justification", a.justification().label());
      }
      if (a.detail() != null) {
        s.put("impact_statement", a.detail());
      } else if (a.justification() == null) {
        s.put(
            "impact_statement",
            "Marked " + state.cycloneDx() + " in Vigil without a justification");
      }
    } else if (a.detail() != null) {
      s.put("status_notes", a.detail());
    }
    if (a.actionStatement() != null) {
      s.put("action_statement", a.actionStatement());
    } else if (state == AnalysisState.EXPLOITABLE) {
      String fix = entries.get(0).fixedIn();
      s.put("action_statement", fix != null ? "Upgrade to " + fix : "No fix is known yet");
    }
    return s;
  }
}
