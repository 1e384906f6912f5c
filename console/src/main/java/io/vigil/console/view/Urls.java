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

  /** {@code pkg:maven/g/a@1.0?x=y#p} → {@code pkg:maven/g/a}: the package, without version. */
  public static String packageOf(String purl) {
    int cut = purl.length();
    for (char c : new char[] {'?', '#'}) {
      int i = purl.indexOf(c);
      if (i >= 0) {
        cut = Math.min(cut, i);
      }
    }
    String p = purl.substring(0, cut);
    int at = p.lastIndexOf('@');
    return at > p.lastIndexOf('/') ? p.substring(0, at) : p;
  }

  public static String seg(String s) {
    return s == null ? "" : URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
