package io.vigil.core.sbom;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
import io.vigil.core.distro.SourcePackage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * CycloneDX XML (spec 1.0–1.6) with StAX (woodstox). Safe by construction: a document type
 * declaration is rejected before anything else is read, so no external entity is resolved (no file
 * read, no connection) and no entity is expanded; element nesting is bounded.
 */
final class CycloneDxXmlReader {
  static final String NAMESPACE_PREFIX = "http://cyclonedx.org/schema/bom/";
  private static final String DEPENDENCY_GRAPH_NS =
      "http://cyclonedx.org/schema/ext/dependency-graph/";
  private static final XMLInputFactory FACTORY = factory();

  private CycloneDxXmlReader() {}

  private static XMLInputFactory factory() {
    WstxInputFactory f = new WstxInputFactory();
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    f.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, SbomParser.MAX_DEPTH);
    f.setProperty(WstxInputProperties.P_MAX_ENTITY_COUNT, 1L);
    f.setXMLResolver(
        (publicId, systemId, baseUri, namespace) -> {
          throw new XMLStreamException("external entities are not allowed: " + systemId);
        });
    return f;
  }

  /** State of one read. */
  static final class Read {
    final XMLStreamReader r;
    final String ns;
    final SbomLimits limits;
    final List<String> warnings = new Warnings();
    final Map<String, List<String>> dependsOn = new LinkedHashMap<>();
    int components;
    // metadata (SbomMetadata)
    String timestamp;
    String supplier;
    String manufacturer;
    final List<String> authors = new ArrayList<>();
    final List<String> tools = new ArrayList<>();
    final List<SbomMetadata.Property> properties = new ArrayList<>();
    final List<SbomMetadata.Property> subjectProperties = new ArrayList<>();
    final List<String> subjectTags = new ArrayList<>();

    Read(XMLStreamReader r, String ns, SbomLimits limits) {
      this.r = r;
      this.ns = ns;
      this.limits = limits;
    }
  }

  static SbomDocument read(byte[] body, SbomLimits limits) throws SbomParseException {
    XMLStreamReader r = null;
    try {
      r =
          new StaxCursor.Counting(
              FACTORY.createXMLStreamReader(new ByteArrayInputStream(body)), limits);
      int event = r.getEventType();
      while (event != XMLStreamConstants.START_ELEMENT) {
        if (event == XMLStreamConstants.DTD) {
          throw new SbomParseException(
              "XML document type declarations (<!DOCTYPE ...>) are not allowed"
                  + StaxCursor.at(r.getLocation())
                  + ": CycloneDX does not use them, and they enable entity expansion and"
                  + " external entity attacks");
        }
        if (event == XMLStreamConstants.END_DOCUMENT) {
          throw new SbomParseException("not an SBOM: the XML document has no root element");
        }
        event = r.next();
      }
      if (!"bom".equals(r.getLocalName())) {
        throw new SbomParseException(
            "not a CycloneDX XML document: the root element is <"
                + r.getLocalName()
                + "> (expected <bom>)");
      }
      String ns = r.getNamespaceURI() == null ? "" : r.getNamespaceURI();
      Read read = new Read(r, ns, limits);
      String specVersion = null;
      if (ns.startsWith(NAMESPACE_PREFIX)) {
        specVersion = ns.substring(NAMESPACE_PREFIX.length());
      } else {
        read.warnings.add(
            "/bom: namespace '"
                + ns
                + "' is not a CycloneDX namespace ("
                + NAMESPACE_PREFIX
                + "1.x)");
      }
      SbomComponent subject = null;
      List<SbomComponent> metaNested = new ArrayList<>();
      List<SbomComponent> components = new ArrayList<>();
      while (StaxCursor.nextChild(r)) {
        String name = r.getLocalName();
        if (!ours(read, r)) {
          StaxCursor.skip(r);
        } else if (name.equals("metadata")) {
          subject = metadata(read, metaNested);
        } else if (name.equals("components")) {
          components(read, "/bom/components", components);
        } else if (name.equals("dependencies")) {
          dependencies(read);
        } else {
          StaxCursor.skip(r);
        }
      }
      List<SbomComponent> all = new ArrayList<>(metaNested);
      all.addAll(components);
      return new SbomDocument(
          SbomFormat.CYCLONEDX_XML,
          specVersion,
          subject,
          CycloneDxTree.withDirect(all, subject, read.dependsOn),
          read.warnings,
          CycloneDxXmlMetadata.metadataOf(read),
          CycloneDxTree.graph(subject, read.dependsOn));
    } catch (SbomLimits.Exceeded e) {
      throw new SbomParseException(e.getMessage(), e);
    } catch (com.ctc.wstx.exc.WstxLazyException e) {
      // woodstox reports some errors (an illegal character reference) unchecked
      Throwable cause = e.getCause() == null ? e : e.getCause();
      String m = cause.getMessage() == null ? cause.toString() : cause.getMessage();
      int cut = m.indexOf('\n');
      throw new SbomParseException(
          "not a valid XML document: " + (cut < 0 ? m : m.substring(0, cut)).strip(), e);
    } catch (XMLStreamException e) {
      String m = StaxCursor.message(e);
      if (m.contains("Maximum Element Depth")) {
        throw new SbomParseException(
            "document too deeply nested: more than "
                + SbomParser.MAX_DEPTH
                + " levels of XML elements"
                + StaxCursor.at(e.getLocation()),
            e);
      }
      throw new SbomParseException(
          "not a valid XML document: " + m + StaxCursor.at(e.getLocation()), e);
    } finally {
      if (r != null) {
        try {
          r.close();
        } catch (XMLStreamException ignored) {
          // nothing to release beyond the in-memory input
        }
      }
    }
  }

  static boolean ours(Read read, XMLStreamReader r) {
    String ns = r.getNamespaceURI() == null ? "" : r.getNamespaceURI();
    return ns.equals(read.ns);
  }

  private static SbomComponent metadata(Read read, List<SbomComponent> nested)
      throws XMLStreamException {
    XMLStreamReader r = read.r;
    SbomComponent subject = null;
    while (StaxCursor.nextChild(r)) {
      if (!ours(read, r)) {
        StaxCursor.skip(r);
        continue;
      }
      switch (r.getLocalName()) {
        case "component" -> {
          if (subject == null) {
            List<SbomComponent> holder = new ArrayList<>();
            component(read, "/bom/metadata/component", holder);
            subject = holder.get(0);
            nested.addAll(holder.subList(1, holder.size()));
          } else {
            StaxCursor.skip(r);
          }
        }
        case "timestamp" -> read.timestamp = StaxCursor.text(r);
        case "authors" -> CycloneDxXmlMetadata.authors(read, read.authors);
        case "tools" -> CycloneDxXmlMetadata.tools(read);
        case "supplier" -> read.supplier = CycloneDxXmlMetadata.entityName(read);
        case "manufacturer", "manufacture" ->
            read.manufacturer = CycloneDxXmlMetadata.entityName(read);
        case "properties" -> CycloneDxXmlMetadata.properties(read, read.properties);
        default -> StaxCursor.skip(r);
      }
    }
    return subject;
  }

  private static void components(Read read, String path, List<SbomComponent> out)
      throws XMLStreamException {
    XMLStreamReader r = read.r;
    int i = 0;
    while (StaxCursor.nextChild(r)) {
      if (ours(read, r) && r.getLocalName().equals("component")) {
        i++;
        component(read, path + "/component[" + i + "]", out);
      } else {
        StaxCursor.skip(r);
      }
    }
  }

  /** Reads one component (the reader is on its start tag) and its nested ones into {@code out}. */
  private static void component(Read read, String path, List<SbomComponent> out)
      throws XMLStreamException {
    XMLStreamReader r = read.r;
    String location = path + " (line " + r.getLocation().getLineNumber() + ")";
    read.limits.checkComponents(++read.components, location);
    String type = r.getAttributeValue(null, "type");
    String bomRef = r.getAttributeValue(null, "bom-ref");
    int slot = out.size();
    out.add(null);
    String name = null;
    String group = null;
    String version = null;
    String purl = null;
    String cpe = null;
    String scope = null;
    List<SbomComponent.Hash> hashes = new ArrayList<>();
    List<String> licenses = new ArrayList<>();
    String[] producers = new String[5]; // supplier, manufacturer, publisher, author, authors[0]
    boolean isSubject = path.equals("/bom/metadata/component");
    Map<String, String> sourceProperties = new java.util.HashMap<>();
    while (StaxCursor.nextChild(r)) {
      if (!ours(read, r)) {
        StaxCursor.skip(r);
        continue;
      }
      switch (r.getLocalName()) {
        case "supplier" -> producers[0] = CycloneDxXmlMetadata.entityName(read);
        case "manufacturer" -> producers[1] = CycloneDxXmlMetadata.entityName(read);
        case "publisher" -> producers[2] = StaxCursor.text(r);
        case "author" -> producers[3] = StaxCursor.text(r);
        case "authors" -> {
          List<String> authors = new ArrayList<>();
          CycloneDxXmlMetadata.authors(read, authors);
          producers[4] = authors.isEmpty() ? null : authors.get(0);
        }
        case "properties" -> {
          if (isSubject) {
            List<SbomMetadata.Property> properties = new ArrayList<>();
            CycloneDxXmlMetadata.properties(read, properties);
            read.subjectProperties.addAll(properties);
            for (SbomMetadata.Property p : properties) {
              if (CycloneDxTree.SOURCE_PROPERTIES.contains(p.name())) {
                sourceProperties.putIfAbsent(p.name(), p.value());
              }
            }
          } else {
            sourceProperties(read, sourceProperties);
          }
        }
        case "tags" -> {
          while (StaxCursor.nextChild(r)) {
            if (isSubject && ours(read, r) && r.getLocalName().equals("tag")) {
              String tag = StaxCursor.text(r);
              if (tag != null) {
                read.subjectTags.add(tag);
              }
            } else {
              StaxCursor.skip(r);
            }
          }
        }
        case "name" -> name = StaxCursor.text(r);
        case "group" -> group = StaxCursor.text(r);
        case "version" -> version = StaxCursor.text(r);
        case "purl" -> purl = StaxCursor.text(r);
        case "cpe" -> cpe = StaxCursor.text(r);
        case "scope" -> scope = StaxCursor.text(r);
        case "hashes" -> hashes(read, hashes);
        case "licenses" -> licenses(read, licenses);
        case "components" -> components(read, path + "/components", out);
        default -> StaxCursor.skip(r);
      }
    }
    out.set(
        slot,
        new SbomComponent(
            bomRef,
            purl,
            type,
            group,
            name,
            version,
            cpe,
            scope,
            null,
            hashes,
            licenses,
            location,
            CycloneDxXmlMetadata.firstOf(producers),
            sourceProperties.isEmpty() ? null : SourcePackage.fromProperties(sourceProperties)));
  }

  /** The {@code property} elements that state a source package (syft, trivy). */
  private static void sourceProperties(Read read, Map<String, String> out)
      throws XMLStreamException {
    XMLStreamReader r = read.r;
    while (StaxCursor.nextChild(r)) {
      if (ours(read, r) && r.getLocalName().equals("property")) {
        String name = r.getAttributeValue(null, "name");
        if (name != null && CycloneDxTree.SOURCE_PROPERTIES.contains(name)) {
          out.putIfAbsent(name, StaxCursor.text(r));
        } else {
          StaxCursor.skip(r);
        }
      } else {
        StaxCursor.skip(r);
      }
    }
  }

  private static void hashes(Read read, List<SbomComponent.Hash> out) throws XMLStreamException {
    XMLStreamReader r = read.r;
    while (StaxCursor.nextChild(r)) {
      if (ours(read, r) && r.getLocalName().equals("hash")) {
        String alg = r.getAttributeValue(null, "alg");
        out.add(new SbomComponent.Hash(alg, StaxCursor.text(r)));
      } else {
        StaxCursor.skip(r);
      }
    }
  }

  private static void licenses(Read read, List<String> out) throws XMLStreamException {
    XMLStreamReader r = read.r;
    while (StaxCursor.nextChild(r)) {
      if (!ours(read, r)) {
        StaxCursor.skip(r);
      } else if (r.getLocalName().equals("expression")) {
        add(out, StaxCursor.text(r));
      } else if (r.getLocalName().equals("license")) {
        String id = null;
        String name = null;
        while (StaxCursor.nextChild(r)) {
          if (ours(read, r) && r.getLocalName().equals("id")) {
            id = StaxCursor.text(r);
          } else if (ours(read, r) && r.getLocalName().equals("name")) {
            name = StaxCursor.text(r);
          } else {
            StaxCursor.skip(r);
          }
        }
        add(out, id != null ? id : name);
      } else {
        StaxCursor.skip(r);
      }
    }
  }

  private static void add(List<String> out, String v) {
    if (v != null && !v.isBlank() && !out.contains(v)) {
      out.add(v);
    }
  }

  private static void dependencies(Read read) throws XMLStreamException {
    XMLStreamReader r = read.r;
    while (StaxCursor.nextChild(r)) {
      if (isDependency(read, r)) {
        String ref = r.getAttributeValue(null, "ref");
        List<String> on =
            ref == null
                ? new ArrayList<>()
                : read.dependsOn.computeIfAbsent(ref, x -> new ArrayList<>());
        while (StaxCursor.nextChild(r)) {
          if (isDependency(read, r)) {
            String child = r.getAttributeValue(null, "ref");
            if (child != null) {
              on.add(child);
            }
          }
          StaxCursor.skip(r);
        }
      } else {
        StaxCursor.skip(r);
      }
    }
  }

  private static boolean isDependency(Read read, XMLStreamReader r) {
    String ns = r.getNamespaceURI() == null ? "" : r.getNamespaceURI();
    return r.getLocalName().equals("dependency")
        && (ns.equals(read.ns) || ns.startsWith(DEPENDENCY_GRAPH_NS));
  }
}
