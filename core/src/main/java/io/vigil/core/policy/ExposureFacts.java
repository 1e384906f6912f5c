package io.vigil.core.policy;

import java.util.List;

/**
 * What a policy rule knows of the exposure itself, as CEL variable {@code exposure}.
 *
 * @param id the exposure id
 * @param indeterminate true when the match rests on an exact version string (the version could not
 *     be ordered)
 * @param fixedVersions the versions that fix it for this component
 * @param initialInventory true when it comes from the project's first SBOM
 */
public record ExposureFacts(
    String id, boolean indeterminate, List<String> fixedVersions, boolean initialInventory) {

  public ExposureFacts {
    fixedVersions = fixedVersions == null ? List.of() : List.copyOf(fixedVersions);
  }
}
