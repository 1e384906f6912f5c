package io.vigil.core.policy;

import java.util.List;

/**
 * What a policy rule knows of the project, as CEL variable {@code project}: its name and version,
 * and its context (issue 17: declared by the SBOM or set in the project registry).
 *
 * @param name project name
 * @param version project version ({@code ""} when none)
 * @param tags project tags (DT {@code projectTags}, SBOM metadata, the registry)
 * @param team the owning team ({@code ""} when unknown)
 * @param owner the owner ({@code ""} when unknown)
 * @param criticality {@code MISSION_ESSENTIAL}, {@code SUPPORT}, {@code MINIMAL}, or {@code ""}
 *     when unknown
 * @param exposure {@code INTERNET_FACING}, {@code INTERNAL}, or {@code ""} when unknown
 */
public record ProjectFacts(
    String name,
    String version,
    List<String> tags,
    String team,
    String owner,
    String criticality,
    String exposure) {

  public ProjectFacts {
    tags = tags == null ? List.of() : List.copyOf(tags);
    team = team == null ? "" : team;
    owner = owner == null ? "" : owner;
    criticality = criticality == null ? "" : criticality;
    exposure = exposure == null ? "" : exposure;
  }

  /** A project without context beyond its tags. */
  public ProjectFacts(String name, String version, List<String> tags) {
    this(name, version, tags, "", "", "", "");
  }
}
