package io.vigil.platform.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An incoming request: method, path, decoded path parameters and query, headers, and the body as a
 * stream (handlers enforce their own size limits; nothing is buffered for them).
 */
public final class HttpRequest {
  private final String method;
  private final String path;
  private final Map<String, String> pathParams;
  private final Map<String, List<String>> query;
  private final Map<String, List<String>> headers;
  private final InputStream body;
  private String apiKeyName;

  HttpRequest(
      String method,
      String path,
      Map<String, String> pathParams,
      String rawQuery,
      Map<String, List<String>> headers,
      InputStream body) {
    this.method = method;
    this.path = path;
    this.pathParams = pathParams;
    this.query = parseQuery(rawQuery);
    this.headers = headers;
    this.body = body;
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  /** A {@code {name}} segment of the route, URL-decoded. */
  public String pathParam(String name) {
    return pathParams.get(name);
  }

  /** First value of a query parameter, or null. */
  public String query(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  public String query(String name, String dflt) {
    String v = query(name);
    return v == null ? dflt : v;
  }

  /** An integer query parameter within bounds, or a 400 naming it. */
  public int queryInt(String name, int dflt, int min, int max) {
    String v = query(name);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw HttpError.badRequest(
            "query parameter '" + name + "' must be between " + min + " and " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw HttpError.badRequest(
          "query parameter '" + name + "' must be an integer, got '" + v + "'");
    }
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

  /**
   * The name of the API key the request authenticated with ({@code http.apiKeys.<name>}), or null
   * when the service needs no key.
   */
  public String apiKeyName() {
    return apiKeyName;
  }

  void apiKeyName(String name) {
    this.apiKeyName = name;
  }

  public InputStream body() {
    return body;
  }

  /** Reads the whole body, failing with 413 above {@code limit} bytes. */
  public byte[] bodyBytes(long limit) throws IOException {
    byte[] buf = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
    if (buf.length > limit) {
      throw new HttpError(
          413, "payload_too_large", "request body exceeds the limit of " + limit + " bytes");
    }
    return buf;
  }

  private static Map<String, List<String>> parseQuery(String raw) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return m;
    }
    for (String pair : raw.split("&")) {
      int i = pair.indexOf('=');
      String k = URLDecoder.decode(i < 0 ? pair : pair.substring(0, i), StandardCharsets.UTF_8);
      String v = i < 0 ? "" : URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8);
      m.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return m;
  }
}
