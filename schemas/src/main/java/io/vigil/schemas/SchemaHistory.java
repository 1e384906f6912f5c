package io.vigil.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The writer schemas of every released version, shipped in this jar under {@code
 * io/vigil/schemas/released/}: {@code RELEASES} lists release names oldest first, and {@code
 * <release>.json} maps each topic value type's full name to its schema. Decoders of the
 * registry-free format resolve old fingerprints with them; the compatibility test checks the
 * current schemas against the newest release.
 *
 * <p>Cutting a release: {@code SchemaRelease.main(version, dir)} writes the bundle; add the name to
 * {@code RELEASES}.
 */
public final class SchemaHistory {
  private static final String DIR = "/io/vigil/schemas/released/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private SchemaHistory() {}

  /** Release names, oldest first. */
  public static List<String> releases() {
    try (InputStream in = SchemaHistory.class.getResourceAsStream(DIR + "RELEASES")) {
      if (in == null) {
        return List.of();
      }
      List<String> out = new ArrayList<>();
      new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
          .lines()
          .map(String::trim)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .forEach(out::add);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Full name → schema of one release. */
  public static Map<String, Schema> release(String name) {
    try (InputStream in = SchemaHistory.class.getResourceAsStream(DIR + name + ".json")) {
      if (in == null) {
        throw new IllegalArgumentException("no schema bundle for release " + name);
      }
      JsonNode root = JSON.readTree(in);
      Map<String, Schema> out = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        var e = it.next();
        out.put(e.getKey(), new Schema.Parser().parse(e.getValue().toString()));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every released writer schema of the record with this full name, oldest first. */
  public static List<Schema> writerSchemas(String fullName) {
    List<Schema> out = new ArrayList<>();
    for (String r : releases()) {
      Schema s = release(r).get(fullName);
      if (s != null && !out.contains(s)) {
        out.add(s);
      }
    }
    return out;
  }
}
