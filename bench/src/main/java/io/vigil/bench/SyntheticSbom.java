package io.vigil.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vigil.core.osv.OsvRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes a CycloneDX 1.5 JSON SBOM of N library components. A share {@code vulnerableShare} of them
 * are packages named by the shared OSV records (Maven, npm, PyPI, Go, crates.io, Packagist,
 * RubyGems, NuGet; each distinct package equally likely), at a version taken from that package's
 * own events or versions list or one step above it, so many are affected; the rest are packages no
 * advisory names (like most of a real SBOM). Deterministic for a given seed.
 */
public final class SyntheticSbom {
  private SyntheticSbom() {}

  record Pkg(String purlPrefix, List<String> versions) {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "target/synthetic-10000.cdx.json");
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    double share = args.length > 2 ? Double.parseDouble(args[2]) : 0.2;
    write(out, n, share, 1L, BenchData.records());
    System.out.println(out.toAbsolutePath());
  }

  static void write(Path out, int n, double vulnerableShare, long seed, List<OsvRecord> records)
      throws Exception {
    java.util.Map<String, Pkg> byPrefix = new java.util.LinkedHashMap<>();
    for (OsvRecord r : records) {
      for (OsvRecord.Affected a : r.affected()) {
        if (a.pkg() == null || a.pkg().ecosystem() == null || a.pkg().name() == null) {
          continue;
        }
        String prefix = purlPrefix(a.pkg().ecosystem(), a.pkg().name());
        if (prefix == null) {
          continue;
        }
        List<String> vs = new ArrayList<>(a.versions());
        for (OsvRecord.Range rg : a.ranges()) {
          for (OsvRecord.Event e : rg.events()) {
            if (e.introduced() != null && !e.introduced().equals("0")) {
              vs.add(e.introduced());
            }
            if (e.fixed() != null) {
              vs.add(e.fixed());
            }
          }
        }
        if (!vs.isEmpty()) {
          byPrefix
              .computeIfAbsent(prefix, k -> new Pkg(k, new ArrayList<>()))
              .versions()
              .addAll(vs);
        }
      }
    }
    List<Pkg> pkgs = new ArrayList<>(byPrefix.values());
    Random rnd = new Random(seed);
    try (JsonGenerator g = new JsonFactory().createGenerator(out.toFile(), JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeStringField("bomFormat", "CycloneDX");
      g.writeStringField("specVersion", "1.5");
      g.writeNumberField("version", 1);
      g.writeObjectFieldStart("metadata");
      g.writeObjectFieldStart("component");
      g.writeStringField("type", "application");
      g.writeStringField("bom-ref", "app");
      g.writeStringField("name", "synthetic-" + n);
      g.writeEndObject();
      g.writeEndObject();
      g.writeArrayFieldStart("components");
      for (int i = 0; i < n; i++) {
        Pkg p;
        String v;
        if (rnd.nextDouble() < vulnerableShare) {
          p = pkgs.get(rnd.nextInt(pkgs.size()));
          v = p.versions().get(rnd.nextInt(p.versions().size()));
          if (rnd.nextBoolean()) {
            v = bump(v);
          }
        } else {
          p = new Pkg("pkg:maven/io.example.synthetic/lib-" + i, List.of());
          v = (1 + rnd.nextInt(5)) + "." + rnd.nextInt(20) + "." + rnd.nextInt(10);
        }
        g.writeStartObject();
        g.writeStringField("type", "library");
        g.writeStringField("bom-ref", "c" + i);
        g.writeStringField("name", p.purlPrefix().substring(p.purlPrefix().lastIndexOf('/') + 1));
        g.writeStringField("version", v);
        g.writeStringField("purl", p.purlPrefix() + "@" + v);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  /** A nearby version: the last number of the string plus one, when there is one. */
  private static String bump(String v) {
    for (int i = v.length() - 1; i >= 0; i--) {
      if (Character.isDigit(v.charAt(i))) {
        int end = i + 1;
        int start = i;
        while (start > 0 && Character.isDigit(v.charAt(start - 1))) {
          start--;
        }
        if (end - start > 9) {
          return v;
        }
        long num = Long.parseLong(v.substring(start, end)) + 1;
        return v.substring(0, start) + num + v.substring(end);
      }
    }
    return v;
  }

  static String purlPrefix(String ecosystem, String name) {
    String eco = ecosystem.split(":")[0];
    return switch (eco) {
      case "Maven" -> name.contains(":") ? "pkg:maven/" + name.replace(':', '/') : null;
      case "npm" -> "pkg:npm/" + name.replace("@", "%40");
      case "PyPI" -> "pkg:pypi/" + name;
      case "Go" -> "pkg:golang/" + name;
      case "crates.io" -> "pkg:cargo/" + name;
      case "Packagist" -> "pkg:composer/" + name;
      case "RubyGems" -> "pkg:gem/" + name;
      case "NuGet" -> "pkg:nuget/" + name;
      default -> null;
    };
  }
}
