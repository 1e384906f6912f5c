package io.vigil.core.vex;

import io.vigil.core.osv.AliasGroups;
import io.vigil.core.purl.MalformedPurlException;
import io.vigil.core.purl.Purl;
import io.vigil.core.triage.Analysis;
import io.vigil.core.triage.AnalysisResolver;
import io.vigil.core.triage.ExposureRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One exposure of a project as a VEX export states it: the exposure, the version that fixes it (for
 * the action statement), and the decision that applies to it (null: not triaged, written as {@code
 * in_triage} / {@code under_investigation}).
 *
 * @param exposure the exposure
 * @param fixedIn the smallest fixing version, or null
 * @param analysis the decision that applies, or null
 */
public record VexEntry(ExposureRef exposure, String fixedIn, Analysis analysis) {

  public VexEntry {
    Objects.requireNonNull(exposure, "exposure");
  }

  /**
   * The entries of {@code exposures} with the decision that applies to each at {@code now} ({@link
   * AnalysisResolver}).
   */
  public static List<VexEntry> resolve(
      Collection<VexEntry> exposures,
      Collection<Analysis> analyses,
      Instant now,
      AliasGroups groups) {
    List<VexEntry> out = new ArrayList<>(exposures.size());
    for (VexEntry e : exposures) {
      Analysis a = AnalysisResolver.resolve(e.exposure(), analyses, now, groups).decision();
      out.add(new VexEntry(e.exposure(), e.fixedIn(), a));
    }
    return out;
  }

  /** The id a VEX names the vulnerability by: its CVE when it has one, else the advisory id. */
  public String vulnerabilityId() {
    if (exposure.vulnerabilityId().toUpperCase(Locale.ROOT).startsWith("CVE-")) {
      return exposure.vulnerabilityId();
    }
    return exposure.aliases().stream()
        .filter(a -> a.toUpperCase(Locale.ROOT).startsWith("CVE-"))
        .sorted()
        .findFirst()
        .orElse(exposure.vulnerabilityId());
  }

  /** The other ids of the vulnerability (advisory id and aliases), sorted. */
  public List<String> otherIds() {
    Set<String> ids = new java.util.TreeSet<>();
    ids.add(exposure.vulnerabilityId());
    ids.addAll(exposure.aliases());
    ids.remove(vulnerabilityId());
    return List.copyOf(new LinkedHashSet<>(ids));
  }

  /** The component's reference in an export: its purl, else its bom-ref. */
  public String componentRef() {
    return exposure.purl() != null ? exposure.purl() : exposure.bomRef();
  }

  /** The component's purl, parsed, or null. */
  Purl purl() {
    if (exposure.purl() == null) {
      return null;
    }
    try {
      return Purl.parse(exposure.purl());
    } catch (MalformedPurlException e) {
      return null;
    }
  }
}
