package io.vigil.core.triage;

import io.vigil.core.purl.MalformedPurlException;
import io.vigil.core.purl.Purl;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What an analysis is checked against: one exposure (a project ships a component affected by a
 * vulnerability), reduced to the fields the scope and vulnerability rules read.
 *
 * @param project project name
 * @param projectVersion project version, or null
 * @param purl the component's purl as in the SBOM, or null
 * @param bomRef the component's SBOM reference, or null
 * @param vulnerabilityId the advisory id of the exposure
 * @param aliases the advisory's aliases (CVE, GHSA...), without {@code vulnerabilityId}
 */
public record ExposureRef(
    String project,
    String projectVersion,
    String purl,
    String bomRef,
    String vulnerabilityId,
    Set<String> aliases) {

  public ExposureRef {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(vulnerabilityId, "vulnerabilityId");
    aliases = aliases == null ? Set.of() : Set.copyOf(aliases);
  }

  /** An exposure of a component known by its purl. */
  public static ExposureRef of(
      String project,
      String projectVersion,
      String purl,
      String vulnerabilityId,
      Collection<String> aliases) {
    return new ExposureRef(
        project,
        projectVersion,
        purl,
        null,
        vulnerabilityId,
        aliases == null ? Set.of() : new LinkedHashSet<>(aliases));
  }

  /** The parsed purl, empty when there is none or it does not parse. */
  public Optional<Purl> parsedPurl() {
    if (purl == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Purl.parse(purl));
    } catch (MalformedPurlException e) {
      return Optional.empty();
    }
  }

  /** True when {@code id} is the exposure's vulnerability id or one of its aliases. */
  public boolean namesVulnerability(String id) {
    if (VulnerabilityIds.same(id, vulnerabilityId)) {
      return true;
    }
    for (String alias : aliases) {
      if (VulnerabilityIds.same(id, alias)) {
        return true;
      }
    }
    return false;
  }
}
