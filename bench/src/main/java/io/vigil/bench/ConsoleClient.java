package io.vigil.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A logged-in visitor of the console, for benchmarks: GETs with the session cookie. */
final class ConsoleClient {
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;
  private String session;

  ConsoleClient(String base) {
    this.base = base;
  }

  String base() {
    return base;
  }

  String session() {
    return session;
  }

  /** The login form, then its POST with the key: keeps the session cookie. */
  ConsoleClient login(String apiKey) throws IOException, InterruptedException {
    HttpResponse<String> form = get("/login");
    Matcher m = CSRF.matcher(form.body());
    if (!m.find()) {
      throw new IllegalStateException("no csrf field on the login form: " + form.statusCode());
    }
    String body =
        "csrf="
            + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8)
            + "&apiKey="
            + URLEncoder.encode(apiKey, StandardCharsets.UTF_8)
            + "&next=%2Flive";
    HttpResponse<String> resp =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookie(form, "vigil_login"))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (resp.statusCode() != 303) {
      throw new IllegalStateException("login refused: HTTP " + resp.statusCode());
    }
    session = cookie(resp, "vigil_session");
    return this;
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    if (session != null) {
      b.header("Cookie", session);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpClient http() {
    return http;
  }

  private static String cookie(HttpResponse<String> resp, String name) {
    for (String v : resp.headers().allValues("Set-Cookie")) {
      if (v.startsWith(name + "=")) {
        return v.substring(0, v.indexOf(';'));
      }
    }
    throw new IllegalStateException("no " + name + " cookie (HTTP " + resp.statusCode() + ")");
  }
}
