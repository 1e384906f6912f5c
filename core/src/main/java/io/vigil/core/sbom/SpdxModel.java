package io.vigil.core.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.distro.SourcePackage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * SPDX 2.x packages and relationships, whatever the encoding (JSON, YAML, tag-value), and how they
 * become components: one component per distinct purl of a package (a package without purl is one
 * component with its name, version and CPE), the subject is the single package the document
 * DESCRIBES, and direct dependencies are the packages one dependency edge away from it.
 */
final class SpdxModel {
  private static final String DOCUMENT = "SPDXRef-DOCUMENT";

  /** Relationships "A type B" meaning A includes or depends on B. */
  private static final Set<String> FORWARD =
      Set.of("DEPENDS_ON", "CONTAINS", "DYNAMIC_LINK", "STATIC_LINK", "HAS_PREREQUISITE");

  /** Relationships "A type B" meaning B includes or depends on A. */
  private static final Set<String> REVERSE =
      Set.of(
          "DEPENDENCY_OF",
          "DEV_DEPENDENCY_OF",
          "BUILD_DEPENDENCY_OF",
          "OPTIONAL_DEPENDENCY_OF",
          "PROVIDED_DEPENDENCY_OF",
          "TEST_DEPENDENCY_OF",
          "RUNTIME_DEPENDENCY_OF",
          "CONTAINED_BY",
          "PREREQUISITE_FOR");

  private SpdxModel() {}

  /** One SPDX package as read. */
  record Package(
      String spdxId,
      String name,
      String version,
      List<String> purls,
      String cpe,
      List<SbomComponent.Hash> hashes,
      List<String> licenses,
      String type,
      String location,
      String supplier,
      SourcePackage source) {}

  /**
   * What the document says about its creation: {@code creationInfo} / {@code Created:}, {@code
   * Creator:}.
   */
  record CreationInfo(String created, List<String> creators) {
    static final CreationInfo NONE = new CreationInfo(null, List.of());
  }

  /** The {@code creationInfo} object of a JSON or YAML document. */
  static CreationInfo jsonCreationInfo(JsonNode info) {
    if (info == null || !info.isObject()) {
      return CreationInfo.NONE;
    }
    List<String> creators = new ArrayList<>();
    for (JsonNode c : info.path("creators")) {
      if (c.isTextual()) {
        creators.add(c.asText());
      }
    }
    return new CreationInfo(CycloneDxTree.text(info, "created"), creators);
  }

  /**
   * A package's supplier: its {@code supplier}, else its {@code originator}, without the {@code
   * Organization:}/{@code Person:} prefix; null for absent, empty and {@code NOASSERTION}.
   */
  static String supplier(String supplier, String originator) {
    String s = agent(supplier);
    return s != null ? s : agent(originator);
  }

  private static String agent(String value) {
    if (value == null) {
      return null;
    }
    String v = value.strip();
    int colon = v.indexOf(':');
    if (v.startsWith("Organization:") || v.startsWith("Person:") || v.startsWith("Tool:")) {
      v = v.substring(colon + 1).strip();
    }
    return v.isEmpty() || v.equals("NOASSERTION") || v.equals("NONE") ? null : v;
  }

  /** One relationship: {@code element type related}. */
  record Relationship(String element, String type, String related) {}

  static Package jsonPackage(JsonNode p, String path, List<String> warnings) {
    if (!p.isObject()) {
      warnings.add(path + " is not an object; ignored");
      return new Package(
          null, null, null, List.of(), null, List.of(), List.of(), null, path, null, null);
    }
    List<String> purls = new ArrayList<>();
    String cpe = null;
    for (JsonNode r : p.path("externalRefs")) {
      String type = CycloneDxTree.text(r, "referenceType");
      String locator = CycloneDxTree.text(r, "referenceLocator");
      if (type == null || locator == null) {
        continue;
      }
      if (isPurlType(type)) {
        if (!purls.contains(locator)) {
          purls.add(locator);
        }
      } else if (cpe == null && isCpeType(type)) {
        cpe = locator;
      }
    }
    List<SbomComponent.Hash> hashes = new ArrayList<>();
    for (JsonNode c : p.path("checksums")) {
      hashes.add(
          new SbomComponent.Hash(
              CycloneDxTree.text(c, "algorithm"), CycloneDxTree.text(c, "checksumValue")));
    }
    List<String> licenses = new ArrayList<>();
    addLicense(licenses, CycloneDxTree.text(p, "licenseConcluded"));
    addLicense(licenses, CycloneDxTree.text(p, "licenseDeclared"));
    String name = CycloneDxTree.text(p, "name");
    if (name == null) {
      // seen in real-world files (guac small-spdx.json): not SPDX, but the name is there
      name = CycloneDxTree.text(p, "packageName");
    }
    return new Package(
        CycloneDxTree.text(p, "SPDXID"),
        name,
        CycloneDxTree.text(p, "versionInfo"),
        purls,
        cpe,
        hashes,
        licenses,
        purpose(CycloneDxTree.text(p, "primaryPackagePurpose")),
        path,
        supplier(CycloneDxTree.text(p, "supplier"), CycloneDxTree.text(p, "originator")),
        SourcePackage.fromSpdxSourceInfo(CycloneDxTree.text(p, "sourceInfo")));
  }

  static void jsonRelationship(JsonNode r, List<Relationship> out) {
    String a = CycloneDxTree.text(r, "spdxElementId");
    String type = CycloneDxTree.text(r, "relationshipType");
    String b = CycloneDxTree.text(r, "relatedSpdxElement");
    if (a != null && type != null && b != null) {
      out.add(new Relationship(a, type.toUpperCase(Locale.ROOT), b));
    }
  }

  /** An external reference type naming a package URL: {@code purl} or a URI ending in it. */
  static boolean isPurlType(String referenceType) {
    return referenceType.toLowerCase(Locale.ROOT).endsWith("purl");
  }

  static boolean isCpeType(String referenceType) {
    String t = referenceType.toLowerCase(Locale.ROOT);
    return t.endsWith("cpe23type") || t.endsWith("cpe22type");
  }

  static void addLicense(List<String> licenses, String value) {
    if (value == null || value.isBlank()) {
      return;
    }
    String v = value.strip();
    if (v.equals("NOASSERTION") || v.equals("NONE") || licenses.contains(v)) {
      return;
    }
    licenses.add(v);
  }

  /** {@code OPERATING_SYSTEM} → {@code operating-system}; null stays null. */
  static String purpose(String primaryPackagePurpose) {
    return primaryPackagePurpose == null
        ? null
        : primaryPackagePurpose.strip().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static SbomDocument document(
      SbomFormat format,
      String spdxVersion,
      List<Package> packages,
      List<Relationship> relationships,
      List<String> documentDescribes,
      List<String> warnings,
      CreationInfo creation,
      SbomLimits limits) {
    Set<String> roots = new LinkedHashSet<>(documentDescribes);
    for (Relationship r : relationships) {
      if (r.element().equals(DOCUMENT) && r.type().equals("DESCRIBES")) {
        roots.add(r.related());
      } else if (r.related().equals(DOCUMENT) && r.type().equals("DESCRIBED_BY")) {
        roots.add(r.element());
      }
    }
    Map<String, Package> byId = new HashMap<>();
    for (Package p : packages) {
      if (p.spdxId() != null) {
        byId.putIfAbsent(p.spdxId(), p);
      }
    }
    String root =
        roots.size() == 1 && byId.containsKey(roots.iterator().next())
            ? roots.iterator().next()
            : null;
    Set<String> direct = root == null ? null : directOf(root, relationships);

    List<SbomComponent> components = new ArrayList<>();
    SbomComponent subject = null;
    for (Package p : packages) {
      if (p.spdxId() == null && p.name() == null) {
        continue; // not an object: already warned
      }
      Boolean isDirect =
          direct == null || p.spdxId() == null || p.spdxId().equals(root)
              ? null
              : direct.contains(p.spdxId());
      List<String> purls =
          p.purls().isEmpty() ? java.util.Collections.singletonList(null) : p.purls();
      for (String purl : purls) {
        limits.checkComponents(components.size() + 1, p.location());
        SbomComponent c =
            new SbomComponent(
                p.spdxId(),
                purl,
                p.type(),
                null,
                p.name(),
                p.version(),
                p.cpe(),
                null,
                isDirect,
                p.hashes(),
                p.licenses(),
                p.location(),
                p.supplier(),
                p.source());
        components.add(c);
        if (subject == null && root != null && root.equals(p.spdxId())) {
          subject = c;
        }
      }
    }
    return new SbomDocument(
        format,
        spdxVersion,
        subject,
        components,
        warnings,
        metadata(creation, relationships),
        graph(roots, relationships));
  }

  /**
   * The document's metadata: {@code Person:}/{@code Organization:} creators are its authors, {@code
   * Tool:} creators its tools; the dependency graph names both ends of every dependency
   * relationship.
   */
  private static SbomMetadata metadata(CreationInfo creation, List<Relationship> relationships) {
    List<String> authors = new ArrayList<>();
    List<String> tools = new ArrayList<>();
    for (String c : creation.creators()) {
      String who = agent(c);
      if (who == null) {
        continue;
      }
      if (c.strip().startsWith("Tool:")) {
        tools.add(who);
      } else if (c.strip().startsWith("Person:") || c.strip().startsWith("Organization:")) {
        authors.add(who);
      }
    }
    Set<String> refs = new LinkedHashSet<>();
    for (Relationship r : relationships) {
      if (FORWARD.contains(r.type()) || REVERSE.contains(r.type())) {
        refs.add(r.element());
        refs.add(r.related());
      }
    }
    return new SbomMetadata(creation.created(), authors, tools, null, List.of(), List.of(), refs);
  }

  /**
   * The dependency relationships as a graph (an edge from the includer or dependent to what it
   * includes or depends on), rooted at what the document describes; null without such a
   * relationship.
   */
  private static DependencyGraph graph(Set<String> roots, List<Relationship> relationships) {
    Map<String, List<String>> dependsOn = new java.util.LinkedHashMap<>();
    for (Relationship r : relationships) {
      if (FORWARD.contains(r.type())) {
        dependsOn.computeIfAbsent(r.element(), e -> new ArrayList<>()).add(r.related());
      } else if (REVERSE.contains(r.type())) {
        dependsOn.computeIfAbsent(r.related(), e -> new ArrayList<>()).add(r.element());
      }
    }
    return dependsOn.isEmpty() ? null : new DependencyGraph(new ArrayList<>(roots), dependsOn);
  }

  /** The elements one dependency edge away from {@code root}; null when it has no such edge. */
  private static Set<String> directOf(String root, List<Relationship> relationships) {
    Set<String> out = new LinkedHashSet<>();
    for (Relationship r : relationships) {
      if (r.element().equals(root) && FORWARD.contains(r.type())) {
        out.add(r.related());
      } else if (r.related().equals(root) && REVERSE.contains(r.type())) {
        out.add(r.element());
      }
    }
    return out.isEmpty() ? null : out;
  }
}
