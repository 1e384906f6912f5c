package io.vigil.sbom.triage;

import io.vigil.core.triage.Analysis;
import io.vigil.core.vex.InvalidVexException;
import io.vigil.core.vex.VexDocument;
import io.vigil.core.vex.VexImport;
import io.vigil.core.vex.VexParser;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A VEX document read as a target's decisions, the same for every channel (the HTTP routes {@code
 * POST /api/v1/analyses/vex} and {@code PUT|POST /api/v1/vex}, and a VEX submission on the
 * submissions topic): core's {@link VexParser} (CycloneDX JSON/XML, OpenVEX, CSAF; every problem
 * with its path) and {@link VexImport} (purl with or without version and qualifiers, bom-ref, CSAF
 * product tree; statements about components not in the inventory kept). Pure.
 */
public final class VexImports {
  private VexImports() {}

  /** A document read, and the decisions it gives. */
  public record Imported(VexDocument document, VexImport.Result result) {
    /**
     * What an import reports: format, counts, the decisions' keys, what was skipped and why.
     *
     * @param changed how many decisions were written (identical ones are not)
     */
    public Map<String, Object> summary(int changed) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("format", document.format().name().toLowerCase(Locale.ROOT));
      out.put("specVersion", document.specVersion());
      out.put("documentId", document.id());
      out.put("statements", document.statements().size());
      out.put("analyses", result.analyses().size());
      out.put("changed", changed);
      out.put("keys", result.analyses().stream().map(Analysis::key).toList());
      out.put("skipped", result.skipped());
      out.put("warnings", document.warnings());
      return out;
    }
  }

  /**
   * Reads {@code document} as decisions of a project (every version when {@code version} is null)
   * or, with a null {@code project}, of the portfolio.
   *
   * @param author who imports it (the decisions' author when the document names none)
   * @param now the import time
   * @throws InvalidVexException with every problem, {@code path: message}; nothing is kept
   */
  public static Imported read(
      byte[] document, String project, String version, String author, Instant now)
      throws InvalidVexException {
    VexDocument doc = VexParser.parse(document);
    VexImport.Target target =
        project == null ? VexImport.Target.portfolio() : VexImport.Target.project(project, version);
    return new Imported(doc, VexImport.analyses(doc, target, author, now));
  }
}
