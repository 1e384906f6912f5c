package io.vigil.core.sbom;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads SBOM documents into {@link SbomDocument}s. Pure: bytes in, records out, no I/O besides
 * {@link #parse(Path)} reading the file.
 *
 * <p>Formats (sniffed from the content, a UTF-8 byte-order mark is ignored): CycloneDX JSON and XML
 * (spec 1.0–1.6), SPDX 2.x JSON, YAML and tag-value. The readers stream: only the parts of a
 * document that describe components are materialised (vulnerabilities, files, formulation and the
 * like are skipped), nesting is bounded ({@link #MAX_DEPTH}), and XML document type declarations
 * are rejected (no external entity is ever resolved, no entity is expanded).
 *
 * <p>The parser is lenient about content: it reads what is there and never drops a component;
 * schema validation is a separate step (ingest-sbom). It fails only when the bytes are not a
 * readable SBOM at all.
 */
public final class SbomParser {
  /** Deepest element/array/object nesting accepted in any format. */
  public static final int MAX_DEPTH = 200;

  private static final int SNIFF_BYTES = 64 * 1024;

  private SbomParser() {}

  public static SbomDocument parse(Path file) throws IOException, SbomParseException {
    return parse(Files.readAllBytes(file));
  }

  /** Parses within {@link SbomLimits#DEFAULT}. */
  public static SbomDocument parse(byte[] bytes) throws SbomParseException {
    return parse(bytes, SbomLimits.DEFAULT);
  }

  /**
   * Parses within {@code limits}: a document that needs more work fails with a {@link
   * SbomParseException} naming the limit, before it can exhaust the heap.
   */
  public static SbomDocument parse(byte[] bytes, SbomLimits limits) throws SbomParseException {
    byte[] body = stripUtf8Bom(bytes);
    SbomFormat format = detect(body);
    if (format == null) {
      throw new SbomParseException(describeUnknown(body));
    }
    return switch (format) {
      case CYCLONEDX_XML -> CycloneDxXmlReader.read(body, limits);
      case SPDX_TAG_VALUE -> SpdxTagValueReader.read(body, limits);
      case CYCLONEDX_JSON, SPDX_JSON -> TreeDocumentReader.read(body, false, limits);
      case SPDX_YAML -> TreeDocumentReader.read(body, true, limits);
    };
  }

  /**
   * The format of a document from its first bytes, or null when it is none Vigil reads. JSON is
   * reported as CycloneDX or SPDX by the first top-level key that tells ({@code bomFormat} or
   * {@code spdxVersion}); when neither appears early, {@link #parse} decides on the whole document.
   */
  public static SbomFormat detect(byte[] bytes) {
    byte[] b = stripUtf8Bom(bytes);
    int i = 0;
    while (i < b.length && isSpace(b[i])) {
      i++;
    }
    if (i >= b.length) {
      return null;
    }
    if (b[i] == '{') {
      String head = ascii(b, i, SNIFF_BYTES);
      int spdx = head.indexOf("\"spdxVersion\"");
      int cdx = head.indexOf("\"bomFormat\"");
      if (spdx >= 0 && (cdx < 0 || spdx < cdx)) {
        return SbomFormat.SPDX_JSON;
      }
      return SbomFormat.CYCLONEDX_JSON;
    }
    if (b[i] == '[') {
      return SbomFormat.CYCLONEDX_JSON; // JSON, but not an object: the reader says so
    }
    if (b[i] == '<') {
      return SbomFormat.CYCLONEDX_XML;
    }
    if ((b[i] & 0xFF) == 0x1F && i + 1 < b.length && (b[i + 1] & 0xFF) == 0x8B) {
      return null; // gzip: the caller decompresses
    }
    String head = ascii(b, i, SNIFF_BYTES);
    for (String line : head.split("\r?\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#") || l.equals("---")) {
        continue;
      }
      if (l.startsWith("SPDXVersion:")) {
        return SbomFormat.SPDX_TAG_VALUE;
      }
      if (l.startsWith("spdxVersion:")
          || l.startsWith("\"spdxVersion\":")
          || l.startsWith("'spdxVersion':")) {
        return SbomFormat.SPDX_YAML;
      }
    }
    // a YAML document whose first key is not spdxVersion, or a tag-value one with a preamble
    if (head.contains("\nSPDXVersion:")) {
      return SbomFormat.SPDX_TAG_VALUE;
    }
    if (head.contains("\nspdxVersion:") || head.contains("\nSPDXID:")) {
      return SbomFormat.SPDX_YAML;
    }
    return null;
  }

  private static String describeUnknown(byte[] b) {
    int i = 0;
    while (i < b.length && isSpace(b[i])) {
      i++;
    }
    if (i >= b.length) {
      return "not an SBOM: the document is empty";
    }
    if ((b[i] & 0xFF) == 0x1F && i + 1 < b.length && (b[i + 1] & 0xFF) == 0x8B) {
      return "not an SBOM: the document is gzip-compressed (send it with Content-Encoding: gzip)";
    }
    return "not an SBOM: unrecognised format (expected CycloneDX JSON or XML, or SPDX JSON, YAML"
        + " or tag-value); it starts with '"
        + printable(ascii(b, i, 40))
        + "'";
  }

  private static String printable(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      out.append(c >= 0x20 && c < 0x7F ? c : '?');
    }
    return out.toString();
  }

  private static boolean isSpace(byte c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static String ascii(byte[] b, int from, int max) {
    int len = Math.min(b.length - from, max);
    return new String(b, from, len, StandardCharsets.ISO_8859_1);
  }

  /** The bytes without a leading UTF-8 byte-order mark (the same array when there is none). */
  public static byte[] stripUtf8Bom(byte[] b) {
    if (hasUtf8Bom(b)) {
      byte[] out = new byte[b.length - 3];
      System.arraycopy(b, 3, out, 0, out.length);
      return out;
    }
    return b;
  }

  /** True when the bytes start with a UTF-8 byte-order mark. */
  public static boolean hasUtf8Bom(byte[] b) {
    return b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF;
  }
}
