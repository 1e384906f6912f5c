package io.vigil.core.policy;

import java.util.List;
import java.util.Optional;

/**
 * What a policy rule knows of the exposed component, as CEL variable {@code component}. Strings the
 * SBOM does not give read as {@code ""}; {@code direct} is an optional ({@code
 * component.direct.orValue(false)}) because "unknown" must not read as "transitive".
 *
 * @param purl the purl as in the SBOM ({@code ""} when none)
 * @param name component name
 * @param group group / namespace
 * @param version version as in the SBOM
 * @param type CycloneDX component type (library, application, ...)
 * @param scope {@code required}, {@code optional}, {@code excluded} or {@code ""}
 * @param direct true when the project depends on it directly, false when only transitively, empty
 *     when the SBOM has no dependency graph
 * @param licenses SPDX ids, expressions or names
 * @param ecosystem OSV ecosystem (Maven, npm, PyPI, Debian:12, ...)
 * @param packageKey Vigil's package key ({@code Maven/org.apache.logging.log4j:log4j-core})
 */
public record ComponentFacts(
    String purl,
    String name,
    String group,
    String version,
    String type,
    String scope,
    Optional<Boolean> direct,
    List<String> licenses,
    String ecosystem,
    String packageKey) {

  public ComponentFacts {
    direct = direct == null ? Optional.empty() : direct;
    licenses = licenses == null ? List.of() : List.copyOf(licenses);
  }
}
