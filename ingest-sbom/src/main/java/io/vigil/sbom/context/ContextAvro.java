package io.vigil.sbom.context;

import io.vigil.core.project.Criticality;
import io.vigil.core.project.ProjectContext;
import io.vigil.core.project.ProjectExposure;
import java.util.LinkedHashMap;
import java.util.Map;

/** Core's {@link ProjectContext} to and from its wire form, and its JSON form. Pure. */
public final class ContextAvro {
  private ContextAvro() {}

  /** The wire form; null for a context of which nothing is known. */
  public static io.vigil.events.v1.ProjectContext toAvro(ProjectContext c) {
    if (c == null || c.isUnknown()) {
      return null;
    }
    return io.vigil.events.v1.ProjectContext.newBuilder()
        .setOwner(c.owner())
        .setTeam(c.team())
        .setTags(c.tags())
        .setCriticality(
            c.criticality() == null
                ? null
                : io.vigil.events.v1.Criticality.valueOf(c.criticality().name()))
        .setExposure(
            c.exposure() == null
                ? null
                : io.vigil.events.v1.ProjectExposure.valueOf(c.exposure().name()))
        .build();
  }

  /** The core form; {@link ProjectContext#UNKNOWN} for null. */
  public static ProjectContext fromAvro(io.vigil.events.v1.ProjectContext a) {
    if (a == null) {
      return ProjectContext.UNKNOWN;
    }
    return new ProjectContext(
        a.getOwner(),
        a.getTeam(),
        a.getTags(),
        a.getCriticality() == null ? null : Criticality.valueOf(a.getCriticality().name()),
        a.getExposure() == null ? null : ProjectExposure.valueOf(a.getExposure().name()));
  }

  /** {@code {owner, team, tags, criticality, exposure}} with labels ({@code mission-essential}). */
  public static Map<String, Object> json(ProjectContext c) {
    ProjectContext x = c == null ? ProjectContext.UNKNOWN : c;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("owner", x.owner());
    out.put("team", x.team());
    out.put("tags", x.tags());
    out.put("criticality", x.criticality() == null ? null : x.criticality().label());
    out.put("exposure", x.exposure() == null ? null : x.exposure().label());
    return out;
  }
}
