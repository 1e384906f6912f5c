package io.vigil.core.triage;

import java.util.Objects;

/**
 * Where a decision applies.
 *
 * <ul>
 *   <li>{@link Kind#COMPONENT}: the components a {@link ComponentMatcher} matches, in one project
 *       (one version of it, or every version when {@code projectVersion} is null);
 *   <li>{@link Kind#PROJECT}: every component of one project (+ version);
 *   <li>{@link Kind#PORTFOLIO}: the components a matcher matches in every project: a (package,
 *       vulnerability) pair decided once for the whole portfolio.
 * </ul>
 *
 * The kinds are listed in precedence order: when several decisions apply to one exposure, a
 * component decision beats a project one, which beats a portfolio one ({@link #precedence()}).
 *
 * @param kind the kind
 * @param project project name (COMPONENT, PROJECT), null for PORTFOLIO
 * @param projectVersion one version of the project, or null for all of them (never for PORTFOLIO)
 * @param component the component matcher (COMPONENT, PORTFOLIO), null for PROJECT
 */
public record AnalysisScope(
    Kind kind, String project, String projectVersion, ComponentMatcher component) {

  /** The kinds of scope, from the broadest to the narrowest. */
  public enum Kind {
    PORTFOLIO,
    PROJECT,
    COMPONENT
  }

  public AnalysisScope {
    Objects.requireNonNull(kind, "kind");
    project = blankToNull(project);
    projectVersion = blankToNull(projectVersion);
    switch (kind) {
      case COMPONENT -> {
        require(project != null, "a component scope names its project");
        require(component != null, "a component scope names its component (purl or bom-ref)");
      }
      case PROJECT -> {
        require(project != null, "a project scope names its project");
        require(component == null, "a project scope names no component");
      }
      case PORTFOLIO -> {
        require(project == null && projectVersion == null, "a portfolio scope names no project");
        require(
            component instanceof PurlPattern,
            "a portfolio scope names its package as a purl (pkg:type/namespace/name)");
      }
    }
  }

  /** Every component of {@code project} (every version when {@code version} is null). */
  public static AnalysisScope project(String project, String version) {
    return new AnalysisScope(Kind.PROJECT, project, version, null);
  }

  /** The matching components of {@code project} (every version when {@code version} is null). */
  public static AnalysisScope component(
      String project, String version, ComponentMatcher component) {
    return new AnalysisScope(Kind.COMPONENT, project, version, component);
  }

  /** The matching components of every project. */
  public static AnalysisScope portfolio(PurlPattern pkg) {
    return new AnalysisScope(Kind.PORTFOLIO, null, null, pkg);
  }

  /** Higher wins: COMPONENT 2, PROJECT 1, PORTFOLIO 0. */
  public int precedence() {
    return kind.ordinal();
  }

  /** Does the scope cover the exposure's project and component? */
  public boolean covers(ExposureRef exposure) {
    if (project != null) {
      if (!project.equals(exposure.project())) {
        return false;
      }
      if (projectVersion != null && !projectVersion.equals(exposure.projectVersion())) {
        return false;
      }
    }
    return component == null || component.matches(exposure);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
