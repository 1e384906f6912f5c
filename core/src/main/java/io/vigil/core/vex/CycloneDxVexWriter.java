package io.vigil.core.vex;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.core.purl.Purl;
import io.vigil.core.triage.Analysis;
import io.vigil.core.triage.CycloneDxJustification;
import io.vigil.core.triage.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Writes a project's exposures and decisions as a CycloneDX 1.6 VEX (JSON): the project as {@code
 * metadata.component}, each exposed component once (bom-ref = its purl, else its SBOM bom-ref), one
 * vulnerability per (vulnerability, decision) with {@code affects} naming its components. Undecided
 * exposures are {@code in_triage}. The decision's action statement is the vulnerability's {@code
 * recommendation}; a justification CycloneDX cannot say exactly (component_not_present) is carried
 * in a {@code vigil:justification} property. Author and comment of a decision are internal and not
 * written; {@code decidedAt} is {@code analysis.firstIssued}/{@code lastUpdated}.
 */
public final class CycloneDxVexWriter {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  static final String SUBJECT_REF = "vigil:project";

  private CycloneDxVexWriter() {}

  /**
   * The VEX document.
   *
   * @param project the project name
   * @param projectVersion its version, or null
   * @param author who publishes it (an organisation or team)
   * @param entries the project's exposures with their decisions ({@link VexEntry#resolve})
   * @param now the document's timestamp
   */
  public static byte[] write(
      String project, String projectVersion, String author, List<VexEntry> entries, Instant now) {
    ObjectNode bom = JSON.createObjectNode();
    bom.put("bomFormat", "CycloneDX");
    bom.put("specVersion", "1.6");
    bom.put(
        "serialNumber",
        "urn:uuid:"
            + UUID.nameUUIDFromBytes(
                (project + "\u0000" + projectVersion + "\u0000" + now)
                    .getBytes(StandardCharsets.UTF_8)));
    bom.put("version", 1);
    ObjectNode metadata = bom.putObject("metadata");
    metadata.put("timestamp", now.toString());
    metadata
        .putObject("tools")
        .putArray("components")
        .addObject()
        .put("type", "application")
        .put("name", "Vigil");
    metadata.putArray("authors").addObject().put("name", author);
    ObjectNode subject = metadata.putObject("component");
    subject.put("type", "application");
    subject.put("bom-ref", SUBJECT_REF);
    subject.put("name", project);
    if (projectVersion != null) {
      subject.put("version", projectVersion);
    }
    List<VexGroups.Group> groups = VexGroups.of(entries);
    Map<String, ObjectNode> components = new LinkedHashMap<>();
    for (VexGroups.Group g : groups) {
      for (VexEntry e : g.entries()) {
        components.computeIfAbsent(e.componentRef(), ref -> component(e));
      }
    }
    ArrayNode cs = bom.putArray("components");
    components.values().forEach(cs::add);
    ArrayNode vulns = bom.putArray("vulnerabilities");
    for (VexGroups.Group g : groups) {
      vulns.add(vulnerability(g));
    }
    try {
      return JSON.writeValueAsBytes(bom);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode component(VexEntry e) {
    ObjectNode c = JSON.createObjectNode();
    c.put("type", "library");
    c.put("bom-ref", e.componentRef());
    Purl purl = e.purl();
    if (purl == null) {
      c.put("name", e.componentRef());
      return c;
    }
    if (purl.namespace() != null) {
      c.put("group", purl.namespace());
    }
    c.put("name", purl.name());
    if (purl.version() != null) {
      c.put("version", purl.version());
    }
    c.put("purl", e.exposure().purl());
    return c;
  }

  private static ObjectNode vulnerability(VexGroups.Group g) {
    ObjectNode v = JSON.createObjectNode();
    v.put("id", g.vulnerabilityId());
    v.putObject("source").put("name", sourceOf(g.vulnerabilityId()));
    if (!g.otherIds().isEmpty()) {
      ArrayNode refs = v.putArray("references");
      for (String id : g.otherIds()) {
        ObjectNode r = refs.addObject();
        r.put("id", id);
        r.putObject("source").put("name", sourceOf(id));
      }
    }
    Analysis a = g.analysis();
    ObjectNode analysis = v.putObject("analysis");
    if (a == null) {
      analysis.put("state", "in_triage");
    } else {
      analysis.put("state", a.state().cycloneDx());
      CycloneDxJustification j = a.cycloneDxJustificationOrDefault();
      if (j != null) {
        analysis.put("justification", j.label());
      }
      if (!a.responses().isEmpty()) {
        ArrayNode rs = analysis.putArray("response");
        for (Response r : a.responses()) {
          rs.add(r.label());
        }
      }
      if (a.detail() != null) {
        analysis.put("detail", a.detail());
      }
      analysis.put("firstIssued", a.decidedAt().toString());
      analysis.put("lastUpdated", a.decidedAt().toString());
      if (a.actionStatement() != null) {
        v.put("recommendation", a.actionStatement());
      }
    }
    ArrayNode affects = v.putArray("affects");
    for (VexEntry e : g.entries()) {
      affects.addObject().put("ref", e.componentRef());
    }
    if (a != null && a.justification() != null && j(a).toVex() != a.justification()) {
      ObjectNode prop = v.putArray("properties").addObject();
      prop.put("name", CycloneDxVexReader.VIGIL_JUSTIFICATION);
      prop.put("value", a.justification().label());
    }
    return v;
  }

  private static CycloneDxJustification j(Analysis a) {
    return a.cycloneDxJustificationOrDefault();
  }

  /** The source a vulnerability id comes from (NVD for CVEs, GitHub for GHSA, else OSV). */
  static String sourceOf(String id) {
    String u = id.toUpperCase(Locale.ROOT);
    if (u.startsWith("CVE-")) {
      return "NVD";
    }
    if (u.startsWith("GHSA-")) {
      return "GitHub";
    }
    return "OSV";
  }
}
