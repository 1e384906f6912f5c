package io.vigil.core.sbom;

import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;

/**
 * Moves of a StAX reader over an XML SBOM: child by child, skipping or reading an element's text,
 * rejecting entity references anywhere, counting elements against the read's limits.
 */
final class StaxCursor {
  private StaxCursor() {}

  /** Counts elements as they are read, skipped ones included, and stops past the limit. */
  static final class Counting extends StreamReaderDelegate {
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

  /**
   * Advances to the next child start tag of the current element; false at the current element's end
   * tag. Rejects a DTD anywhere.
   */
  static boolean nextChild(XMLStreamReader r) throws XMLStreamException {
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
  static void skip(XMLStreamReader r) throws XMLStreamException {
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
  static String text(XMLStreamReader r) throws XMLStreamException {
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

  static String message(XMLStreamException e) {
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

  static String at(Location l) {
    return l == null || l.getLineNumber() < 0
        ? ""
        : " (line " + l.getLineNumber() + ", column " + l.getColumnNumber() + ")";
  }
}
