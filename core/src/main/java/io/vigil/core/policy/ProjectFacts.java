package io.vigil.core.policy;

import java.util.List;

/**
 * What a policy rule knows of the project, as CEL variable {@code project}.
 *
 * @param name project name
 * @param version project version ({@code ""} when none)
 * @param tags project tags (DT {@code projectTags}, SBOM metadata)
 */
public record ProjectFacts(String name, String version, List<String> tags) {

  public ProjectFacts {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }
}
