package io.vigil.core.project;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * What the organisation knows about a project beyond its SBOM: who owns it, which team, its tags,
 * how critical it is and whether it faces the internet. Every part may be unknown (null, or no
 * tags): an unknown part is never read as a value (SSVC uses its documented default and says so).
 *
 * <p>Values are normalised on construction so that two equal contexts are equal records (change
 * detection depends on it): text trimmed (blank → null), tags trimmed, lower-cased, distinct and
 * sorted. {@link #validate} says what is wrong with a value a user sent.
 *
 * @param owner the person or group accountable for the project (free text, e.g. an e-mail)
 * @param team the team that maintains it (used to route and summarise alerts)
 * @param tags labels (Dependency-Track project tags)
 * @param criticality SSVC mission prevalence, or null when unknown
 * @param exposure internet-facing or internal, or null when unknown
 */
public record ProjectContext(
    String owner,
    String team,
    List<String> tags,
    Criticality criticality,
    ProjectExposure exposure) {

  /** Nothing known. */
  public static final ProjectContext UNKNOWN =
      new ProjectContext(null, null, List.of(), null, null);

  /** Longest owner or team accepted. */
  public static final int MAX_TEXT = 200;

  /** Longest tag accepted. */
  public static final int MAX_TAG = 100;

  /** Most tags accepted. */
  public static final int MAX_TAGS = 50;

  public ProjectContext {
    owner = blankToNull(owner);
    team = blankToNull(team);
    tags = normalisedTags(tags);
  }

  /** True when nothing is known. */
  public boolean isUnknown() {
    return equals(UNKNOWN);
  }

  /**
   * This context laid over {@code base}: each part of this one that is known wins, else the base's;
   * tags are the union of both. Used as {@code registry.over(declaredBySbom)}: what an operator set
   * in the registry overrides what an SBOM declares, part by part.
   */
  public ProjectContext over(ProjectContext base) {
    if (base == null) {
      return this;
    }
    List<String> union = new ArrayList<>(tags);
    union.addAll(base.tags);
    return new ProjectContext(
        owner != null ? owner : base.owner,
        team != null ? team : base.team,
        union,
        criticality != null ? criticality : base.criticality,
        exposure != null ? exposure : base.exposure);
  }

  /**
   * Every problem with the values as given (before normalisation trims them): too long, control
   * characters, too many tags. Empty when they are acceptable.
   */
  public static List<String> validate(String owner, String team, List<String> tags) {
    List<String> problems = new ArrayList<>();
    text("owner", owner, MAX_TEXT, problems);
    text("team", team, MAX_TEXT, problems);
    if (tags != null) {
      if (tags.size() > MAX_TAGS) {
        problems.add("tags: " + tags.size() + " tags, at most " + MAX_TAGS + " are allowed");
      }
      for (int i = 0; i < tags.size(); i++) {
        text("tags[" + i + "]", tags.get(i), MAX_TAG, problems);
      }
    }
    return problems;
  }

  private static void text(String field, String value, int max, List<String> problems) {
    if (value == null) {
      return;
    }
    if (value.length() > max) {
      problems.add(field + ": " + value.length() + " characters, at most " + max + " are allowed");
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      problems.add(field + ": control characters are not allowed");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static List<String> normalisedTags(List<String> tags) {
    if (tags == null || tags.isEmpty()) {
      return List.of();
    }
    TreeSet<String> out = new TreeSet<>();
    for (String t : tags) {
      if (t != null && !t.isBlank()) {
        out.add(t.strip().toLowerCase(Locale.ROOT));
      }
    }
    return List.copyOf(out);
  }
}
