package io.vigil.sbom.triage;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.triage.Analysis;
import io.vigil.core.triage.AnalysisScope;
import io.vigil.core.triage.AnalysisSource;
import io.vigil.core.triage.AnalysisState;
import io.vigil.core.triage.ExposureRef;
import io.vigil.core.triage.Justification;
import io.vigil.core.triage.PurlPattern;
import io.vigil.core.triage.Response;
import io.vigil.core.vex.CycloneDxVexWriter;
import io.vigil.core.vex.OpenVexWriter;
import io.vigil.core.vex.VexEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A project's VEX: its current exposures as the correlator's query API lists them, each with the
 * decision the correlator resolved for it (its {@code analysis}: core's {@code AnalysisResolver}
 * over the advisory's whole alias group, decisions invalidated by a new advisory version left out,
 * policy decisions included), written as CycloneDX 1.6 VEX or OpenVEX 0.2. The decision is not
 * resolved again here: the export states what the stream applies. Pure.
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
   * purl}, {@code advisory}, {@code aliases}, {@code vulnerability}, {@code smallestFix}, {@code
   * analysis}) of {@code version} (every version when null), each with the decision the correlator
   * put on it: the recorded decision of that key when {@code recorded} still holds the same one
   * (every field of it, e.g. the finer CycloneDX justification), else the decision as the item
   * states it (a policy's); none when the item has none or it expired before {@code now}.
   *
   * @param recorded the current decision of a key (the analyses topic's), or empty
   */
  public static List<VexEntry> exposures(
      Collection<JsonNode> items,
      String version,
      Function<String, Optional<Analysis>> recorded,
      Instant now) {
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
      ExposureRef exposure = ExposureRef.of(project, pv, textOrNull(i, "purl"), advisory, aliases);
      out.add(
          new VexEntry(
              exposure,
              textOrNull(i, "smallestFix"),
              decision(i.get("analysis"), exposure, recorded, now)));
    }
    return out;
  }

  /**
   * The decision on one item: the recorded one of its key (same decision time), else as stated;
   * null when none applies at {@code now}.
   *
   * @throws IllegalArgumentException when the stated decision cannot be read (naming the field)
   */
  static Analysis decision(
      JsonNode analysis,
      ExposureRef exposure,
      Function<String, Optional<Analysis>> recorded,
      Instant now) {
    if (analysis == null || analysis.isNull() || analysis.isMissingNode()) {
      return null;
    }
    Instant decidedAt = Instant.parse(analysis.path("decidedAt").asText());
    String until = textOrNull(analysis, "validUntil");
    if (until != null && !Instant.parse(until).isAfter(now)) {
      return null; // expired: the correlator lifts it at its next expiry check
    }
    String key = textOrNull(analysis, "key");
    Optional<Analysis> same =
        key == null
            ? Optional.empty()
            : recorded
                .apply(key)
                .filter(a -> a.decidedAt().toEpochMilli() == decidedAt.toEpochMilli());
    if (same.isPresent()) {
      return same.get();
    }
    String state = textOrNull(analysis, "state");
    if (state == null) {
      throw new IllegalArgumentException("the exposure's analysis names no state: " + analysis);
    }
    List<Response> responses = new ArrayList<>();
    analysis
        .path("responses")
        .forEach(r -> Response.fromLabel(r.asText()).ifPresent(responses::add));
    String source = textOrNull(analysis, "source");
    String vulnerability = textOrNull(analysis, "vulnerability");
    return Analysis.builder(
            scopeOf(exposure),
            vulnerability == null ? exposure.vulnerabilityId() : vulnerability,
            AnalysisState.parse(state))
        .justification(Justification.fromLabel(textOrNull(analysis, "justification")).orElse(null))
        .responses(responses)
        .detail(textOrNull(analysis, "detail"))
        .author(textOrNull(analysis, "author"))
        .source(source == null ? AnalysisSource.MANUAL : AnalysisSource.valueOf(source))
        .sourceRef(textOrNull(analysis, "sourceRef"))
        .decidedAt(decidedAt)
        .validUntil(until == null ? null : Instant.parse(until))
        .build();
  }

  /** The exposure's own component in its project (what an export states a decision about). */
  private static AnalysisScope scopeOf(ExposureRef e) {
    return e.purl() == null
        ? AnalysisScope.project(e.project(), e.projectVersion())
        : AnalysisScope.component(e.project(), e.projectVersion(), PurlPattern.parse(e.purl()));
  }

  /**
   * The document.
   *
   * @param exposures the exposures, each with its decision ({@link #exposures})
   * @throws IllegalArgumentException when OpenVEX has nothing to state (no exposure with a purl)
   */
  public static byte[] write(
      Format format,
      String project,
      String version,
      String author,
      List<VexEntry> exposures,
      Instant now) {
    return switch (format) {
      case CYCLONEDX -> CycloneDxVexWriter.write(project, version, author, exposures, now);
      case OPENVEX -> OpenVexWriter.write(project, version, author, exposures, now);
    };
  }

  private static String textOrNull(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
  }
}
