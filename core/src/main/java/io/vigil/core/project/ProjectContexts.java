package io.vigil.core.project;

import io.vigil.core.sbom.SbomMetadata;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one rule for where a project's context comes from: what its SBOM declares, what its upload
 * declares (Dependency-Track's {@code projectTags}), and what an operator set in the registry.
 *
 * <p><b>Declared by the SBOM</b> (CycloneDX; SPDX has no place for it): the properties of {@code
 * metadata.properties} and {@code metadata.component.properties} named
 *
 * <table>
 *   <tr><th>property</th><th>value</th></tr>
 *   <tr><td>{@code vigil:owner}</td><td>free text</td></tr>
 *   <tr><td>{@code vigil:team}</td><td>free text</td></tr>
 *   <tr><td>{@code vigil:criticality}</td><td>{@code mission-essential}, {@code support} or {@code
 *       minimal} ({@link Criticality#parse})</td></tr>
 *   <tr><td>{@code vigil:exposure}</td><td>{@code internet-facing} or {@code internal} ({@link
 *       ProjectExposure#parse})</td></tr>
 *   <tr><td>{@code vigil:tags}</td><td>comma-separated tags (the property may repeat)</td></tr>
 * </table>
 *
 * plus the tags of {@code metadata.component.tags} (CycloneDX 1.6). The first value of a property
 * wins; a value that does not parse is reported and ignored (the part stays unknown), never
 * guessed.
 *
 * <p><b>Effective</b> = {@code registry.over(declared)}: the registry's known parts win, part by
 * part; tags are the union ({@link ProjectContext#over}).
 */
public final class ProjectContexts {
  public static final String OWNER = "vigil:owner";
  public static final String TEAM = "vigil:team";
  public static final String CRITICALITY = "vigil:criticality";
  public static final String EXPOSURE = "vigil:exposure";
  public static final String TAGS = "vigil:tags";

  private ProjectContexts() {}

  /**
   * What an SBOM (and its upload) declares.
   *
   * @param metadata the SBOM's metadata
   * @param uploadTags tags sent with the upload (Dependency-Track {@code projectTags}), or null
   * @return the context and the problems found (values that do not parse)
   */
  public static Declared declared(SbomMetadata metadata, List<String> uploadTags) {
    List<String> problems = new ArrayList<>();
    String owner = first(metadata, OWNER);
    String team = first(metadata, TEAM);
    Criticality criticality = null;
    String c = first(metadata, CRITICALITY);
    if (c != null) {
      criticality = Criticality.parse(c).orElse(null);
      if (criticality == null) {
        problems.add(
            CRITICALITY
                + ": '"
                + c
                + "' is not mission-essential, support or minimal; criticality left unknown");
      }
    }
    ProjectExposure exposure = null;
    String e = first(metadata, EXPOSURE);
    if (e != null) {
      exposure = ProjectExposure.parse(e).orElse(null);
      if (exposure == null) {
        problems.add(
            EXPOSURE + ": '" + e + "' is not internet-facing or internal; exposure left unknown");
      }
    }
    List<String> tags = new ArrayList<>(metadata.subjectTags());
    for (String v : metadata.propertyValues(TAGS)) {
      tags.addAll(Arrays.asList(v.split(",")));
    }
    if (uploadTags != null) {
      tags.addAll(uploadTags);
    }
    owner = valid("owner", owner, problems);
    team = valid("team", team, problems);
    List<String> kept = new ArrayList<>();
    for (String tag : tags) {
      if (valid("tag", tag, problems) != null && !tag.isBlank()) {
        kept.add(tag);
      }
    }
    ProjectContext context = new ProjectContext(owner, team, List.of(), criticality, exposure);
    List<String> distinct = new ProjectContext(null, null, kept, null, null).tags();
    if (distinct.size() > ProjectContext.MAX_TAGS) {
      problems.add(
          "declared project context: "
              + distinct.size()
              + " tags, only the first "
              + ProjectContext.MAX_TAGS
              + " (sorted) are kept");
      distinct = distinct.subList(0, ProjectContext.MAX_TAGS);
    }
    return new Declared(
        new ProjectContext(owner, team, distinct, context.criticality(), context.exposure()),
        problems);
  }

  /** The value when it is acceptable, else null with the problem recorded. */
  private static String valid(String part, String value, List<String> problems) {
    List<String> invalid =
        part.equals("tag")
            ? ProjectContext.validate(null, null, value == null ? null : List.of(value))
            : ProjectContext.validate(
                part.equals("owner") ? value : null, part.equals("team") ? value : null, null);
    if (invalid.isEmpty()) {
      return value;
    }
    invalid.forEach(
        p ->
            problems.add("declared project context: " + p.replace("tags[0]", "tag") + "; ignored"));
    return null;
  }

  /** The context a project has: the registry's over what its latest SBOM declared. */
  public static ProjectContext effective(ProjectContext registry, ProjectContext declared) {
    ProjectContext base = declared == null ? ProjectContext.UNKNOWN : declared;
    return registry == null ? base : registry.over(base);
  }

  /**
   * Where each known part of the effective context comes from: {@code registry} or {@code sbom}
   * (tags: either or both, comma-separated), in the order owner, team, criticality, exposure, tags.
   */
  public static Map<String, String> sources(ProjectContext registry, ProjectContext declared) {
    ProjectContext r = registry == null ? ProjectContext.UNKNOWN : registry;
    ProjectContext d = declared == null ? ProjectContext.UNKNOWN : declared;
    Map<String, String> out = new LinkedHashMap<>();
    source(out, "owner", r.owner() != null, d.owner() != null);
    source(out, "team", r.team() != null, d.team() != null);
    source(out, "criticality", r.criticality() != null, d.criticality() != null);
    source(out, "exposure", r.exposure() != null, d.exposure() != null);
    if (!r.tags().isEmpty() && !d.tags().isEmpty()) {
      out.put("tags", "registry,sbom");
    } else {
      source(out, "tags", !r.tags().isEmpty(), !d.tags().isEmpty());
    }
    return out;
  }

  private static void source(Map<String, String> out, String part, boolean reg, boolean sbom) {
    if (reg) {
      out.put(part, "registry");
    } else if (sbom) {
      out.put(part, "sbom");
    }
  }

  private static String first(SbomMetadata metadata, String name) {
    for (String v : metadata.propertyValues(name)) {
      if (!v.isBlank()) {
        return v;
      }
    }
    return null;
  }

  /** A declared context and what was wrong with the declaration. */
  public record Declared(ProjectContext context, List<String> problems) {
    public Declared {
      problems = List.copyOf(problems);
    }
  }
}
