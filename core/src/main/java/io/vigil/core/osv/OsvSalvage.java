package io.vigil.core.osv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * What of an OSV record Vigil can use: the one rule that ingest-advisories (before publishing) and
 * {@code vigil scan} (before matching) both apply, so the pipeline and the offline scan always see
 * the same advisories.
 *
 * <p>Real feeds publish records that the OSV JSON schema rejects but osv.dev and osv-scanner use
 * (PyPA's GIT ranges with abbreviated commits or a {@code fixed} ending in {@code .patch}, a
 * severity without its type, ...). A record is therefore <b>usable</b> when its {@code id} is a
 * non-blank string, its {@code modified} an RFC 3339 time, its {@code withdrawn} (when present) a
 * time, {@code affected} (when present) an array, and, when it lists affected entries and is not
 * withdrawn, at least one of them is left. Only the parts Vigil cannot read are <b>dropped</b>,
 * each with its JSON path and the reason:
 *
 * <ul>
 *   <li>an {@code affected[]} entry that is not an object, or whose {@code package} is not an
 *       object with string {@code ecosystem} and {@code name}; an entry left with no range and no
 *       version after its broken ranges were dropped;
 *   <li>a range that is not an object, has no type or a type other than {@code ECOSYSTEM}, {@code
 *       SEMVER} and {@code GIT} (osv-scanner skips those too), no events, an event that is not an
 *       object holding exactly one of {@code introduced}, {@code fixed}, {@code last_affected},
 *       {@code limit} as a string, or no {@code introduced} event. Ranges are OR-ed, so dropping
 *       one only ever removes affected versions, never adds any; a single event is never dropped
 *       (that would widen its range);
 *   <li>a severity entry without a string {@code type} and {@code score}; a reference without a
 *       string {@code url}; alias, related, upstream and version strings that are not strings; a
 *       {@code published}, {@code summary}, {@code details}, {@code purl}, {@code repo} or
 *       top-level {@code database_specific} of the wrong type; a list that is not a list.
 * </ul>
 *
 * <p>Everything else is kept as it is, including what the schema forbids but matching copes with
 * (GIT event values that are not full commit hashes, a GIT range without {@code repo}, unknown
 * ecosystems, id prefixes and severity types, {@code fixed} beside {@code last_affected}). Every
 * part dropped is a part the OSV schema rejects, except two values its patterns let through: times
 * that are not RFC 3339 times (its timestamp pattern is unanchored and {@code format} is not
 * asserted) and event keys holding a non-string beside the event's one string kind. So a record the
 * schema accepts is used whole (ingest-advisories' {@code OsvSchemaFastPathTest} checks this on
 * every shared record and every keyword mutant).
 *
 * <p>Pure and thread-safe; the record given is never changed: the usable record is that same
 * instance when nothing is dropped, else a copy without the dropped parts.
 */
public final class OsvSalvage {
  private static final Set<String> RANGE_TYPES = Set.of("ECOSYSTEM", "SEMVER", "GIT");
  private static final List<String> EVENT_KINDS =
      List.of("introduced", "fixed", "last_affected", "limit");

  private OsvSalvage() {}

  /** A part left out: its JSON pointer ({@code /affected/0/ranges/1}) and why. */
  public record Dropped(String path, String reason) {
    @Override
    public String toString() {
      return path + ": " + reason;
    }
  }

  /**
   * The verdict on one record.
   *
   * @param record the usable record (the input itself when {@code dropped} is empty), or null when
   *     the record cannot be used at all
   * @param dropped the parts left out, in document order
   * @param unusable why the record cannot be used, or null when it can
   */
  public record Result(ObjectNode record, List<Dropped> dropped, String unusable) {
    public Result {
      dropped = List.copyOf(dropped);
    }

    public boolean usable() {
      return record != null;
    }
  }

  /** Applies the rule to one parsed record. */
  public static Result salvage(JsonNode record) {
    Walk w = new Walk();
    String fatal = w.record(record);
    if (fatal != null) {
      return new Result(null, w.dropped, fatal);
    }
    ObjectNode r = (ObjectNode) record;
    return new Result(w.dropped.isEmpty() ? r : prune(r, w.dropped), w.dropped, null);
  }

  /** Collects the dropped parts of one record (never changes it). */
  private static final class Walk {
    final List<Dropped> dropped = new ArrayList<>();

    private void drop(String path, String reason) {
      dropped.add(new Dropped(path, reason));
    }

    /** Null when usable, else the reason. */
    String record(JsonNode r) {
      if (r == null || !r.isObject()) {
        return "not a JSON object";
      }
      JsonNode id = r.get("id");
      if (id == null || id.isNull()) {
        return "/id is missing";
      }
      if (!id.isTextual() || id.asText().isBlank()) {
        return "/id is not a non-blank string";
      }
      String modified = time(r.get("modified"));
      if (modified != null) {
        return "/modified " + modified;
      }
      boolean withdrawn = present(r.get("withdrawn"));
      if (withdrawn) {
        String w = time(r.get("withdrawn"));
        if (w != null) {
          return "/withdrawn " + w;
        }
      }
      if (present(r.get("published")) && time(r.get("published")) != null) {
        drop("/published", time(r.get("published")));
      }
      for (String f : List.of("summary", "details")) {
        if (present(r.get(f)) && !r.get(f).isTextual()) {
          drop("/" + f, "is not a string");
        }
      }
      for (String f : List.of("aliases", "related", "upstream")) {
        strings(r.get(f), "/" + f);
      }
      severities(r.get("severity"), "/severity");
      if (present(r.get("database_specific")) && !r.get("database_specific").isObject()) {
        drop("/database_specific", "is not an object");
      }
      references(r.get("references"));
      JsonNode affected = r.get("affected");
      if (!present(affected)) {
        return null;
      }
      if (!affected.isArray()) {
        return "/affected is not an array";
      }
      int kept = 0;
      for (int i = 0; i < affected.size(); i++) {
        if (entry(affected.get(i), "/affected/" + i)) {
          kept++;
        }
      }
      if (!affected.isEmpty() && kept == 0 && !withdrawn) {
        return "no usable affected[] entry ("
            + String.join("; ", dropped.stream().limit(5).map(Dropped::toString).toList())
            + (dropped.size() > 5 ? "; ..." : "")
            + ")";
      }
      return null;
    }

    /** Null when the value is an RFC 3339 time, else what is wrong with it. */
    private static String time(JsonNode t) {
      if (t == null || t.isNull()) {
        return "is missing";
      }
      if (!t.isTextual()) {
        return "is not a string";
      }
      return OsvTime.isTime(t.asText())
          ? null
          : "is not an RFC 3339 time: '" + abbreviate(t.asText()) + "'";
    }

    /** Whether the entry is kept. */
    private boolean entry(JsonNode e, String path) {
      if (!e.isObject()) {
        drop(path, "is not an object");
        return false;
      }
      JsonNode pkg = e.get("package");
      if (present(pkg)) {
        if (!pkg.isObject()) {
          drop(path, "package is not an object");
          return false;
        }
        for (String f : List.of("ecosystem", "name")) {
          JsonNode v = pkg.get(f);
          if (v == null || v.isNull()) {
            drop(path, "package." + f + " is missing");
            return false;
          }
          if (!v.isTextual()) {
            drop(path, "package." + f + " is not a string");
            return false;
          }
        }
        if (present(pkg.get("purl")) && !pkg.get("purl").isTextual()) {
          drop(path + "/package/purl", "is not a string");
        }
      }
      severities(e.get("severity"), path + "/severity");
      int versions = strings(e.get("versions"), path + "/versions");
      JsonNode ranges = e.get("ranges");
      if (!present(ranges)) {
        return true;
      }
      if (!ranges.isArray()) {
        drop(path + "/ranges", "is not an array");
      } else {
        int kept = 0;
        for (int j = 0; j < ranges.size(); j++) {
          if (range(ranges.get(j), path + "/ranges/" + j)) {
            kept++;
          }
        }
        if (kept > 0 || ranges.isEmpty()) {
          return true;
        }
      }
      if (versions > 0) {
        return true;
      }
      drop(path, "no usable range and no version left");
      return false;
    }

    /** Whether the range is kept. */
    private boolean range(JsonNode rg, String path) {
      if (!rg.isObject()) {
        drop(path, "is not an object");
        return false;
      }
      JsonNode type = rg.get("type");
      if (type == null || type.isNull()) {
        drop(path, "has no type");
        return false;
      }
      if (!type.isTextual() || !RANGE_TYPES.contains(type.asText())) {
        drop(path, "has type " + abbreviate(type.toString()) + " (not ECOSYSTEM, SEMVER or GIT)");
        return false;
      }
      if (present(rg.get("repo")) && !rg.get("repo").isTextual()) {
        drop(path + "/repo", "is not a string");
      }
      JsonNode events = rg.get("events");
      if (events == null || !events.isArray() || events.isEmpty()) {
        drop(path, events == null || events.isNull() ? "has no events" : "has no list of events");
        return false;
      }
      List<Dropped> strayValues = new ArrayList<>();
      boolean introduced = false;
      for (int k = 0; k < events.size(); k++) {
        JsonNode ev = events.get(k);
        if (!ev.isObject()) {
          drop(path, "event " + k + " is not an object");
          return false;
        }
        String kind = null;
        int kinds = 0;
        for (String key : EVENT_KINDS) {
          JsonNode v = ev.get(key);
          if (v != null && v.isTextual()) {
            kind = key;
            kinds++;
          } else if (present(v)) {
            strayValues.add(new Dropped(path + "/events/" + k + "/" + key, "is not a string"));
          }
        }
        if (kinds != 1) {
          drop(
              path,
              "event "
                  + k
                  + (kinds == 0
                      ? " holds none of introduced, fixed, last_affected, limit as a string"
                      : " holds more than one of introduced, fixed, last_affected, limit"));
          return false;
        }
        introduced |= kind.equals("introduced");
      }
      if (!introduced) {
        drop(path, "has no introduced event");
        return false;
      }
      dropped.addAll(strayValues);
      return true;
    }

    private void severities(JsonNode s, String path) {
      if (!present(s)) {
        return;
      }
      if (!s.isArray()) {
        drop(path, "is not an array");
        return;
      }
      for (int k = 0; k < s.size(); k++) {
        JsonNode v = s.get(k);
        if (!v.isObject()) {
          drop(path + "/" + k, "is not an object");
        } else if (v.get("type") == null || !v.get("type").isTextual()) {
          drop(path + "/" + k, "has no type");
        } else if (v.get("score") == null || !v.get("score").isTextual()) {
          drop(path + "/" + k, "has no score");
        }
      }
    }

    private void references(JsonNode refs) {
      if (!present(refs)) {
        return;
      }
      if (!refs.isArray()) {
        drop("/references", "is not an array");
        return;
      }
      for (int k = 0; k < refs.size(); k++) {
        JsonNode v = refs.get(k);
        if (!v.isObject() || v.get("url") == null || !v.get("url").isTextual()) {
          drop("/references/" + k, "has no url");
        }
      }
    }

    /** Checks a list of strings; returns how many strings it keeps. */
    private int strings(JsonNode list, String path) {
      if (!present(list)) {
        return 0;
      }
      if (!list.isArray()) {
        drop(path, "is not an array");
        return 0;
      }
      int kept = 0;
      for (int k = 0; k < list.size(); k++) {
        if (list.get(k).isTextual()) {
          kept++;
        } else {
          drop(path + "/" + k, "is not a string");
        }
      }
      return kept;
    }

    private static boolean present(JsonNode n) {
      return n != null && !n.isNull();
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  /**
   * A copy of the record without the dropped parts. Removed deepest-last-index first, so removing
   * one never shifts a part still to remove; a part inside one already removed is skipped.
   */
  private static ObjectNode prune(ObjectNode record, List<Dropped> dropped) {
    ObjectNode copy = record.deepCopy();
    List<String[]> paths = new ArrayList<>();
    for (Dropped d : dropped) {
      paths.add(d.path().substring(1).split("/"));
    }
    paths.sort(OsvSalvage::compareDescending);
    List<String[]> removed = new ArrayList<>();
    for (String[] p : paths) {
      if (removed.stream().anyMatch(r -> isPrefix(r, p))) {
        continue;
      }
      JsonNode parent = copy;
      for (int i = 0; i < p.length - 1; i++) {
        parent = parent.isArray() ? parent.get(Integer.parseInt(p[i])) : parent.get(p[i]);
      }
      String last = p[p.length - 1];
      if (parent instanceof ArrayNode a) {
        a.remove(Integer.parseInt(last));
      } else {
        ((ObjectNode) parent).remove(last);
      }
      removed.add(p);
    }
    return copy;
  }

  private static boolean isPrefix(String[] prefix, String[] p) {
    if (prefix.length > p.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (!prefix[i].equals(p[i])) {
        return false;
      }
    }
    return true;
  }

  /**
   * Descending path order, array indexes compared as numbers, an ancestor before its descendants
   * (so the skip above sees it first).
   */
  private static int compareDescending(String[] a, String[] b) {
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      int c = SEGMENT_ORDER.compare(a[i], b[i]);
      if (c != 0) {
        return -c;
      }
    }
    return Integer.compare(a.length, b.length);
  }

  private static final Comparator<String> SEGMENT_ORDER =
      (x, y) -> {
        boolean nx = !x.isEmpty() && x.chars().allMatch(Character::isDigit);
        boolean ny = !y.isEmpty() && y.chars().allMatch(Character::isDigit);
        return nx && ny
            ? Integer.compare(Integer.parseInt(x), Integer.parseInt(y))
            : x.compareTo(y);
      };
}
