package io.vigil.schemas.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A small client for the Confluent Schema Registry REST API (also served by Apicurio's ccompat API,
 * Karapace and Redpanda): register, look up, fetch by id, subject compatibility. Ids and schemas
 * are cached; a schema id never changes meaning, so the caches never expire.
 */
public final class SchemaRegistryClient {
  private static final String MEDIA = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final String authorization;
  private final HttpClient http;
  private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();
  private final Map<String, Map<Schema, Integer>> idBySubject = new ConcurrentHashMap<>();

  public SchemaRegistryClient(String baseUrl, String userInfo) {
    String b = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.base = URI.create(b);
    this.authorization =
        userInfo == null
            ? null
            : "Basic "
                + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
  public int register(String subject, Schema schema) {
    Integer cached = idBySubject.getOrDefault(subject, Map.of()).get(schema);
    if (cached != null) {
      return cached;
    }
    JsonNode r = send("POST", "/subjects/" + enc(subject) + "/versions", schemaBody(schema));
    int id = r.path("id").asInt();
    remember(subject, schema, id);
    return id;
  }

  /** The id of {@code schema} under {@code subject}, or empty when it is not registered. */
  public OptionalInt lookup(String subject, Schema schema) {
    Integer cached = idBySubject.getOrDefault(subject, Map.of()).get(schema);
    if (cached != null) {
      return OptionalInt.of(cached);
    }
    try {
      JsonNode r = send("POST", "/subjects/" + enc(subject), schemaBody(schema));
      int id = r.path("id").asInt();
      remember(subject, schema, id);
      return OptionalInt.of(id);
    } catch (SchemaRegistryException e) {
      if (e.status() == 404) {
        return OptionalInt.empty();
      }
      throw e;
    }
  }

  /** The schema with this global id. */
  public Schema schemaById(int id) {
    return byId.computeIfAbsent(
        id,
        k -> {
          JsonNode r = send("GET", "/schemas/ids/" + k, null);
          String type = r.path("schemaType").asText("AVRO");
          if (!"AVRO".equals(type)) {
            throw new SchemaRegistryException(200, 0, "schema " + k + " is " + type + ", not AVRO");
          }
          return new Schema.Parser().parse(r.path("schema").asText());
        });
  }

  /** The latest version registered under {@code subject}, if any. */
  public Optional<Schema> latest(String subject) {
    try {
      JsonNode r = send("GET", "/subjects/" + enc(subject) + "/versions/latest", null);
      return Optional.of(new Schema.Parser().parse(r.path("schema").asText()));
    } catch (SchemaRegistryException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Sets the subject's compatibility level (BACKWARD, FULL, NONE, ...). */
  public void setCompatibility(String subject, String level) {
    ObjectNode body = JSON.createObjectNode().put("compatibility", level);
    send("PUT", "/config/" + enc(subject), body);
  }

  /** The subject's compatibility level, falling back to the global one. */
  public String compatibility(String subject) {
    try {
      JsonNode r = send("GET", "/config/" + enc(subject) + "?defaultToGlobal=true", null);
      return r.path("compatibilityLevel").asText(r.path("compatibility").asText());
    } catch (SchemaRegistryException e) {
      if (e.status() == 404) {
        return send("GET", "/config", null).path("compatibilityLevel").asText();
      }
      throw e;
    }
  }

  private void remember(String subject, Schema schema, int id) {
    idBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(schema, id);
    byId.putIfAbsent(id, schema);
  }

  private static ObjectNode schemaBody(Schema schema) {
    return JSON.createObjectNode().put("schema", schema.toString());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private JsonNode send(String method, String path, JsonNode body) {
    HttpRequest.Builder rb =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", MEDIA + ", application/json");
    if (authorization != null) {
      rb.header("Authorization", authorization);
    }
    if (body != null) {
      rb.header("Content-Type", MEDIA);
      rb.method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    } else {
      rb.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> resp;
    try {
      resp = http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new SchemaRegistryException(method + " " + base + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException("interrupted", e);
    }
    JsonNode json;
    try {
      json = resp.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(resp.body());
    } catch (IOException e) {
      json = JSON.createObjectNode().put("message", resp.body());
    }
    if (resp.statusCode() / 100 != 2) {
      throw new SchemaRegistryException(
          resp.statusCode(),
          json.path("error_code").asInt(resp.statusCode()),
          json.path("message").asText(resp.body()));
    }
    return json;
  }

  @Override
  public String toString() {
    return "SchemaRegistryClient[" + base + "]";
  }
}
