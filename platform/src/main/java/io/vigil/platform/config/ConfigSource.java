package io.vigil.platform.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;

/**
 * The configuration file ({@code --config vigil.yaml}, YAML or JSON): one section per service, each
 * bound to that module's typed config record. Strings may hold {@code ${env:NAME}} / {@code
 * ${file:/path}} references (resolved on load); {@link Secret} fields keep their value out of logs.
 * Unknown keys are errors, so a typo never silently falls back to a default.
 */
public final class ConfigSource {
  private final ObjectNode root;
  private final String origin;
  private final ObjectMapper mapper;
  private final References refs;

  private ConfigSource(ObjectNode root, String origin, References refs) {
    this.root = root;
    this.origin = origin;
    this.refs = refs;
    this.mapper = mapper(refs, origin);
  }

  /** An empty configuration: every section takes its defaults. */
  public static ConfigSource empty() {
    return new ConfigSource(JsonNodeFactory.instance.objectNode(), "defaults", References.system());
  }

  public static ConfigSource load(Path file) {
    return load(file, References.system());
  }

  public static ConfigSource load(Path file, References refs) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("config file " + file + " does not exist");
    }
    try {
      JsonNode n = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
      if (n == null || n.isMissingNode() || n.isNull()) {
        return new ConfigSource(JsonNodeFactory.instance.objectNode(), file.toString(), refs);
      }
      if (!n.isObject()) {
        throw new ConfigException(file + ": the top level must be a mapping of sections");
      }
      return new ConfigSource((ObjectNode) n, file.toString(), refs);
    } catch (IOException e) {
      throw new ConfigException(file + ": not valid YAML/JSON: " + e.getMessage(), e);
    }
  }

  /** From an in-memory tree (tests, the demo). */
  public static ConfigSource of(ObjectNode root, References refs) {
    return new ConfigSource(root, "inline", refs);
  }

  public String origin() {
    return origin;
  }

  public boolean has(String section) {
    return root.has(section);
  }

  /** The raw section, or an empty object. */
  public JsonNode section(String name) {
    JsonNode n = root.get(name);
    return n == null ? JsonNodeFactory.instance.objectNode() : n;
  }

  /** Binds a section to a record; missing keys take the record's defaults. */
  public <T> T bind(String section, Class<T> type) {
    JsonNode n = section(section);
    try {
      return mapper.treeToValue(n, type);
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException(
          origin
              + ": unknown key '"
              + e.getPropertyName()
              + "' in "
              + path(section, e)
              + " (known: "
              + e.getKnownPropertyIds()
              + ")",
          e);
    } catch (MismatchedInputException e) {
      throw new ConfigException(
          origin + ": wrong type at " + path(section, e) + ": " + e.getOriginalMessage(), e);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(
          origin + ": invalid section '" + section + "': " + e.getMessage(), e);
    }
  }

  private static String path(String section, MismatchedInputException e) {
    StringBuilder b = new StringBuilder(section);
    for (var ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        b.append('.').append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        b.append('[').append(ref.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  private static ObjectMapper mapper(References refs, String origin) {
    SimpleModule m = new SimpleModule("vigil-config");
    m.addDeserializer(
        Secret.class,
        new JsonDeserializer<>() {
          @Override
          public Secret deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            return refs.secret(p.getValueAsString(), origin + ": " + p.currentName());
          }
        });
    m.addDeserializer(
        String.class,
        new JsonDeserializer<>() {
          @Override
          public String deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            return refs.resolve(p.getValueAsString(), origin + ": " + p.currentName());
          }
        });
    m.addDeserializer(
        Duration.class,
        new JsonDeserializer<>() {
          @Override
          public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            return Durations.parse(refs.resolve(p.getValueAsString(), origin), p.currentName());
          }
        });
    return new ObjectMapper()
        .registerModule(m)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  }

  /** Flattens a section's string values (e.g. Kafka client properties) with references resolved. */
  public Map<String, String> properties(String section, String key) {
    JsonNode n = section(section).path(key);
    Map<String, String> out = new java.util.TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      var e = it.next();
      JsonNode v = e.getValue();
      out.put(
          e.getKey(),
          refs.resolve(
              v.isTextual() ? v.asText() : v.toString(),
              origin + ": " + section + "." + key + "." + e.getKey()));
    }
    return out;
  }
}
