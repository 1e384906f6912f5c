package io.vigil.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vigil.advisories.OsvNormalizer;
import io.vigil.advisories.OsvSource;
import io.vigil.core.osv.OsvReader;
import io.vigil.core.osv.OsvRecord;
import io.vigil.core.osv.OsvSalvage;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.Feed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The boundary-shaped SBOM of issue 20: components at the range edges of the shared OSV records (a
 * package's {@code introduced}, {@code fixed} and {@code last_affected} versions), so most
 * components have several findings and many sit exactly on a boundary of the version order.
 * Packages are taken in a seeded random order, each with every edge version of every advisory that
 * names it, until {@code n} components are reached: the shape of an old application SBOM (many
 * vulnerable libraries, each with a history of advisories). Also reads the advisories the way
 * ingest-advisories publishes them (what {@link OsvSalvage} keeps of each record; the records it
 * cannot use are left out, as they never reach the correlator).
 */
final class BoundarySbom {
  private BoundarySbom() {}

  /**
   * The shared advisories, as published (Avro) and as the scanner reads them (core), one per id.
   *
   * @param rejected records OsvSalvage cannot use (ingest-advisories dead-letters them)
   */
  record Advisories(List<Advisory> published, List<OsvRecord> records, int rejected) {}

  static Advisories load(List<Path> zips) throws IOException {
    Instant now = Instant.now();
    Map<String, Advisory> published = new LinkedHashMap<>();
    Map<String, OsvRecord> records = new LinkedHashMap<>();
    Set<String> rejected = new HashSet<>();
    for (Path zip : zips) {
      for (OsvSource.RawRecord raw : OsvSource.read(zip)) {
        try {
          var tree = OsvNormalizer.parse(raw.bytes());
          String id = tree.path("id").asText();
          if (published.containsKey(id) || rejected.contains(id)) {
            continue; // the same record in several ecosystem archives
          }
          // as ingest-advisories does: what OsvSalvage keeps is published, the rest dead-lettered
          OsvSalvage.Result usable = OsvSalvage.salvage(tree);
          if (!usable.usable()) {
            rejected.add(id.isBlank() ? raw.location() : id);
            continue;
          }
          published.put(
              id,
              OsvNormalizer.normalize(
                  usable.record(),
                  Feed.OSV,
                  raw.location(),
                  OsvNormalizer.sha256(raw.bytes()),
                  now));
          OsvRecord r = OsvReader.toRecord(tree, raw.location());
          records.put(r.id(), r);
        } catch (OsvNormalizer.InvalidRecordException
            | io.vigil.core.osv.OsvFormatException
            | RuntimeException e) {
          rejected.add(raw.location());
        }
      }
    }
    return new Advisories(
        new ArrayList<>(published.values()), new ArrayList<>(records.values()), rejected.size());
  }

  /** Up to {@code n} purls at range edges (see the class comment), deterministic for a seed. */
  static List<String> purls(List<OsvRecord> records, int n, long seed) {
    return purls(records, n, seed, 0);
  }

  /**
   * As {@link #purls(List, int, long)}, with at most {@code edgesPerPackage} versions of each
   * package (0: all), spread over its edges in version order of appearance: fewer findings per
   * component, more packages.
   */
  static List<String> purls(List<OsvRecord> records, int n, long seed, int edgesPerPackage) {
    Map<String, Set<String>> edges = new LinkedHashMap<>();
    for (OsvRecord r : records) {
      if (r.isWithdrawn()) {
        continue;
      }
      for (OsvRecord.Affected a : r.affected()) {
        if (a.pkg() == null || a.pkg().ecosystem() == null || a.pkg().name() == null) {
          continue;
        }
        String prefix = SyntheticSbom.purlPrefix(a.pkg().ecosystem(), a.pkg().name());
        if (prefix == null) {
          continue;
        }
        Set<String> versions = edges.computeIfAbsent(prefix, k -> new LinkedHashSet<>());
        for (OsvRecord.Range rg : a.ranges()) {
          if ("GIT".equals(rg.type())) {
            continue;
          }
          for (OsvRecord.Event e : rg.events()) {
            for (String v : new String[] {e.introduced(), e.fixed(), e.lastAffected()}) {
              if (v != null && !v.equals("0") && !v.isBlank() && v.indexOf(' ') < 0) {
                versions.add(v);
              }
            }
          }
        }
      }
    }
    List<String> packages = new ArrayList<>(edges.keySet());
    Collections.shuffle(packages, new Random(seed));
    List<String> out = new ArrayList<>(n);
    for (String p : packages) {
      List<String> versions = new ArrayList<>(edges.get(p));
      int take =
          edgesPerPackage <= 0 ? versions.size() : Math.min(edgesPerPackage, versions.size());
      for (int i = 0; i < take; i++) {
        if (out.size() == n) {
          return out;
        }
        // evenly spread over the package's edges (all of them when take == size)
        out.add(p + "@" + versions.get((int) ((long) i * versions.size() / take)));
      }
    }
    return out;
  }

  /** A CycloneDX 1.5 JSON SBOM of the purls (a library component each). */
  static byte[] cycloneDx(List<String> purls, String name) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(purls.size() * 160 + 512);
    try (JsonGenerator g = new JsonFactory().createGenerator(bytes, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeStringField("bomFormat", "CycloneDX");
      g.writeStringField("specVersion", "1.5");
      g.writeNumberField("version", 1);
      g.writeObjectFieldStart("metadata");
      g.writeObjectFieldStart("component");
      g.writeStringField("type", "application");
      g.writeStringField("bom-ref", "app");
      g.writeStringField("name", name);
      g.writeStringField("version", "1.0.0");
      g.writeEndObject();
      g.writeEndObject();
      g.writeArrayFieldStart("components");
      int i = 0;
      for (String purl : purls) {
        int at = purl.lastIndexOf('@');
        g.writeStartObject();
        g.writeStringField("type", "library");
        g.writeStringField("bom-ref", "c" + i++);
        g.writeStringField("name", purl.substring(purl.lastIndexOf('/', at) + 1, at));
        g.writeStringField("version", purl.substring(at + 1));
        g.writeStringField("purl", purl);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    return bytes.toByteArray();
  }
}
