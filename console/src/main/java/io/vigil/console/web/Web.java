package io.vigil.console.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.vigil.platform.http.HttpError;
import io.vigil.platform.http.HttpRequest;
import io.vigil.platform.http.HttpResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** HTML responses with the console's security headers, cookies and forms. */
public final class Web {
  /** Scripts and styles from this origin only; no inline script, no framing, forms post here. */
  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          + "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; "
          + "object-src 'none'";

  private static final TemplateEngine TEMPLATES =
      TemplateEngine.createPrecompiled(ContentType.Html);
  private static final long MAX_FORM_BYTES = 16 * 1024;

  private Web() {}

  /** A template rendered with its one parameter ({@code page} or {@code layout}). */
  public static String render(String template, String param, Object value) {
    StringOutput out = new StringOutput();
    TEMPLATES.render(template, Map.of(param, value), out);
    return out.toString();
  }

  /** A page: rendered, with the security headers, never cached. */
  public static HttpResponse page(int status, String template, Object page) {
    return html(status, render(template, "page", page));
  }

  public static HttpResponse html(int status, String html) {
    return secure(HttpResponse.text(status, "text/html; charset=utf-8", html))
        .withHeader("Cache-Control", "no-store");
  }

  static HttpResponse secure(HttpResponse r) {
    return r.withHeader("Content-Security-Policy", CSP)
        .withHeader("X-Content-Type-Options", "nosniff")
        .withHeader("X-Frame-Options", "DENY")
        .withHeader("Referrer-Policy", "same-origin");
  }

  /** 303 See Other: after a POST, or to the login form. */
  public static HttpResponse redirect(String location) {
    return secure(HttpResponse.text(303, "text/plain; charset=utf-8", ""))
        .withHeader("Location", location)
        .withHeader("Cache-Control", "no-store");
  }

  /** A {@code Set-Cookie} value: HttpOnly, SameSite=Strict, path /, Secure when asked. */
  public static String cookie(String name, String value, Duration maxAge, boolean secure) {
    return name
        + "="
        + value
        + "; Path=/; Max-Age="
        + maxAge.toSeconds()
        + "; HttpOnly; SameSite=Strict"
        + (secure ? "; Secure" : "");
  }

  /** The value of a request cookie, or null. */
  public static String cookie(HttpRequest r, String name) {
    String header = r.header("Cookie");
    if (header == null) {
      return null;
    }
    for (String part : header.split(";")) {
      String p = part.trim();
      int eq = p.indexOf('=');
      if (eq > 0 && p.substring(0, eq).equals(name)) {
        return p.substring(eq + 1);
      }
    }
    return null;
  }

  /** An {@code application/x-www-form-urlencoded} body (at most 16 KiB), first value per name. */
  public static Map<String, String> form(HttpRequest r) throws IOException {
    String type = r.header("Content-Type");
    Map<String, String> out = new HashMap<>();
    if (type == null || !type.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
      return out;
    }
    String body = new String(r.bodyBytes(MAX_FORM_BYTES), StandardCharsets.UTF_8);
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int i = pair.indexOf('=');
      try {
        String k = URLDecoder.decode(i < 0 ? pair : pair.substring(0, i), StandardCharsets.UTF_8);
        String v = i < 0 ? "" : URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8);
        out.putIfAbsent(k, v);
      } catch (IllegalArgumentException e) {
        throw HttpError.badRequest("the form is not URL-encoded properly");
      }
    }
    return out;
  }

  /** A local path to go back to after login ({@code /...}, never another host). */
  public static String localPath(String next) {
    if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")) {
      return "/live";
    }
    return next;
  }
}
