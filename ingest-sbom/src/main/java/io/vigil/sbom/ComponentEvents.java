package io.vigil.sbom;

import io.vigil.core.SkeletonPackageKey;
import io.vigil.core.sbom.SbomComponent;
import io.vigil.core.sbom.SbomDocument;
import io.vigil.events.v1.Component;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.Hash;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Pure mapping from a parsed SBOM to component events. */
public final class ComponentEvents {
  private ComponentEvents() {}

  /**
   * One ADDED event per distinct component of the document (distinct by purl; components without a
   * purl by name and version), all marked as the project's initial inventory.
   */
  public static List<ComponentEvent> added(
      SbomDocument doc,
      String projectId,
      String project,
      String version,
      String submissionId,
      Instant receivedAt) {
    Map<String, SbomComponent> distinct = new LinkedHashMap<>();
    for (SbomComponent c : doc.components()) {
      String identity =
          c.purl() != null ? c.purl() : "name:" + c.group() + "/" + c.name() + "@" + c.version();
      distinct.putIfAbsent(identity, c);
    }
    List<ComponentEvent> out = new ArrayList<>(distinct.size());
    distinct.forEach(
        (identity, c) ->
            out.add(
                ComponentEvent.newBuilder()
                    .setEventId(submissionId + ":" + ComponentChange.ADDED + ":" + identity)
                    .setProjectId(projectId)
                    .setProject(project)
                    .setProjectVersion(version)
                    .setSubmissionId(submissionId)
                    .setChange(ComponentChange.ADDED)
                    .setComponent(component(c))
                    .setInitialInventory(true)
                    .setReceivedAt(receivedAt)
                    .build()));
    return out;
  }

  static Component component(SbomComponent c) {
    List<Hash> hashes = new ArrayList<>();
    c.hashes().forEach(h -> hashes.add(new Hash(h.algorithm(), h.value())));
    return Component.newBuilder()
        .setPurl(c.purl())
        .setPackageKey(SkeletonPackageKey.fromPurl(c.purl()))
        .setName(c.name() == null ? "" : c.name())
        .setGroup(c.group())
        .setVersion(c.version())
        .setType(c.type())
        .setScope(c.scope())
        .setDirect(c.direct())
        .setCpe(c.cpe())
        .setBomRef(c.bomRef())
        .setHashes(hashes)
        .setLicenses(c.licenses())
        .build();
  }
}
