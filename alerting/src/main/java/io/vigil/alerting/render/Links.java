package io.vigil.alerting.render;

import io.vigil.alerting.render.AlertView.Link;
import io.vigil.events.v1.KevStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Pure: the pages an alert links to, built from identifiers. A feed's reference list is not trusted
 * for them: GHSA-wf8f-6423-gfxg (CVE-2025-49128) lists the NVD page of CVE-2021-22145 as its first
 * ADVISORY reference, so "the advisory's URL" would send a reader to another vulnerability.
 *
 * <ul>
 *   <li>a GHSA id → {@code https://github.com/advisories/<id>};
 *   <li>a CVE id → {@code https://nvd.nist.gov/vuln/detail/<id>};
 *   <li>any other advisory id (PYSEC, RUSTSEC, GO, …) → the advisory's own URL when that URL names
 *       the id, else its OSV page;
 *   <li>every vulnerability → its OSV page, and the CISA KEV catalog when it is in KEV.
 * </ul>
 */
public final class Links {
  static final String GITHUB = "https://github.com/advisories/";
  static final String NVD = "https://nvd.nist.gov/vuln/detail/";
  static final String OSV = "https://osv.dev/vulnerability/";
  static final String KEV =
      "https://www.cisa.gov/known-exploited-vulnerabilities-catalog?search_api_fulltext=";

  private Links() {}

  /** The page of one id: NVD for a CVE, GitHub for a GHSA, OSV otherwise. */
  public static String page(String id) {
    if (isCve(id)) {
      return NVD + segment(id);
    }
    if (isGhsa(id)) {
      return GITHUB + segment(id);
    }
    return OSV + segment(id);
  }

  /**
   * The links of a vulnerability: each non-CVE advisory or GHSA alias by id, OSV, NVD (a CVE), KEV.
   *
   * @param vulnerabilityId the canonical id
   * @param ids the advisory ids of the events, then their aliases (order kept)
   * @param advisoryUrls advisory id → the URL its event carried (used only when it names the id)
   * @param kev the KEV status, or null
   */
  static List<Link> of(
      String vulnerabilityId,
      Collection<String> ids,
      Map<String, String> advisoryUrls,
      KevStatus kev) {
    List<Link> links = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (String id : ids) {
      if (id == null || isCve(id) || !seen.add(id)) {
        continue;
      }
      if (isGhsa(id)) {
        links.add(new Link(id, page(id)));
      } else if (advisoryUrls.containsKey(id)) {
        String url = advisoryUrls.get(id);
        links.add(new Link(id, url != null && names(url, id) ? url : page(id)));
      }
    }
    links.add(new Link("OSV", OSV + segment(vulnerabilityId)));
    if (isCve(vulnerabilityId)) {
      links.add(new Link("NVD", page(vulnerabilityId)));
    }
    if (kev != null && kev.getCveId() != null) {
      links.add(new Link("CISA KEV", KEV + segment(kev.getCveId())));
    }
    return List.copyOf(links);
  }

  static boolean isCve(String id) {
    return id.regionMatches(true, 0, "CVE-", 0, 4);
  }

  static boolean isGhsa(String id) {
    return id.regionMatches(true, 0, "GHSA-", 0, 5);
  }

  /** Whether a URL is about this id (its text contains the id, ignoring case). */
  private static boolean names(String url, String id) {
    return url.toLowerCase(Locale.ROOT).contains(id.toLowerCase(Locale.ROOT))
        && (url.startsWith("https://") || url.startsWith("http://"));
  }

  /** An id as one URL path segment: unreserved characters as they are, the rest %-encoded. */
  static String segment(String id) {
    StringBuilder b = new StringBuilder();
    for (byte x : id.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~'
          || c == ':') {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        b.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return b.toString();
  }
}
