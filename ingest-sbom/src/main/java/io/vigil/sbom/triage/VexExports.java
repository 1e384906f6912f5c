package io.vigil.sbom.triage;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.triage.Analysis;
import io.vigil.core.triage.ExposureRef;
import io.vigil.core.vex.CycloneDxVexWriter;
import io.vigil.core.vex.OpenVexWriter;
import io.vigil.core.vex.VexEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A project's VEX: its current exposures (as the correlator's query API lists them) with the
 * decision that applies to each ({@link VexEntry#resolve}, core's one rule), written as CycloneDX
 * 1.6 VEX or OpenVEX 0.2. Pure.
 */
public final class VexExports {
  private VexExports() {}

  /** The export formats. */
  public enum Format {
    CYCLONEDX("application/vnd.cyclonedx+json"),
    OPENVEX("application/json");

    private final String contentType;

    Format(String contentType) {
      this.contentType = contentType;
    }

    public String contentType() {
      return contentType;
    }

    /** {@code cyclonedx} (default when null) or {@code openvex}. */
    public static Format parse(String s) {
      if (s == null || s.isBlank()) {
        return CYCLONEDX;
      }
      return switch (s.strip().toLowerCase(Locale.ROOT)) {
        case "cyclonedx", "cdx" -> CYCLONEDX;
        case "openvex" -> OPENVEX;
        default ->
            throw new IllegalArgumentException(
                "format '" + s + "' is not a VEX export format (cyclonedx, openvex)");
      };
    }
  }

  /**
   * The exposures of the query API's items (fields {@code project}, {@code projectVersion}, {@code
   * purl}, {@code advisory}, {@code aliases}, {@code vulnerability}, {@code smallestFix}) of {@code
   * version} (every version when null), undecided.
   */
  public static List<VexEntry> exposures(Collection<JsonNode> items, String version) {
    List<VexEntry> out = new ArrayList<>();
    for (JsonNode i : items) {
      String pv = textOrNull(i, "projectVersion");
      if (version != null && !version.equals(pv)) {
        continue;
      }
      String advisory = textOrNull(i, "advisory");
      String project = textOrNull(i, "project");
      if (advisory == null || project == null) {
        continue;
      }
      Set<String> aliases = new LinkedHashSet<>();
      i.path("aliases").forEach(a -> aliases.add(a.asText()));
      String vulnerability = textOrNull(i, "vulnerability");
      if (vulnerability != null) {
        aliases.add(vulnerability);
      }
      aliases.remove(advisory);
      out.add(
          new VexEntry(
              ExposureRef.of(project, pv, textOrNull(i, "purl"), advisory, aliases),
              textOrNull(i, "smallestFix"),
              null));
    }
    return out;
  }

  /**
   * The document.
   *
   * @throws IllegalArgumentException when OpenVEX has nothing to state (no exposure with a purl)
   */
  public static byte[] write(
      Format format,
      String project,
      String version,
      String author,
      List<VexEntry> exposures,
      Collection<Analysis> analyses,
      Instant now) {
    List<VexEntry> entries = VexEntry.resolve(exposures, analyses, now, null);
    return switch (format) {
      case CYCLONEDX -> CycloneDxVexWriter.write(project, version, author, entries, now);
      case OPENVEX -> OpenVexWriter.write(project, version, author, entries, now);
    };
  }

  private static String textOrNull(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
  }
}
