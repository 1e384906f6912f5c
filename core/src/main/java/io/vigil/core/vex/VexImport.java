package io.vigil.core.vex;

import io.vigil.core.purl.MalformedPurlException;
import io.vigil.core.triage.Analysis;
import io.vigil.core.triage.AnalysisScope;
import io.vigil.core.triage.AnalysisSource;
import io.vigil.core.triage.BomRefMatcher;
import io.vigil.core.triage.PurlPattern;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the statements of a VEX document into triage decisions for a target: one project (+
 * version), as Dependency-Track's {@code POST /api/v1/vex} does, or the whole portfolio (a
 * supplier's VEX about its packages).
 *
 * <p>Per statement and product, the most specific identification decides the scope:
 *
 * <ul>
 *   <li>the document's subject (a CycloneDX ref to {@code metadata.component}, or a statement with
 *       no product) → PROJECT scope of the target project; exact versions listed in {@code
 *       affects[].versions} limit it to those project versions;
 *   <li>a purl (the product's, or its subcomponent's) → COMPONENT scope in the target project, or
 *       PORTFOLIO scope without one; a purl without version matches every version, so statements
 *       about components that are not (yet) in the inventory are kept and apply when they arrive;
 *   <li>a bom-ref without purl (a BOM-Link, a ref to the project's own SBOM) → COMPONENT scope by
 *       bom-ref in the target project.
 * </ul>
 *
 * What cannot be matched is reported, never widened: a product named only by CPE or name, a bom-ref
 * or subject in a portfolio import, {@code affects[].versions} given as vers ranges (Vigil does not
 * evaluate them; importing the statement for every version could suppress affected ones). Two
 * statements with one key (same scope and vulnerability): the later {@code timestamp} wins, then
 * the later in the document.
 */
public final class VexImport {
  private VexImport() {}

  /** Where the statements go. */
  public record Target(String project, String projectVersion) {
    /** Into one project (every version when {@code version} is null). */
    public static Target project(String project, String version) {
      return new Target(project, version);
    }

    /** Into the whole portfolio. */
    public static Target portfolio() {
      return new Target(null, null);
    }
  }

  /**
   * The decisions, and the statements (or products) that were not imported, each with its path and
   * reason.
   */
  public record Result(List<Analysis> analyses, List<String> skipped) {}

  /**
   * The decisions of {@code document} for {@code target}.
   *
   * @param importedBy who imports it (the author when the document names none; always in the
   *     comment)
   * @param now the import time (the decision time of statements without a timestamp)
   */
  public static Result analyses(
      VexDocument document, Target target, String importedBy, Instant now) {
    Map<String, Analysis> byKey = new LinkedHashMap<>();
    List<String> skipped = new ArrayList<>();
    String author = document.author() != null ? document.author() : importedBy;
    String sourceRef =
        document.id() != null
            ? document.id()
            : document.format().name().toLowerCase() + " document";
    for (VexStatement s : document.statements()) {
      List<AnalysisScope> scopes = new ArrayList<>();
      if (s.products().isEmpty()) {
        subject(target, List.of(), s.path(), scopes, skipped);
      }
      for (VexProduct product : s.products()) {
        scopes(product.target(), target, s.path(), scopes, skipped);
      }
      for (AnalysisScope scope : scopes) {
        Analysis a =
            Analysis.builder(scope, s.vulnerabilityId(), s.state())
                .justification(s.justification())
                .cycloneDxJustification(s.cycloneDxJustification())
                .responses(s.responses())
                .detail(s.detail())
                .actionStatement(s.actionStatement())
                .comment("imported by " + importedBy + " from " + sourceRef)
                .author(author)
                .source(AnalysisSource.VEX)
                .sourceRef(sourceRef)
                .decidedAt(s.timestamp() != null ? s.timestamp() : now)
                .build();
        byKey.merge(
            a.key(), a, (old, neu) -> neu.decidedAt().isBefore(old.decidedAt()) ? old : neu);
      }
    }
    return new Result(List.copyOf(byKey.values()), skipped);
  }

  private static void scopes(
      ProductRef ref, Target target, String path, List<AnalysisScope> out, List<String> skipped) {
    if (ref.subject()) {
      subject(target, ref.versions(), path, out, skipped);
      return;
    }
    if (ref.purl() != null) {
      PurlPattern pattern;
      try {
        pattern = PurlPattern.parse(ref.purl());
      } catch (MalformedPurlException e) {
        skipped.add(path + ": purl '" + ref.purl() + "' does not parse: " + e.getMessage());
        return;
      }
      List<PurlPattern> patterns = new ArrayList<>();
      if (ref.versions().isEmpty() || pattern.hasVersion()) {
        patterns.add(pattern);
      } else {
        List<String> exact = exactVersions(ref.versions(), path, ref.purl(), skipped);
        if (exact == null) {
          return;
        }
        for (String v : exact) {
          var p = pattern.purl();
          patterns.add(
              new PurlPattern(
                  io.vigil.core.purl.Purl.of(
                      p.type(), p.namespace(), p.name(), v, p.qualifiers(), p.subpath())));
        }
      }
      for (PurlPattern p : patterns) {
        out.add(
            target.project() == null
                ? AnalysisScope.portfolio(p)
                : AnalysisScope.component(target.project(), target.projectVersion(), p));
      }
      return;
    }
    if (ref.bomRef() != null) {
      if (target.project() == null) {
        skipped.add(
            path
                + ": names component '"
                + ref.bomRef()
                + "' by bom-ref only: import the document into a project");
        return;
      }
      out.add(
          AnalysisScope.component(
              target.project(), target.projectVersion(), new BomRefMatcher(ref.bomRef())));
      return;
    }
    String name = ref.name() != null ? ref.name() : ref.id();
    skipped.add(
        path
            + ": product '"
            + name
            + "' is identified by "
            + (ref.cpe() != null ? "CPE " + ref.cpe() : "name or id")
            + " only: Vigil matches components by purl or bom-ref");
  }

  private static void subject(
      Target target,
      List<ProductRef.AffectedVersion> versions,
      String path,
      List<AnalysisScope> out,
      List<String> skipped) {
    if (target.project() == null) {
      skipped.add(path + ": about the document's own product: import the document into a project");
      return;
    }
    if (versions.isEmpty()) {
      out.add(AnalysisScope.project(target.project(), target.projectVersion()));
      return;
    }
    List<String> exact = exactVersions(versions, path, "the product", skipped);
    if (exact == null) {
      return;
    }
    for (String v : exact) {
      if (target.projectVersion() == null || target.projectVersion().equals(v)) {
        out.add(AnalysisScope.project(target.project(), v));
      }
    }
    if (target.projectVersion() != null && !exact.contains(target.projectVersion())) {
      skipped.add(
          path
              + ": versions "
              + exact
              + " do not include project version "
              + target.projectVersion());
    }
  }

  /** The exact versions, or null (reported) when a vers range is among them. */
  private static List<String> exactVersions(
      List<ProductRef.AffectedVersion> versions, String path, String what, List<String> skipped) {
    List<String> exact = new ArrayList<>();
    for (ProductRef.AffectedVersion v : versions) {
      if (v.range() != null) {
        skipped.add(
            path
                + ": "
                + what
                + " is limited by the version range '"
                + v.range()
                + "', which Vigil does not evaluate: not imported (list exact versions instead)");
        return null;
      }
      if (v.version() != null) {
        exact.add(v.version());
      }
    }
    return exact;
  }
}
