package io.vigil.correlator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.platform.http.HttpError;
import io.vigil.platform.http.HttpRequest;
import io.vigil.platform.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Paging of the query API: {@code ?limit=N} (1..1000, default 100) and {@code ?cursor=C}, the
 * previous page's {@code nextCursor}: the sort key of its last item, so each store read resumes
 * right after it. Sort keys are compared in code point order, which is RocksDB's byte order of
 * their UTF-8 form, so the order of a local range scan is the order of the merged page.
 */
record QueryPage(int limit, String cursor) {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  private static final ObjectMapper JSON = HttpResponse.mapper();

  /** Code point order: the order of the stores' UTF-8 keys. */
  static final Comparator<String> ORDER = QueryPage::compareCodePoints;

  /** One result with the key it sorts by (the cursor is the last key of a page). */
  record Item(String key, JsonNode item) {}

  static QueryPage of(HttpRequest r) {
    int limit = r.queryInt("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    String c = r.query("cursor");
    String cursor = null;
    if (c != null && !c.isEmpty()) {
      try {
        cursor = new String(Base64.getUrlDecoder().decode(c), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw HttpError.badRequest("query parameter 'cursor' is not a cursor of this API");
      }
    }
    return new QueryPage(limit, cursor);
  }

  /** Whether a sort key comes after the cursor (every key does on the first page). */
  boolean after(String key) {
    return cursor == null || ORDER.compare(key, cursor) > 0;
  }

  /**
   * How many items a local answer holds at most: one more than a page, so the instance that merges
   * the answers knows whether another page follows.
   */
  int fetch() {
    return limit + 1;
  }

  /** {@code limit=N[&cursor=C]}, to pass the page on to another instance. */
  String query() {
    return "limit=" + limit + (cursor == null ? "" : "&cursor=" + encode(cursor));
  }

  /** The first {@link #fetch()} items after the cursor, in key order: a local answer. */
  List<Item> trim(List<Item> items) {
    return first(items, fetch());
  }

  private List<Item> first(List<Item> items, int n) {
    List<Item> sorted = new ArrayList<>();
    for (Item i : items) {
      if (after(i.key())) {
        sorted.add(i);
      }
    }
    sorted.sort(Comparator.comparing(Item::key, ORDER));
    return sorted.size() > n ? new ArrayList<>(sorted.subList(0, n)) : sorted;
  }

  /**
   * The page: {@code about} fields, {@code items}, {@code count} and {@code nextCursor} (null on
   * the last page).
   */
  HttpResponse respond(List<Item> items, Map<String, Object> about) {
    Slice slice = slice(items);
    ObjectNode body = JSON.createObjectNode();
    about.forEach((k, v) -> body.set(k, JSON.valueToTree(v)));
    ArrayNode arr = body.putArray("items");
    slice.items().forEach(i -> arr.add(i.item()));
    body.put("count", slice.items().size());
    if (slice.next() != null) {
      body.put("nextCursor", encode(slice.next().cursor()));
    } else {
      body.putNull("nextCursor");
    }
    return HttpResponse.ok(body);
  }

  /**
   * One page of merged answers.
   *
   * @param items the page's items: unique keys, in key order, at most {@code limit}
   * @param next the page after it, null when this is the last
   */
  record Slice(List<Item> items, QueryPage next) {}

  /** The page of the merged local answers {@code items}, and which page follows. */
  Slice slice(List<Item> items) {
    TreeMap<String, Item> unique = new TreeMap<>(ORDER);
    items.forEach(i -> unique.putIfAbsent(i.key(), i));
    List<Item> pageItems = first(new ArrayList<>(unique.values()), limit);
    long following = unique.values().stream().filter(i -> after(i.key())).count();
    boolean more = following > pageItems.size();
    return new Slice(
        pageItems, more ? new QueryPage(limit, pageItems.get(pageItems.size() - 1).key()) : null);
  }

  private static String encode(String key) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
