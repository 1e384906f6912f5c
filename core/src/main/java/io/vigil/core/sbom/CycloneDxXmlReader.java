package io.vigil.core.sbom;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
import io.vigil.core.distro.SourcePackage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;

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
  private static final class Read {
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

  /** Counts elements as they are read, skipped ones included, and stops past the limit. */
  private static final class Counting extends StreamReaderDelegate {
    private final SbomLimits limits;
    private long elements;

    Counting(XMLStreamReader r, SbomLimits limits) {
      super(r);
      this.limits = limits;
    }

    @Override
    public int next() throws XMLStreamException {
      int e = super.next();
      if (e == XMLStreamConstants.START_ELEMENT) {
        limits.checkTokens(++elements, "XML elements", "line " + getLocation().getLineNumber());
      }
      return e;
    }
  }

  static SbomDocument read(byte[] body, SbomLimits limits) throws SbomParseException {
    XMLStreamReader r = null;
    try {
      r = new Counting(FACTORY.createXMLStreamReader(new ByteArrayInputStream(body)), limits);
      int event = r.getEventType();
      while (event != XMLStreamConstants.START_ELEMENT) {
        if (event == XMLStreamConstants.DTD) {
          throw new SbomParseException(
              "XML document type declarations (<!DOCTYPE ...>) are not allowed"
                  + at(r.getLocation())
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
      while (nextChild(r)) {
        String name = r.getLocalName();
        if (!ours(read, r)) {
          skip(r);
        } else if (name.equals("metadata")) {
          subject = metadata(read, metaNested);
        } else if (name.equals("components")) {
          components(read, "/bom/components", components);
        } else if (name.equals("dependencies")) {
          dependencies(read);
        } else {
          skip(r);
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
          metadataOf(read),
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
      String m = message(e);
      if (m.contains("Maximum Element Depth")) {
        throw new SbomParseException(
            "document too deeply nested: more than "
                + SbomParser.MAX_DEPTH
                + " levels of XML elements"
                + at(e.getLocation()),
            e);
      }
      throw new SbomParseException("not a valid XML document: " + m + at(e.getLocation()), e);
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

  private static boolean ours(Read read, XMLStreamReader r) {
    String ns = r.getNamespaceURI() == null ? "" : r.getNamespaceURI();
    return ns.equals(read.ns);
  }

  private static SbomComponent metadata(Read read, List<SbomComponent> nested)
      throws XMLStreamException {
    XMLStreamReader r = read.r;
    SbomComponent subject = null;
    while (nextChild(r)) {
      if (!ours(read, r)) {
        skip(r);
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
            skip(r);
          }
        }
        case "timestamp" -> read.timestamp = text(r);
        case "authors" -> authors(read, read.authors);
        case "tools" -> tools(read);
        case "supplier" -> read.supplier = entityName(read);
        case "manufacturer", "manufacture" -> read.manufacturer = entityName(read);
        case "properties" -> properties(read, read.properties);
        default -> skip(r);
      }
    }
    return subject;
  }

  private static SbomMetadata metadataOf(Read read) {
    List<SbomMetadata.Property> properties = new ArrayList<>(read.properties);
    properties.addAll(read.subjectProperties);
    return new SbomMetadata(
        read.timestamp,
        read.authors,
        read.tools,
        first(read.supplier, read.manufacturer),
        properties,
        read.subjectTags,
        CycloneDxMetadata.dependencyRefs(read.dependsOn));
  }

  /** {@code <authors>}: the name (else e-mail) of each {@code <author>}. */
  private static void authors(Read read, List<String> out) throws XMLStreamException {
    XMLStreamReader r = read.r;
    while (nextChild(r)) {
      if (ours(read, r) && r.getLocalName().equals("author")) {
        String who = entityName(read);
        if (who != null) {
          out.add(who);
        }
      } else {
        skip(r);
      }
    }
  }

  /** {@code <tools>}: legacy {@code <tool>}s, or 1.5+ {@code <components>}/{@code <services>}. */
  private static void tools(Read read) throws XMLStreamException {
    XMLStreamReader r = read.r;
    while (nextChild(r)) {
      if (!ours(read, r)) {
        skip(r);
      } else if (r.getLocalName().equals("tool")) {
        tool(read);
      } else if (r.getLocalName().equals("components") || r.getLocalName().equals("services")) {
        while (nextChild(r)) {
          if (ours(read, r)
              && (r.getLocalName().equals("component") || r.getLocalName().equals("service"))) {
            tool(read);
          } else {
            skip(r);
          }
        }
      } else {
        skip(r);
      }
    }
  }

  private static void tool(Read read) throws XMLStreamException {
    XMLStreamReader r = read.r;
    String vendor = null;
    String name = null;
    String version = null;
    while (nextChild(r)) {
      if (!ours(read, r)) {
        skip(r);
        continue;
      }
      switch (r.getLocalName()) {
        case "vendor", "group" -> vendor = first(vendor, text(r));
        case "name" -> name = text(r);
        case "version" -> version = text(r);
        default -> skip(r);
      }
    }
    if (name != null) {
      read.tools.add(
          (vendor == null ? "" : vendor + " ") + name + (version == null ? "" : " " + version));
    }
  }

  private static void properties(Read read, List<SbomMetadata.Property> out)
      throws XMLStreamException {
    XMLStreamReader r = read.r;
    while (nextChild(r)) {
      if (ours(read, r) && r.getLocalName().equals("property")) {
        String name = r.getAttributeValue(null, "name");
        String value = text(r);
        if (name != null) {
          out.add(new SbomMetadata.Property(name, value));
        }
      } else {
        skip(r);
      }
    }
  }

  /**
   * The {@code <name>} (else {@code <email>}) of an organisation or contact element the reader is
   * on; null when it has neither.
   */
  private static String entityName(Read read) throws XMLStreamException {
    XMLStreamReader r = read.r;
    String name = null;
    String email = null;
    while (nextChild(r)) {
      if (ours(read, r) && r.getLocalName().equals("name")) {
        name = text(r);
      } else if (ours(read, r) && r.getLocalName().equals("email")) {
        email = text(r);
      } else {
        skip(r);
      }
    }
    return first(name, email);
  }

  private static String first(String a, String b) {
    return a != null ? a : b;
  }

  private static String firstOf(String[] values) {
    for (String v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  private static void components(Read read, String path, List<SbomComponent> out)
      throws XMLStreamException {
    XMLStreamReader r = read.r;
    int i = 0;
    while (nextChild(r)) {
      if (ours(read, r) && r.getLocalName().equals("component")) {
        i++;
        component(read, path + "/component[" + i + "]", out);
      } else {
        skip(r);
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
    while (nextChild(r)) {
      if (!ours(read, r)) {
        skip(r);
        continue;
      }
      switch (r.getLocalName()) {
        case "supplier" -> producers[0] = entityName(read);
        case "manufacturer" -> producers[1] = entityName(read);
        case "publisher" -> producers[2] = text(r);
        case "author" -> producers[3] = text(r);
        case "authors" -> {
          List<String> authors = new ArrayList<>();
          authors(read, authors);
          producers[4] = authors.isEmpty() ? null : authors.get(0);
        }
        case "properties" -> {
          if (isSubject) {
            List<SbomMetadata.Property> properties = new ArrayList<>();
            properties(read, properties);
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
          while (nextChild(r)) {
            if (isSubject && ours(read, r) && r.getLocalName().equals("tag")) {
              String tag = text(r);
              if (tag != null) {
                read.subjectTags.add(tag);
              }
            } else {
              skip(r);
            }
          }
        }
        case "name" -> name = text(r);
        case "group" -> group = text(r);
        case "version" -> version = text(r);
        case "purl" -> purl = text(r);
        case "cpe" -> cpe = text(r);
        case "scope" -> scope = text(r);
        case "hashes" -> hashes(read, hashes);
        case "licenses" -> licenses(read, licenses);
        case "components" -> components(read, path + "/components", out);
        default -> skip(r);
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
            firstOf(producers),
            sourceProperties.isEmpty() ? null : SourcePackage.fromProperties(sourceProperties)));
  }

  /** The {@code property} elements that state a source package (syft, trivy). */
  private static void sourceProperties(Read read, Map<String, String> out)
      throws XMLStreamException {
    XMLStreamReader r = read.r;
    while (nextChild(r)) {
      if (ours(read, r) && r.getLocalName().equals("property")) {
        String name = r.getAttributeValue(null, "name");
        if (name != null && CycloneDxTree.SOURCE_PROPERTIES.contains(name)) {
          out.putIfAbsent(name, text(r));
        } else {
          skip(r);
        }
      } else {
        skip(r);
      }
    }
  }

  private static void hashes(Read read, List<SbomComponent.Hash> out) throws XMLStreamException {
    XMLStreamReader r = read.r;
    while (nextChild(r)) {
      if (ours(read, r) && r.getLocalName().equals("hash")) {
        String alg = r.getAttributeValue(null, "alg");
        out.add(new SbomComponent.Hash(alg, text(r)));
      } else {
        skip(r);
      }
    }
  }

  private static void licenses(Read read, List<String> out) throws XMLStreamException {
    XMLStreamReader r = read.r;
    while (nextChild(r)) {
      if (!ours(read, r)) {
        skip(r);
      } else if (r.getLocalName().equals("expression")) {
        add(out, text(r));
      } else if (r.getLocalName().equals("license")) {
        String id = null;
        String name = null;
        while (nextChild(r)) {
          if (ours(read, r) && r.getLocalName().equals("id")) {
            id = text(r);
          } else if (ours(read, r) && r.getLocalName().equals("name")) {
            name = text(r);
          } else {
            skip(r);
          }
        }
        add(out, id != null ? id : name);
      } else {
        skip(r);
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
    while (nextChild(r)) {
      if (isDependency(read, r)) {
        String ref = r.getAttributeValue(null, "ref");
        List<String> on =
            ref == null
                ? new ArrayList<>()
                : read.dependsOn.computeIfAbsent(ref, x -> new ArrayList<>());
        while (nextChild(r)) {
          if (isDependency(read, r)) {
            String child = r.getAttributeValue(null, "ref");
            if (child != null) {
              on.add(child);
            }
          }
          skip(r);
        }
      } else {
        skip(r);
      }
    }
  }

  private static boolean isDependency(Read read, XMLStreamReader r) {
    String ns = r.getNamespaceURI() == null ? "" : r.getNamespaceURI();
    return r.getLocalName().equals("dependency")
        && (ns.equals(read.ns) || ns.startsWith(DEPENDENCY_GRAPH_NS));
  }

  /**
   * Advances to the next child start tag of the current element; false at the current element's end
   * tag. Rejects a DTD anywhere.
   */
  private static boolean nextChild(XMLStreamReader r) throws XMLStreamException {
    while (r.hasNext()) {
      int e = r.next();
      if (e == XMLStreamConstants.START_ELEMENT) {
        return true;
      }
      if (e == XMLStreamConstants.END_ELEMENT) {
        return false;
      }
      if (e == XMLStreamConstants.DTD || e == XMLStreamConstants.ENTITY_REFERENCE) {
        throw new XMLStreamException("entity references are not allowed", r.getLocation());
      }
    }
    return false;
  }

  /** Skips the current element (the reader is on its start tag) with everything inside it. */
  private static void skip(XMLStreamReader r) throws XMLStreamException {
    int depth = 1;
    while (depth > 0 && r.hasNext()) {
      int e = r.next();
      if (e == XMLStreamConstants.START_ELEMENT) {
        depth++;
      } else if (e == XMLStreamConstants.END_ELEMENT) {
        depth--;
      } else if (e == XMLStreamConstants.ENTITY_REFERENCE) {
        throw new XMLStreamException("entity references are not allowed", r.getLocation());
      }
    }
  }

  /** The text of the current element (child elements skipped), trimmed; null when empty. */
  private static String text(XMLStreamReader r) throws XMLStreamException {
    StringBuilder b = new StringBuilder();
    int depth = 1;
    while (depth > 0 && r.hasNext()) {
      int e = r.next();
      switch (e) {
        case XMLStreamConstants.START_ELEMENT -> depth++;
        case XMLStreamConstants.END_ELEMENT -> depth--;
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
          if (depth == 1) {
            b.append(r.getText());
          }
        }
        case XMLStreamConstants.ENTITY_REFERENCE ->
            throw new XMLStreamException("entity references are not allowed", r.getLocation());
        default -> {}
      }
    }
    String s = b.toString().strip();
    return s.isEmpty() ? null : s;
  }

  private static String message(XMLStreamException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    // woodstox appends "\n at [row,col {unknown-source}]: [..]"; the location is added separately
    int cut = m.indexOf('\n');
    m = cut < 0 ? m : m.substring(0, cut);
    if (m.startsWith("ParseError at [")) {
      int close = m.indexOf("]\nMessage: ");
      m = close < 0 ? m : m.substring(close + 11);
    }
    return m.strip();
  }

  private static String at(Location l) {
    return l == null || l.getLineNumber() < 0
        ? ""
        : " (line " + l.getLineNumber() + ", column " + l.getColumnNumber() + ")";
  }
}
