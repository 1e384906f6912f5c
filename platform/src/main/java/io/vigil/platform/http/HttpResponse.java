package io.vigil.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A response: status, content type, body, headers; or, for a long-lived answer such as server-sent
 * events, a {@link Stream} that writes the body after the headers until it returns.
 */
public record HttpResponse(
    int status, String contentType, byte[] body, Map<String, String> headers, Stream stream) {

  /** Writes a streamed body (chunked); returns when done or when the client has gone. */
  @FunctionalInterface
  public interface Stream {
    void write(OutputStream out) throws IOException, InterruptedException;
  }

  public HttpResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
    this(status, contentType, body, headers, null);
  }

  /**
   * A streamed answer (e.g. {@code text/event-stream}): headers first, then whatever {@code stream}
   * writes, on the request's thread, until it returns.
   */
  public static HttpResponse stream(int status, String contentType, Stream stream) {
    return new HttpResponse(status, contentType, new byte[0], Map.of(), stream);
  }

  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  public static HttpResponse json(int status, Object value) {
    try {
      return new HttpResponse(status, "application/json", JSON.writeValueAsBytes(value), Map.of());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static HttpResponse ok(Object value) {
    return json(200, value);
  }

  public static HttpResponse text(int status, String contentType, String text) {
    return new HttpResponse(status, contentType, text.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  public HttpResponse withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new HttpResponse(status, contentType, body, h, stream);
  }

  /** The shared JSON mapper (Java time as ISO-8601). */
  public static ObjectMapper mapper() {
    return JSON;
  }
}
