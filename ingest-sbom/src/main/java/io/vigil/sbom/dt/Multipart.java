package io.vigil.sbom.dt;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal {@code multipart/form-data} reader (RFC 7578) for Dependency-Track's {@code POST
 * /api/v1/bom}: form fields and one file part, in memory (the caller bounds the body size). Pure.
 */
public final class Multipart {
  private Multipart() {}

  /** One part: its form field name, the file name if any, its content type, its bytes. */
  public record Part(String name, String filename, String contentType, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * @throws IllegalArgumentException when the content type has no boundary or the body does not
   *     follow it
   */
  public static Map<String, Part> parse(String contentType, byte[] body) {
    String boundary = boundary(contentType);
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    Map<String, Part> parts = new LinkedHashMap<>();
    int pos = indexOf(body, delimiter, 0);
    if (pos < 0) {
      throw new IllegalArgumentException("the body does not contain the multipart boundary");
    }
    while (true) {
      int after = pos + delimiter.length;
      if (after + 1 < body.length && body[after] == '-' && body[after + 1] == '-') {
        return parts; // closing delimiter
      }
      int headersStart = skipLineBreak(body, after);
      int headersEnd =
          indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
      if (headersEnd < 0) {
        throw new IllegalArgumentException("a multipart part has no header/body separator");
      }
      String headers =
          new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
      int contentStart = headersEnd + 4;
      int next =
          indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), contentStart);
      if (next < 0) {
        throw new IllegalArgumentException("a multipart part is not terminated by the boundary");
      }
      Part part = part(headers, Arrays.copyOfRange(body, contentStart, next));
      if (part.name() != null) {
        parts.putIfAbsent(part.name(), part);
      }
      pos = next + 2;
    }
  }

  static String boundary(String contentType) {
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      throw new IllegalArgumentException("the content type must be multipart/form-data");
    }
    for (String p : contentType.split(";")) {
      String t = p.strip();
      if (t.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
        String b = t.substring(9);
        if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) {
          b = b.substring(1, b.length() - 1);
        }
        if (!b.isEmpty()) {
          return b;
        }
      }
    }
    throw new IllegalArgumentException("the multipart content type has no boundary");
  }

  private static Part part(String headers, byte[] body) {
    String name = null;
    String filename = null;
    String type = null;
    for (String line : headers.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String h = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String v = line.substring(colon + 1).strip();
      if (h.equals("content-disposition")) {
        name = parameter(v, "name");
        filename = parameter(v, "filename");
      } else if (h.equals("content-type")) {
        type = v;
      }
    }
    return new Part(name, filename, type, body);
  }

  private static String parameter(String disposition, String key) {
    for (String p : disposition.split(";")) {
      String t = p.strip();
      int eq = t.indexOf('=');
      if (eq > 0 && t.substring(0, eq).strip().equalsIgnoreCase(key)) {
        String v = t.substring(eq + 1).strip();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
          v = v.substring(1, v.length() - 1);
        }
        return v;
      }
    }
    return null;
  }

  private static int skipLineBreak(byte[] b, int i) {
    if (i + 1 < b.length && b[i] == '\r' && b[i + 1] == '\n') {
      return i + 2;
    }
    if (i < b.length && b[i] == '\n') {
      return i + 1;
    }
    return i;
  }

  static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
