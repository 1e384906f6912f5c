package io.vigil.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * An in-memory server that reproduces the Confluent Schema Registry REST API: the endpoints, media
 * type, ids shared across subjects, versions, per-subject compatibility (BACKWARD by default,
 * checked with Avro's own rules) and the error bodies ({@code {"error_code":40401,
 * "message":...}}). Used to test our client and the Confluent wire format, and as the registry the
 * npm client talks to in the interop test.
 */
public final class FakeSchemaRegistry extends StubHttpServer {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MEDIA = "application/vnd.schemaregistry.v1+json";

  private final Map<Integer, String> schemasById = new LinkedHashMap<>();
  private final Map<String, List<Integer>> subjects = new LinkedHashMap<>();
  private final Map<String, String> compatibility = new LinkedHashMap<>();
  private String globalCompatibility = "BACKWARD";

  public FakeSchemaRegistry() {
    super(r -> Response.text(500, "not ready"));
    handler(this::route);
  }

  private synchronized Response route(RecordedRequest r) throws Exception {
    String[] p = r.path().substring(1).split("/");
    for (int i = 0; i < p.length; i++) {
      p[i] = URLDecoder.decode(p[i], StandardCharsets.UTF_8);
    }
    String m = r.method();
    if (p.length == 3 && p[0].equals("schemas") && p[1].equals("ids") && m.equals("GET")) {
      String s = schemasById.get(Integer.parseInt(p[2]));
      return s == null
          ? error(404, 40403, "Schema " + p[2] + " not found")
          : ok(obj().put("schema", s));
    }
    if (p.length == 1 && p[0].equals("subjects") && m.equals("GET")) {
      ArrayNode a = JSON.createArrayNode();
      subjects.keySet().forEach(a::add);
      return ok(a);
    }
    if (p.length == 1 && p[0].equals("config")) {
      if (m.equals("PUT")) {
        globalCompatibility = JSON.readTree(r.body()).path("compatibility").asText();
        return ok(obj().put("compatibility", globalCompatibility));
      }
      return ok(obj().put("compatibilityLevel", globalCompatibility));
    }
    if (p.length == 2 && p[0].equals("config")) {
      if (m.equals("PUT")) {
        String level = JSON.readTree(r.body()).path("compatibility").asText();
        compatibility.put(p[1], level);
        return ok(obj().put("compatibility", level));
      }
      String level = compatibility.get(p[1]);
      if (level == null && (r.query() == null || !r.query().contains("defaultToGlobal=true"))) {
        return error(
            404,
            40408,
            "Subject '" + p[1] + "' does not have subject-level compatibility configured");
      }
      return ok(obj().put("compatibilityLevel", level == null ? globalCompatibility : level));
    }
    if (p.length >= 2 && p[0].equals("subjects")) {
      String subject = p[1];
      if (p.length == 2 && m.equals("POST")) {
        return lookup(subject, r);
      }
      if (p.length == 3 && p[2].equals("versions") && m.equals("POST")) {
        return register(subject, r);
      }
      if (p.length == 3 && p[2].equals("versions") && m.equals("GET")) {
        List<Integer> ids = subjects.get(subject);
        if (ids == null) {
          return error(404, 40401, "Subject '" + subject + "' not found.");
        }
        ArrayNode a = JSON.createArrayNode();
        for (int i = 1; i <= ids.size(); i++) {
          a.add(i);
        }
        return ok(a);
      }
      if (p.length == 4 && p[2].equals("versions") && m.equals("GET")) {
        List<Integer> ids = subjects.get(subject);
        if (ids == null) {
          return error(404, 40401, "Subject '" + subject + "' not found.");
        }
        int v = p[3].equals("latest") ? ids.size() : Integer.parseInt(p[3]);
        if (v < 1 || v > ids.size()) {
          return error(404, 40402, "Version " + p[3] + " not found.");
        }
        int id = ids.get(v - 1);
        return ok(
            obj()
                .put("subject", subject)
                .put("version", v)
                .put("id", id)
                .put("schema", schemasById.get(id)));
      }
    }
    return error(404, 404, "HTTP 404 Not Found");
  }

  private Response register(String subject, RecordedRequest r) throws Exception {
    JsonNode body = JSON.readTree(r.body());
    String type = body.path("schemaType").asText("AVRO");
    if (!"AVRO".equals(type)) {
      return error(422, 42201, "Only AVRO is supported by this registry");
    }
    Schema schema;
    try {
      schema = new Schema.Parser().parse(body.path("schema").asText());
    } catch (RuntimeException e) {
      return error(
          422,
          42201,
          "Either the input schema or one of its references is invalid: " + e.getMessage());
    }
    List<Integer> ids = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
    for (int id : ids) {
      if (new Schema.Parser().parse(schemasById.get(id)).equals(schema)) {
        return ok(obj().put("id", id));
      }
    }
    String level = compatibility.getOrDefault(subject, globalCompatibility);
    if (!ids.isEmpty() && !level.equals("NONE")) {
      Schema latest = new Schema.Parser().parse(schemasById.get(ids.get(ids.size() - 1)));
      boolean backward = compatible(schema, latest);
      boolean forward = compatible(latest, schema);
      boolean okay =
          switch (level) {
            case "BACKWARD", "BACKWARD_TRANSITIVE" -> backward;
            case "FORWARD", "FORWARD_TRANSITIVE" -> forward;
            case "FULL", "FULL_TRANSITIVE" -> backward && forward;
            default -> true;
          };
      if (!okay) {
        return error(
            409,
            409,
            "Schema being registered is incompatible with an earlier schema for subject \""
                + subject
                + "\"");
      }
    }
    int id = idOf(schema);
    ids.add(id);
    return ok(obj().put("id", id));
  }

  private Response lookup(String subject, RecordedRequest r) throws Exception {
    List<Integer> ids = subjects.get(subject);
    if (ids == null) {
      return error(404, 40401, "Subject '" + subject + "' not found.");
    }
    Schema schema = new Schema.Parser().parse(JSON.readTree(r.body()).path("schema").asText());
    for (int i = 0; i < ids.size(); i++) {
      String s = schemasById.get(ids.get(i));
      if (new Schema.Parser().parse(s).equals(schema)) {
        return ok(
            obj()
                .put("subject", subject)
                .put("id", ids.get(i))
                .put("version", i + 1)
                .put("schema", s));
      }
    }
    return error(404, 40403, "Schema not found");
  }

  private int idOf(Schema schema) {
    for (var e : schemasById.entrySet()) {
      if (new Schema.Parser().parse(e.getValue()).equals(schema)) {
        return e.getKey();
      }
    }
    int id = schemasById.size() + 1;
    schemasById.put(id, schema.toString());
    return id;
  }

  private static boolean compatible(Schema reader, Schema writer) {
    return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
        == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
  }

  /** Number of distinct schemas registered. */
  public synchronized int schemaCount() {
    return schemasById.size();
  }

  private static ObjectNode obj() {
    return JSON.createObjectNode();
  }

  private static Response ok(JsonNode body) {
    return Response.of(200, MEDIA, body.toString());
  }

  private static Response error(int status, int code, String message) {
    return Response.of(
        status, MEDIA, obj().put("error_code", code).put("message", message).toString());
  }
}
