package io.vigil.sbom;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Small CycloneDX JSON documents for tests. */
final class Sboms {
  private Sboms() {}

  /** A valid CycloneDX 1.5 JSON document whose components have these purls. */
  static byte[] cyclonedx(List<String> purls) {
    StringBuilder b =
        new StringBuilder(
            "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,"
                + "\"metadata\":{\"component\":{\"type\":\"application\",\"name\":\"app\"}},"
                + "\"components\":[");
    for (int i = 0; i < purls.size(); i++) {
      String purl = purls.get(i);
      String name = purl.replaceAll("^pkg:[^/]+/(?:.*/)?([^@/]+)@.*$", "$1");
      String version = purl.substring(purl.lastIndexOf('@') + 1);
      if (i > 0) {
        b.append(',');
      }
      b.append("{\"type\":\"library\",\"name\":\"")
          .append(name)
          .append("\",\"version\":\"")
          .append(version)
          .append("\",\"purl\":\"")
          .append(purl)
          .append("\"}");
    }
    return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A CycloneDX 1.5 JSON document with one library per purl, named {@code name} and versioned
   * {@code 1.0}, the purls escaped as JSON strings (so they may hold control characters).
   */
  static byte[] cyclonedxEscaped(String name, List<String> purls) {
    StringBuilder b =
        new StringBuilder(
            "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,\"components\":[");
    for (int i = 0; i < purls.size(); i++) {
      b.append(i == 0 ? "" : ",")
          .append("{\"type\":\"library\",\"name\":\"")
          .append(name)
          .append("\",\"version\":\"1.0\",\"purl\":\"")
          .append(escape(purls.get(i)))
          .append("\"}");
    }
    return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** {@code s} as the inside of a JSON string. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\u%04x", (int) c));
      } else if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** {@code count} distinct Maven components: {@code pkg:maven/com.example.gN/lib-N@1.0.N}. */
  static byte[] large(int count) {
    StringBuilder b =
        new StringBuilder(count * 120)
            .append(
                "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,\"components\":[");
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append("{\"type\":\"library\",\"bom-ref\":\"c")
          .append(i)
          .append("\",\"group\":\"com.example.g")
          .append(i % 97)
          .append("\",\"name\":\"lib-")
          .append(i)
          .append("\",\"version\":\"1.0.")
          .append(i)
          .append("\",\"purl\":\"pkg:maven/com.example.g")
          .append(i % 97)
          .append("/lib-")
          .append(i)
          .append("@1.0.")
          .append(i)
          .append("\"}");
    }
    return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }
}
