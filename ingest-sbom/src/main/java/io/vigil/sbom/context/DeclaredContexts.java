package io.vigil.sbom.context;

import io.vigil.core.project.ProjectContext;
import io.vigil.core.project.ProjectContexts;
import io.vigil.events.v1.SbomStatus;
import io.vigil.sbom.InventoryPages;
import io.vigil.sbom.intake.SbomIntake;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What an accepted SBOM declares about its project, and how its status records it. Pure. */
public final class DeclaredContexts {
  private DeclaredContexts() {}

  /** A declared context and the problems of the declaration (status warnings). */
  public record Declared(ProjectContext context, List<String> problems) {}

  /** The context the document and its upload's tags declare (core's {@link ProjectContexts}). */
  public static Declared declared(SbomIntake.Result result, List<String> uploadTags) {
    ProjectContexts.Declared d = ProjectContexts.declared(result.document().metadata(), uploadTags);
    return new Declared(d.context(), d.problems());
  }

  /** The completed status with the declared context and its problems (as warnings). */
  public static SbomStatus withDeclared(SbomStatus status, Declared declared) {
    if (declared.context().isUnknown() && declared.problems().isEmpty()) {
      return status;
    }
    List<String> warnings = new ArrayList<>(status.getWarnings());
    warnings.addAll(declared.problems());
    return SbomStatus.newBuilder(status)
        .setDeclaredContext(ContextAvro.toAvro(declared.context()))
        .setWarnings(warnings)
        .build();
  }

  /** The identities of inventory entries. */
  public static Set<String> identities(List<InventoryPages.Entry> entries) {
    Set<String> out = new HashSet<>(entries.size());
    entries.forEach(e -> out.add(e.identity()));
    return out;
  }
}
