package io.vigil.alerting.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.alerting.engine.Alert;
import io.vigil.alerting.engine.AlertUnit;
import io.vigil.alerting.engine.Change;
import io.vigil.alerting.engine.GroupKey;
import io.vigil.alerting.engine.GroupState;
import io.vigil.alerting.engine.Source;
import io.vigil.events.v1.DeadLetter;
import io.vigil.events.v1.DeliveryStatus;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.platform.kafka.DeadLetters;
import io.vigil.schemas.VigilService;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The DLQ form of an alert that ran out of attempts: one {@link DeadLetter} per (project,
 * vulnerability) group it covered — key the alert key, {@code stage} {@code deliver}, {@code
 * reason} the last error, and as value a JSON envelope ({@code vigil.dead-alert.v1}) holding the
 * alert's identity, the group's change and states, and its exposure events (the exposures topic's
 * own bytes, base64). {@code ./vigil alerts replay} rebuilds the alert from it.
 */
public final class DeadAlerts {
  public static final String FORMAT = "vigil.dead-alert.v1";
  public static final String STAGE = "deliver";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A decoded dead letter: the alert it belonged to and its group's part. */
  public record Decoded(
      String channel,
      String channelType,
      Alert.Kind kind,
      String batchKey,
      String deliveryId,
      List<String> resolvedVulnerabilities,
      int attempts,
      AlertUnit unit) {}

  private DeadAlerts() {}

  /** One dead letter per group of the alert. */
  public static List<DeadLetter> encode(
      Alert alert,
      String error,
      String errorClass,
      int attempts,
      String sourceTopic,
      Serializer<ExposureEvent> events,
      Instant now) {
    List<DeadLetter> out = new ArrayList<>();
    for (AlertUnit u : alert.units()) {
      ObjectNode env = JSON.createObjectNode();
      env.put("format", FORMAT);
      env.put("channel", alert.channel());
      env.put("channelType", alert.channelType());
      env.put("kind", alert.kind().name());
      env.put("batchKey", alert.batchKey());
      env.put("deliveryId", alert.deliveryId());
      env.put("vulnerabilityResolved", alert.vulnerabilityResolved());
      ArrayNode resolved = env.putArray("resolvedVulnerabilities");
      alert.resolvedVulnerabilities().forEach(resolved::add);
      env.put("alertKey", u.key().alertKey());
      env.put("change", u.change().name());
      env.put("routed", u.routed());
      env.put("escalated", u.escalated());
      state(env.putObject("before"), u.before());
      state(env.putObject("after"), u.after());
      ArrayNode ev = env.putArray("events");
      for (ExposureEvent e : u.events()) {
        ev.add(Base64.getEncoder().encodeToString(events.serialize(sourceTopic, e)));
      }
      ArrayNode src = env.putArray("sources");
      u.sources().forEach(s -> src.addArray().add(s.partition()).add(s.offset()));
      Source first = u.sources().isEmpty() ? null : u.sources().get(0);
      DeadLetter d =
          DeadLetters.builder(
                  VigilService.ALERTING,
                  STAGE,
                  alert.channel()
                      + " ("
                      + alert.channelType()
                      + "): "
                      + error
                      + " (after "
                      + attempts
                      + (attempts == 1 ? " attempt)" : " attempts)"),
                  null,
                  u.key().alertKey().getBytes(StandardCharsets.UTF_8),
                  env.toString().getBytes(StandardCharsets.UTF_8),
                  now)
              .setErrorClass(errorClass)
              .setSourceTopic(sourceTopic)
              .setSourcePartition(first == null ? null : first.partition())
              .setSourceOffset(first == null ? null : first.offset())
              .setProcessorNode(alert.channel())
              .setAttempts(attempts)
              .build();
      out.add(d);
    }
    return out;
  }

  /** Decodes a dead letter written by {@link #encode}; null when it is not one. */
  public static Decoded decode(DeadLetter d, String sourceTopic, Deserializer<ExposureEvent> events)
      throws IOException {
    if (!VigilService.ALERTING.id().equals(d.getService())
        || !STAGE.equals(d.getStage())
        || d.getValue() == null) {
      return null;
    }
    ByteBuffer buf = d.getValue().duplicate();
    byte[] raw = new byte[buf.remaining()];
    buf.get(raw);
    JsonNode env = JSON.readTree(raw);
    if (!FORMAT.equals(env.path("format").asText())) {
      return null;
    }
    GroupKey key = GroupKey.parse(env.path("alertKey").asText());
    if (key == null) {
      throw new IOException("dead alert without a valid alertKey");
    }
    String type = env.path("channelType").asText();
    List<ExposureEvent> evs = new ArrayList<>();
    for (JsonNode e : env.path("events")) {
      evs.add(events.deserialize(sourceTopic, Base64.getDecoder().decode(e.asText())));
    }
    List<Source> sources = new ArrayList<>();
    for (JsonNode s : env.path("sources")) {
      sources.add(new Source(s.get(0).asInt(), s.get(1).asLong()));
    }
    AlertUnit unit =
        new AlertUnit(
            key,
            Change.valueOf(env.path("change").asText()),
            env.path("routed").asBoolean(),
            env.path("escalated").asBoolean(),
            state(env.path("before"), key, type),
            state(env.path("after"), key, type),
            evs,
            sources);
    return new Decoded(
        env.path("channel").asText(),
        type,
        Alert.Kind.valueOf(env.path("kind").asText()),
        env.path("batchKey").asText(),
        env.path("deliveryId").asText(),
        resolvedVulnerabilities(env, key),
        d.getAttempts(),
        unit);
  }

  /** The list; a dead letter written before it existed has only {@code vulnerabilityResolved}. */
  private static List<String> resolvedVulnerabilities(JsonNode env, GroupKey key) {
    List<String> out = new ArrayList<>();
    if (env.has("resolvedVulnerabilities")) {
      env.path("resolvedVulnerabilities").forEach(v -> out.add(v.asText()));
    } else if (env.path("vulnerabilityResolved").asBoolean()) {
      out.add(key.vulnerabilityId());
    }
    return out;
  }

  private static void state(ObjectNode o, GroupState s) {
    ObjectNode open = o.putObject("open");
    s.open().forEach(open::put);
    o.put("project", s.project());
    o.put("externalId", s.externalId());
    if (s.sourcePartition() != null) {
      o.put("sourcePartition", s.sourcePartition());
      o.put("sourceOffset", s.sourceOffset());
    }
    o.put(
        "firstTriggeredAt", s.firstTriggeredAt() == null ? null : s.firstTriggeredAt().toString());
  }

  private static GroupState state(JsonNode o, GroupKey key, String type) {
    Map<String, String> open = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = o.path("open").fields(); it.hasNext(); ) {
      var e = it.next();
      open.put(e.getKey(), e.getValue().asText());
    }
    return new GroupState(
        key,
        type,
        o.path("project").asText(null),
        open,
        o.path("externalId").asText(null),
        DeliveryStatus.DEAD,
        0,
        null,
        o.has("sourcePartition") ? o.path("sourcePartition").asInt() : null,
        o.has("sourceOffset") ? o.path("sourceOffset").asLong() : null,
        o.hasNonNull("firstTriggeredAt")
            ? Instant.parse(o.path("firstTriggeredAt").asText())
            : null,
        null,
        null);
  }
}
