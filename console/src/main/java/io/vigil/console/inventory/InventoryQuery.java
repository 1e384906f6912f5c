package io.vigil.console.inventory;

import io.vigil.console.query.QueryApiClient;
import java.util.Locale;

/**
 * What the inventory page asks the query API: the page's search ({@code q}, a purl substring) and
 * how the component is reached ({@code direct}, {@code transitive} or all), as the correlator's
 * {@code q=} and {@code direct=} parameters. Pure.
 */
public record InventoryQuery(String q, String how) {
  public InventoryQuery {
    q = q == null ? "" : q.strip();
    how = how == null ? "" : how.strip().toLowerCase(Locale.ROOT);
    if (!how.equals("direct") && !how.equals("transitive")) {
      how = "";
    }
  }

  /** The correlator's path and query for this search (without paging). */
  public String path(String project) {
    StringBuilder p =
        new StringBuilder("/api/v1/projects/")
            .append(QueryApiClient.enc(project))
            .append("/components");
    char sep = '?';
    if (!q.isEmpty()) {
      p.append(sep).append("q=").append(QueryApiClient.enc(q));
      sep = '&';
    }
    if (!how.isEmpty()) {
      p.append(sep).append("direct=").append(how.equals("direct"));
    }
    return p.toString();
  }

  /** The console page's own query string for this search ({@code ""} for none). */
  public String pageQuery() {
    StringBuilder p = new StringBuilder();
    if (!q.isEmpty()) {
      p.append("q=").append(QueryApiClient.enc(q));
    }
    if (!how.isEmpty()) {
      p.append(p.length() > 0 ? "&" : "").append("how=").append(how);
    }
    return p.toString();
  }
}
