package io.vigil.core.vex;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Turns a CycloneDX XML document into the tree its JSON form would have (the parts VEX reading
 * needs: metadata, components, vulnerabilities), remembering each node's source line, so one reader
 * serves both. A DTD is rejected before anything is resolved (no XXE, no entity expansion).
 */
final class CycloneDxVexXml {
  private static final Pattern NAMESPACE =
      Pattern.compile("http://cyclonedx\\.org/schema/bom/(\\d+\\.\\d+)");
  private static final XMLInputFactory FACTORY = factory();

  /** XML container element → (child element, JSON field name). */
  private static final Map<String, String[]> CONTAINERS =
      Map.ofEntries(
          Map.entry("components", new String[] {"component", "components"}),
          Map.entry("vulnerabilities", new String[] {"vulnerability", "vulnerabilities"}),
          Map.entry("references", new String[] {"reference", "references"}),
          Map.entry("responses", new String[] {"response", "response"}),
          Map.entry("affects", new String[] {"target", "affects"}),
          Map.entry("versions", new String[] {"version", "versions"}),
          Map.entry("authors", new String[] {"author", "authors"}),
          Map.entry("hashes", new String[] {"hash", "hashes"}),
          Map.entry("properties", new String[] {"property", "properties"}));

  /** Elements whose text goes into a named field next to their attributes. */
  private static final Map<String, String> TEXT_FIELD =
      Map.of("hash", "content", "property", "value");

  private CycloneDxVexXml() {}

  private static XMLInputFactory factory() {
    XMLInputFactory f = new WstxInputFactory();
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    f.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, 200);
    f.setProperty(WstxInputProperties.P_MAX_ENTITY_COUNT, 1L);
    return f;
  }

  /** The JSON-shaped tree and each node's line. */
  record Tree(ObjectNode root, Map<JsonNode, Integer> lines) {}

  private static final class Element {
    final String name;
    final int line;
    final Map<String, String> attributes = new LinkedHashMap<>();
    final List<Element> children = new ArrayList<>();
    final StringBuilder text = new StringBuilder();

    Element(String name, int line) {
      this.name = name;
      this.line = line;
    }
  }

  static Tree read(byte[] bytes) throws InvalidVexException {
    Element root;
    String namespace;
    try {
      XMLStreamReader r = FACTORY.createXMLStreamReader(new ByteArrayInputStream(bytes));
      List<Element> stack = new ArrayList<>();
      root = null;
      namespace = null;
      while (r.hasNext()) {
        int e = r.next();
        switch (e) {
          case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE ->
              throw new InvalidVexException(
                  List.of(
                      "line "
                          + r.getLocation().getLineNumber()
                          + ": a DTD or entity reference is not allowed in a VEX document"));
          case XMLStreamConstants.START_ELEMENT -> {
            Element el = new Element(r.getLocalName(), r.getLocation().getLineNumber());
            for (int i = 0; i < r.getAttributeCount(); i++) {
              el.attributes.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
            }
            if (stack.isEmpty()) {
              root = el;
              namespace = r.getNamespaceURI();
            } else {
              stack.get(stack.size() - 1).children.add(el);
            }
            stack.add(el);
          }
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
            if (!stack.isEmpty()) {
              stack.get(stack.size() - 1).text.append(r.getText());
            }
          }
          case XMLStreamConstants.END_ELEMENT -> stack.remove(stack.size() - 1);
          default -> {}
        }
      }
    } catch (XMLStreamException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNumber();
      throw new InvalidVexException(
          List.of("line " + line + ": not well-formed XML: " + firstLine(e.getMessage())));
    }
    if (root == null || !root.name.equals("bom")) {
      throw new InvalidVexException(
          List.of("$: not a CycloneDX document (the root element is not <bom>)"));
    }
    Matcher m = namespace == null ? null : NAMESPACE.matcher(namespace);
    if (m == null || !m.matches()) {
      throw new InvalidVexException(
          List.of(
              "$: <bom> is not in a CycloneDX namespace (http://cyclonedx.org/schema/bom/1.x): "
                  + namespace));
    }
    Map<JsonNode, Integer> lines = new IdentityHashMap<>();
    ObjectNode json = (ObjectNode) convert(root, lines);
    json.put("bomFormat", "CycloneDX");
    json.put("specVersion", m.group(1));
    return new Tree(json, lines);
  }

  private static JsonNode convert(Element el, Map<JsonNode, Integer> lines) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (el.children.isEmpty() && el.attributes.isEmpty()) {
      JsonNode t = f.textNode(el.text.toString().strip());
      lines.put(t, el.line);
      return t;
    }
    ObjectNode o = f.objectNode();
    lines.put(o, el.line);
    el.attributes.forEach(o::put);
    String textField = TEXT_FIELD.get(el.name);
    if (textField != null) {
      o.put(textField, el.text.toString().strip());
    } else if (el.children.isEmpty()) {
      o.put("value", el.text.toString().strip());
    }
    for (Element child : el.children) {
      String[] container = CONTAINERS.get(child.name);
      if (container != null) {
        ArrayNode a =
            o.has(container[1]) && o.get(container[1]).isArray()
                ? (ArrayNode) o.get(container[1])
                : o.putArray(container[1]);
        lines.put(a, child.line);
        for (Element item : child.children) {
          if (item.name.equals(container[0])) {
            a.add(convert(item, lines));
          }
        }
      } else if (!o.has(child.name)) {
        o.set(child.name, convert(child, lines));
      }
    }
    return o;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
