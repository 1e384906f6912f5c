package io.vigil.console.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One component of a project's inventory, as the correlator's {@code GET
 * /api/v1/projects/{project}/components} answers it, with its open exposures.
 */
public record InventoryRow(
    String purl, String version, Boolean direct, List<OpenExposure> exposures) {

  /** One open exposure of the component. */
  public record OpenExposure(
      String advisory, String vulnerability, String severity, boolean kev, boolean suppressed) {}

  public static InventoryRow of(JsonNode n) {
    List<OpenExposure> open = new ArrayList<>();
    for (JsonNode x : n.path("exposures")) {
      open.add(
          new OpenExposure(
              x.path("advisory").asText(),
              x.path("vulnerability").asText(x.path("advisory").asText()),
              x.path("severity").isTextual() ? x.path("severity").asText() : "UNKNOWN",
              x.path("kev").asBoolean(false),
              x.path("suppressed").asBoolean(false)));
    }
    return new InventoryRow(
        n.path("purl").asText(),
        n.path("version").asText(null),
        n.path("direct").isBoolean() ? n.path("direct").asBoolean() : null,
        List.copyOf(open));
  }

  public String how() {
    return direct == null ? "unknown" : direct ? "direct" : "transitive";
  }

  /** The open exposures no triage decision suppresses. */
  public long unsuppressed() {
    return exposures.stream().filter(e -> !e.suppressed()).count();
  }
}
