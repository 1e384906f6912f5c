package io.vigil.testkit.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** A request a stand-in server received: everything a test may assert on. */
public record RecordedRequest(
    String method, String path, String query, Map<String, List<String>> headers, byte[] body) {

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** First value of a header (case-insensitive), or null. */
  public String header(String name) {
    for (var e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }
}
