package io.vigil.sbom;

import io.vigil.core.distro.SourcePackage;
import io.vigil.core.paths.DependencyPaths;
import io.vigil.core.purl.PackageIdentity;
import io.vigil.core.purl.Purl;
import io.vigil.core.sbom.SbomComponent;
import io.vigil.core.sbom.SbomDocument;
import io.vigil.events.v1.Component;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.ComponentPaths;
import io.vigil.events.v1.Hash;
import io.vigil.sbom.intake.Purls;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Pure mapping from parsed SBOMs and inventory diffs to component events. */
public final class ComponentEvents {
  private ComponentEvents() {}

  /**
   * One distinct component of a document: its identity in the inventory and its event form.
   *
   * @param identity the inventory identity
   * @param group the "same package" key for pairing upgrades
   * @param component the event form
   * @param validPurl true when the component has a purl that parses
   * @param paths how the project reaches it (every occurrence in the document taken together)
   * @param pathsHash the fingerprint of {@code paths} (core's), kept in the inventory
   */
  public record Item(
      String identity,
      String group,
      Component component,
      boolean validPurl,
      ComponentPaths paths,
      long pathsHash) {}

  /**
   * The document's distinct components in document order: distinct by purl as written; a component
   * without purl by its CPE, else by group, name and version. The first occurrence gives the
   * component; the paths are those of every occurrence taken together (core's {@link
   * DependencyPaths}: an npm tree lists one package at several places).
   */
  public static List<Item> items(SbomDocument doc) {
    Map<String, List<SbomComponent>> occurrences = new LinkedHashMap<>();
    for (SbomComponent c : doc.components()) {
      occurrences.computeIfAbsent(identity(c), k -> new ArrayList<>(1)).add(c);
    }
    DependencyPaths graph = DependencyPaths.of(doc);
    List<Item> out = new ArrayList<>(occurrences.size());
    occurrences.forEach(
        (identity, all) -> {
          Component component = component(all.get(0));
          boolean valid = component.getPackageKey() != null || Purls.valid(component.getPurl());
          io.vigil.core.paths.ComponentPaths paths = graph.of(all);
          out.add(
              new Item(
                  identity,
                  group(component),
                  component,
                  valid,
                  PathsOnTheWire.event(paths),
                  paths.fingerprint()));
        });
    return List.copyOf(out);
  }

  /** Identity → paths hash of the items. */
  public static Map<String, Long> pathsHashes(List<Item> items) {
    Map<String, Long> out = new java.util.HashMap<>(items.size() * 2);
    items.forEach(i -> out.put(i.identity(), i.pathsHash()));
    return out;
  }

  /**
   * How many distinct components the document has, and how many of them have no valid purl, without
   * building the event form ({@code invalidPurls}: the purls known not to parse).
   */
  public static int[] counts(SbomDocument doc, java.util.Set<String> invalidPurls) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    int withoutPurl = 0;
    for (SbomComponent c : doc.components()) {
      if (seen.add(identity(c)) && (!c.hasPurl() || invalidPurls.contains(c.purl()))) {
        withoutPurl++;
      }
    }
    return new int[] {seen.size(), withoutPurl};
  }

  /**
   * The identity of a component in a project's inventory, unambiguous whatever its fields contain:
   * a purl as written when it starts with {@code pkg:} (any case), else {@code purl:} + the purl
   * (only lenient mode keeps a purl that does not parse); {@code cpe:} + the CPE; {@code
   * name:group/name@version} when that splits one way only (no {@code /} in the group, no {@code /}
   * or {@code @} in the name, neither name nor version the word {@code null}), else {@code name+:}
   * with each part length-prefixed. The four forms start differently, so they never meet; the usual
   * forms are the ones stored before, so existing inventories keep their identities.
   */
  public static String identity(SbomComponent c) {
    if (c.hasPurl()) {
      String purl = c.purl();
      return purl.regionMatches(true, 0, "pkg:", 0, 4) ? purl : "purl:" + purl;
    }
    if (c.cpe() != null && !c.cpe().isBlank()) {
      return "cpe:" + c.cpe();
    }
    String group = c.group() == null ? "" : c.group();
    String name = c.name();
    String version = c.version();
    boolean splitsOneWay =
        group.indexOf('/') < 0
            && name != null
            && name.indexOf('/') < 0
            && name.indexOf('@') < 0
            && !name.equals("null")
            && !"null".equals(version);
    if (splitsOneWay) {
      return "name:" + group + "/" + name + "@" + version;
    }
    return "name+:" + lengthPrefixed(group) + lengthPrefixed(name) + lengthPrefixed(version);
  }

  private static String lengthPrefixed(String s) {
    return s == null ? "-;" : s.length() + ":" + s + ";";
  }

  /**
   * What "the same package" means when pairing a removed and an added component into an upgrade:
   * the package key; for a valid purl without an OSV ecosystem its type, namespace and name; else
   * group and name.
   */
  static String group(Component c) {
    Purl p = Purls.parseOrNull(c.getPurl());
    if (c.getPackageKey() != null) {
      // binaries built from one source share its key (Debian/openssl): libssl3 pairs with libssl3
      return c.getSourcePackage() != null && p != null
          ? c.getPackageKey() + " " + p.name()
          : c.getPackageKey();
    }
    if (p != null) {
      return "purl:"
          + p.type()
          + "/"
          + (p.namespace() == null ? "" : p.namespace())
          + "/"
          + p.name();
    }
    return "name:" + (c.getGroup() == null ? "" : c.getGroup()) + "/" + c.getName();
  }

  /**
   * The event form of a component. The package key is computed here and only here (the matching
   * engine's {@link PackageIdentity}, so it equals the key ingest-advisories derives for the same
   * package); a purl that does not parse gets no package key (it is kept as written, never
   * matched).
   */
  public static Component component(SbomComponent c) {
    List<Hash> hashes = new ArrayList<>();
    c.hashes()
        .forEach(
            h ->
                hashes.add(
                    new Hash(
                        h.algorithm() == null ? "" : h.algorithm(),
                        h.value() == null ? "" : h.value())));
    String purl = c.hasPurl() ? c.purl() : null;
    PackageIdentity identity = identityOf(purl, c.version(), c.source());
    return Component.newBuilder()
        .setPurl(purl)
        .setPackageKey(identity == null ? null : identity.key().toString())
        .setEcosystem(identity == null ? null : identity.ecosystem().toString())
        .setSourcePackage(
            identity == null || identity.source() == null ? null : identity.source().name())
        .setSourceVersion(
            identity == null || identity.source() == null ? null : identity.source().version())
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

  /**
   * THE package identity function: the matching engine's {@link PackageIdentity#fromComponent} (OSV
   * ecosystem with the distro release, canonical package key, {@code
   * Maven/org.apache.logging.log4j:log4j-core}; a distro binary package keyed by its source
   * package, {@code Debian/openssl} for libssl3, from the purl or the source package the SBOM
   * states), the same key ingest-advisories gives advisories and the correlator partitions by (it
   * derives it again from the event's purl, version and {@code sourcePackage}/{@code
   * sourceVersion}, which this sets). Null when the purl does not parse or its type has no OSV
   * ecosystem (such a component is kept, never matched).
   */
  static PackageIdentity identityOf(String purl, String version, SourcePackage stated) {
    if (purl == null) {
      return null;
    }
    try {
      return PackageIdentity.fromComponent(purl, version, stated).orElse(null);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * The events of one accepted submission, REMOVED before ADDED so a consumer never sees two
   * versions of a package at once, then UPDATED for the components kept whose paths changed (no
   * REMOVED/ADDED for them: the component did not change). The event id is {@code
   * submissionId:CHANGE:identity}: the same change of the same submission always has the same id.
   */
  public static List<ComponentEvent> events(
      InventoryDiff.Diff diff,
      String projectId,
      String project,
      String version,
      String submissionId,
      Instant receivedAt,
      boolean initialInventory) {
    List<ComponentEvent> out = new ArrayList<>(diff.removed().size() + diff.added().size());
    for (InventoryDiff.Removed r : diff.removed()) {
      out.add(
          event(
                  projectId,
                  project,
                  version,
                  submissionId,
                  receivedAt,
                  ComponentChange.REMOVED,
                  r.identity(),
                  r.component())
              .setInitialInventory(false)
              .build());
    }
    for (InventoryDiff.Added a : diff.added()) {
      out.add(
          event(
                  projectId,
                  project,
                  version,
                  submissionId,
                  receivedAt,
                  ComponentChange.ADDED,
                  a.item().identity(),
                  a.item().component())
              .setReplaces(a.replaces())
              .setInitialInventory(initialInventory)
              .setPaths(a.item().paths())
              .build());
    }
    for (ComponentEvents.Item u : diff.updated()) {
      out.add(
          event(
                  projectId,
                  project,
                  version,
                  submissionId,
                  receivedAt,
                  ComponentChange.UPDATED,
                  u.identity(),
                  u.component())
              .setInitialInventory(false)
              .setPaths(u.paths())
              .build());
    }
    return out;
  }

  private static ComponentEvent.Builder event(
      String projectId,
      String project,
      String version,
      String submissionId,
      Instant receivedAt,
      ComponentChange change,
      String identity,
      Component component) {
    return ComponentEvent.newBuilder()
        .setEventId(submissionId + ":" + change + ":" + identity)
        .setProjectId(projectId)
        .setProject(project)
        .setProjectVersion(version)
        .setSubmissionId(submissionId)
        .setChange(change)
        .setComponent(component)
        .setReceivedAt(receivedAt);
  }
}
