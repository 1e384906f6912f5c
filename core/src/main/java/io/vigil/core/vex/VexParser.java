package io.vigil.core.vex;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a VEX document, whatever its format: CycloneDX VEX (JSON or XML, 1.4–1.6), OpenVEX (0.2.0
 * and the v0.0.1 shape) or CSAF 2.0 VEX. Pure: bytes in, a {@link VexDocument} out, or an {@link
 * InvalidVexException} listing every problem with its path (nothing of a rejected document is
 * kept). A UTF-8 byte-order mark is ignored.
 *
 * <p>Detection: XML ({@code <}) is CycloneDX; JSON with {@code bomFormat} is CycloneDX, with {@code
 * document.csaf_version} CSAF, with an OpenVEX {@code @context} or a {@code statements} array
 * OpenVEX; anything else is rejected as "not a VEX document".
 */
public final class VexParser {
  private static final ObjectMapper JSON = new ObjectMapper();

  private VexParser() {}

  /** Reads a VEX document. */
  public static VexDocument parse(byte[] bytes) throws InvalidVexException {
    int start = 0;
    if (bytes.length >= 3
        && (bytes[0] & 0xFF) == 0xEF
        && (bytes[1] & 0xFF) == 0xBB
        && (bytes[2] & 0xFF) == 0xBF) {
      start = 3;
    }
    int first = start;
    while (first < bytes.length && Character.isWhitespace(bytes[first])) {
      first++;
    }
    if (first == bytes.length) {
      throw new InvalidVexException(List.of("$: the document is empty"));
    }
    byte[] body = start == 0 ? bytes : Arrays.copyOfRange(bytes, start, bytes.length);
    if (bytes[first] == '<') {
      CycloneDxVexXml.Tree tree = CycloneDxVexXml.read(body);
      return CycloneDxVexReader.read(tree.root(), VexFormat.CYCLONEDX_XML, tree.lines());
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? "$"
              : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      String message = e.getOriginalMessage();
      int source = message.indexOf(" (start marker at");
      if (source > 0) {
        message = message.substring(0, source);
      }
      throw new InvalidVexException(List.of(where + ": not JSON: " + message));
    } catch (IOException e) {
      throw new InvalidVexException(List.of("$: unreadable: " + e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new InvalidVexException(List.of("$: not a VEX document (not a JSON object)"));
    }
    if (root.has("bomFormat")) {
      if (!"CycloneDX".equals(root.get("bomFormat").asText())) {
        throw new InvalidVexException(
            List.of("$.bomFormat: '" + root.get("bomFormat").asText() + "' is not CycloneDX"));
      }
      return CycloneDxVexReader.read(root, VexFormat.CYCLONEDX_JSON, null);
    }
    JsonNode document = root.get("document");
    if (document != null && document.has("csaf_version")) {
      return CsafVexReader.read(root);
    }
    String context = root.path("@context").asText("");
    if (context.startsWith("https://openvex.dev/ns") || root.has("statements")) {
      return OpenVexReader.read(root);
    }
    throw new InvalidVexException(
        List.of(
            "$: not a VEX document: expected CycloneDX (bomFormat), CSAF 2.0"
                + " (document.csaf_version) or OpenVEX (@context https://openvex.dev/ns or"
                + " statements)"));
  }
}
