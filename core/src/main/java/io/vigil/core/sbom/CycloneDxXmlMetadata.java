package io.vigil.core.sbom;

import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The metadata half of {@link CycloneDxXmlReader}: authors, tools, supplier or manufacturer and
 * properties of {@code <metadata>} (and of a component), and the {@link SbomMetadata} they make.
 */
final class CycloneDxXmlMetadata {
  private CycloneDxXmlMetadata() {}

  static SbomMetadata metadataOf(CycloneDxXmlReader.Read read) {
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
  static void authors(CycloneDxXmlReader.Read read, List<String> out) throws XMLStreamException {
    XMLStreamReader r = read.r;
    while (StaxCursor.nextChild(r)) {
      if (CycloneDxXmlReader.ours(read, r) && r.getLocalName().equals("author")) {
        String who = entityName(read);
        if (who != null) {
          out.add(who);
        }
      } else {
        StaxCursor.skip(r);
      }
    }
  }

  /** {@code <tools>}: legacy {@code <tool>}s, or 1.5+ {@code <components>}/{@code <services>}. */
  static void tools(CycloneDxXmlReader.Read read) throws XMLStreamException {
    XMLStreamReader r = read.r;
    while (StaxCursor.nextChild(r)) {
      if (!CycloneDxXmlReader.ours(read, r)) {
        StaxCursor.skip(r);
      } else if (r.getLocalName().equals("tool")) {
        tool(read);
      } else if (r.getLocalName().equals("components") || r.getLocalName().equals("services")) {
        while (StaxCursor.nextChild(r)) {
          if (CycloneDxXmlReader.ours(read, r)
              && (r.getLocalName().equals("component") || r.getLocalName().equals("service"))) {
            tool(read);
          } else {
            StaxCursor.skip(r);
          }
        }
      } else {
        StaxCursor.skip(r);
      }
    }
  }

  static void tool(CycloneDxXmlReader.Read read) throws XMLStreamException {
    XMLStreamReader r = read.r;
    String vendor = null;
    String name = null;
    String version = null;
    while (StaxCursor.nextChild(r)) {
      if (!CycloneDxXmlReader.ours(read, r)) {
        StaxCursor.skip(r);
        continue;
      }
      switch (r.getLocalName()) {
        case "vendor", "group" -> vendor = first(vendor, StaxCursor.text(r));
        case "name" -> name = StaxCursor.text(r);
        case "version" -> version = StaxCursor.text(r);
        default -> StaxCursor.skip(r);
      }
    }
    if (name != null) {
      read.tools.add(
          (vendor == null ? "" : vendor + " ") + name + (version == null ? "" : " " + version));
    }
  }

  static void properties(CycloneDxXmlReader.Read read, List<SbomMetadata.Property> out)
      throws XMLStreamException {
    XMLStreamReader r = read.r;
    while (StaxCursor.nextChild(r)) {
      if (CycloneDxXmlReader.ours(read, r) && r.getLocalName().equals("property")) {
        String name = r.getAttributeValue(null, "name");
        String value = StaxCursor.text(r);
        if (name != null) {
          out.add(new SbomMetadata.Property(name, value));
        }
      } else {
        StaxCursor.skip(r);
      }
    }
  }

  /**
   * The {@code <name>} (else {@code <email>}) of an organisation or contact element the reader is
   * on; null when it has neither.
   */
  static String entityName(CycloneDxXmlReader.Read read) throws XMLStreamException {
    XMLStreamReader r = read.r;
    String name = null;
    String email = null;
    while (StaxCursor.nextChild(r)) {
      if (CycloneDxXmlReader.ours(read, r) && r.getLocalName().equals("name")) {
        name = StaxCursor.text(r);
      } else if (CycloneDxXmlReader.ours(read, r) && r.getLocalName().equals("email")) {
        email = StaxCursor.text(r);
      } else {
        StaxCursor.skip(r);
      }
    }
    return first(name, email);
  }

  static String first(String a, String b) {
    return a != null ? a : b;
  }

  static String firstOf(String[] values) {
    for (String v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }
}
