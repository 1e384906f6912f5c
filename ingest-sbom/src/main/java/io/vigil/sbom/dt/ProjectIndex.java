package io.vigil.sbom.dt;

import io.vigil.events.v1.SbomProcessingState;
import io.vigil.events.v1.SbomStatus;
import io.vigil.sbom.SbomIngestTopology;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Dependency-Track's projects, as Vigil knows them: one per (name, version) that an SBOM was
 * submitted for, derived from the submission statuses (the global status store, so every instance
 * has the same projects, also for SBOMs that came over Kafka). Kept in memory, told about every
 * status change ({@link SbomIngestTopology.StatusListener}) and rebuilt from the store when Kafka
 * Streams (re)starts; merging a status is idempotent and order-free, so the rebuild and live
 * updates may interleave. Thread-safe.
 *
 * <p>A project is <em>active</em> while its SBOM is its inventory's current one: with one inventory
 * per project name (the default), uploading version 1.1 replaces 1.0's components, and 1.0 stays
 * listed, inactive, with no findings. The <em>latest</em> version of a name is the one whose SBOM
 * was accepted last.
 */
public final class ProjectIndex implements SbomIngestTopology.StatusListener {
  /** One project (name, version). */
  public record Project(
      UUID uuid,
      String name,
      String version,
      String projectId,
      Instant created,
      Instant lastBomImport,
      String lastBomImportFormat,
      int components) {}

  /** A project with the facts that depend on its siblings. */
  public record View(Project project, boolean active, boolean latest) {
    public UUID uuid() {
      return project.uuid();
    }
  }

  private final Map<UUID, Project> projects = new HashMap<>();
  private final Map<String, TreeMap<String, UUID>> byName = new HashMap<>();

  /** Inventory id → the project whose accepted SBOM is its current content, and when. */
  private final Map<String, Current> current = new HashMap<>();

  private record Current(UUID uuid, Instant at) {}

  @Override
  public synchronized void onStatus(String submissionId, SbomStatus s) {
    if (s == null || s.getProject() == null) {
      return; // an old status deleted from the history: the project stays
    }
    UUID uuid = ProjectUuids.project(s.getProject(), s.getProjectVersion());
    Project old = projects.get(uuid);
    boolean completed = s.getState() == SbomProcessingState.COMPLETED;
    Instant created =
        old == null || s.getReceivedAt().isBefore(old.created())
            ? s.getReceivedAt()
            : old.created();
    Project merged;
    if (completed && (old == null || newer(s.getUpdatedAt(), old.lastBomImport()))) {
      merged =
          new Project(
              uuid,
              s.getProject(),
              blankToNull(s.getProjectVersion()),
              s.getProjectId() != null ? s.getProjectId() : projectIdOf(old),
              created,
              s.getUpdatedAt(),
              format(s.getFormat(), s.getSpecVersion()),
              s.getComponents());
    } else if (old == null) {
      merged =
          new Project(
              uuid,
              s.getProject(),
              blankToNull(s.getProjectVersion()),
              s.getProjectId(),
              created,
              null,
              null,
              0);
    } else {
      merged =
          new Project(
              uuid,
              old.name(),
              old.version(),
              old.projectId() != null ? old.projectId() : s.getProjectId(),
              created,
              old.lastBomImport(),
              old.lastBomImportFormat(),
              old.components());
    }
    projects.put(uuid, merged);
    byName
        .computeIfAbsent(merged.name(), n -> new TreeMap<>())
        .put(merged.version() == null ? "" : merged.version(), uuid);
    if (completed && s.getProjectId() != null) {
      current.merge(
          s.getProjectId(),
          new Current(uuid, s.getUpdatedAt()),
          (a, b) -> b.at().isAfter(a.at()) ? b : a);
    }
  }

  public synchronized Optional<View> get(UUID uuid) {
    Project p = projects.get(uuid);
    return p == null ? Optional.empty() : Optional.of(view(p));
  }

  public Optional<View> get(String name, String version) {
    return get(ProjectUuids.project(name, version));
  }

  /** Every version of a project name, by version. */
  public synchronized List<View> byName(String name) {
    List<View> out = new ArrayList<>();
    TreeMap<String, UUID> versions = byName.get(name);
    if (versions != null) {
      versions.values().forEach(u -> out.add(view(projects.get(u))));
    }
    return out;
  }

  /** Every project, by name then version. */
  public synchronized List<View> all() {
    List<View> out = new ArrayList<>();
    projects.values().stream()
        .sorted(
            Comparator.comparing(Project::name)
                .thenComparing(p -> p.version() == null ? "" : p.version()))
        .forEach(p -> out.add(view(p)));
    return out;
  }

  public synchronized int size() {
    return projects.size();
  }

  private View view(Project p) {
    boolean active;
    if (p.lastBomImport() == null) {
      active = true; // uploaded, not processed yet
    } else {
      Current c = p.projectId() == null ? null : current.get(p.projectId());
      active = c == null || c.uuid().equals(p.uuid());
    }
    boolean latest = p.lastBomImport() != null;
    TreeMap<String, UUID> siblings = byName.get(p.name());
    if (latest && siblings != null) {
      for (UUID u : siblings.values()) {
        Project other = projects.get(u);
        if (!u.equals(p.uuid())
            && other.lastBomImport() != null
            && other.lastBomImport().isAfter(p.lastBomImport())) {
          latest = false;
          break;
        }
      }
    }
    return new View(p, active, latest);
  }

  private static boolean newer(Instant candidate, Instant known) {
    return known == null || candidate.isAfter(known);
  }

  private static String projectIdOf(Project p) {
    return p == null ? null : p.projectId();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** Dependency-Track's {@code lastBomImportFormat}: "CycloneDX 1.5", "SPDX 2.3". */
  static String format(String format, String specVersion) {
    if (format == null) {
      return null;
    }
    String family = format.startsWith("CYCLONEDX") ? "CycloneDX" : "SPDX";
    if (specVersion == null) {
      return family;
    }
    String v = specVersion.startsWith("SPDX-") ? specVersion.substring(5) : specVersion;
    return family + " " + v;
  }
}
