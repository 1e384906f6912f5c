package io.vigil.console.view;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The console's own links, with their parts encoded. */
public final class Urls {
  private Urls() {}

  public static String vulnerability(String advisoryId) {
    return "/vulnerabilities/" + seg(advisoryId);
  }

  public static String project(String project) {
    return "/projects/" + seg(project);
  }

  /** A package page from a purl (its version, qualifiers and subpath dropped by the page). */
  public static String pkg(String purl) {
    return "/packages?purl=" + seg(purl);
  }

  public static String seg(String s) {
    return s == null ? "" : URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
