package io.vigil.bench;

import io.vigil.core.osv.OsvReader;
import io.vigil.core.osv.OsvRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Versions and packages taken from the shared OSV records, for realistic benchmark inputs. */
final class BenchData {
  private BenchData() {}

  /** {@code -Dvigil.shared.data}, else {@code ../shared/data} relative to the working directory. */
  static Path sharedData() {
    String p = System.getProperty("vigil.shared.data");
    Path path = p != null ? Path.of(p) : Path.of("..", "shared", "data");
    if (!Files.isDirectory(path.resolve("osv"))) {
      throw new IllegalStateException(
          "shared OSV data not found at " + path.toAbsolutePath() + " (set -Dvigil.shared.data)");
    }
    return path;
  }

  static List<Path> osvArchives() throws Exception {
    try (Stream<Path> s = Files.list(sharedData().resolve("osv"))) {
      return s.filter(f -> f.toString().endsWith(".zip")).sorted().toList();
    }
  }

  static List<OsvRecord> records() throws Exception {
    return OsvReader.readAll(osvArchives());
  }

  /** Every version string in ranges and versions lists, by base ecosystem. */
  static Map<String, List<String>> versionsByEcosystem(List<OsvRecord> records) {
    Map<String, Set<String>> m = new LinkedHashMap<>();
    for (OsvRecord r : records) {
      for (OsvRecord.Affected a : r.affected()) {
        if (a.pkg() == null || a.pkg().ecosystem() == null) {
          continue;
        }
        String eco = a.pkg().ecosystem().split(":")[0];
        Set<String> set = m.computeIfAbsent(eco, k -> new LinkedHashSet<>());
        set.addAll(a.versions());
        for (OsvRecord.Range rg : a.ranges()) {
          if ("GIT".equals(rg.type())) {
            continue;
          }
          for (OsvRecord.Event e : rg.events()) {
            for (String v : new String[] {e.introduced(), e.fixed(), e.lastAffected()}) {
              if (v != null && !v.equals("0")) {
                set.add(v);
              }
            }
          }
        }
      }
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, new ArrayList<>(v)));
    return out;
  }
}
