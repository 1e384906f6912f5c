package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;

/** {@code VIGIL_LOG_FORMAT=json}: the JSON log4j2 configuration writes one JSON object a line. */
class JsonLogsTest {

  @Test
  void shouldWriteOneJsonObjectPerLineWithLevelLoggerMessageAndError() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream original = System.err;
    LoggerContext ctx = new LoggerContext("json-logs-test");
    try {
      System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
      ctx.setConfigLocation(
          JsonLogsTest.class.getResource("/vigil-log4j2-json.properties").toURI());
      ctx.start();
      Logger log = ctx.getLogger("io.vigil.correlator.CorrelatorService");
      log.info("correlator ready: {} partitions", 6);
      log.error("stream thread failed", new IllegalStateException("boom \"quoted\"\nnext line"));
      ctx.getLogger("org.apache.kafka.clients.NetworkClient").info("filtered out at INFO");
    } finally {
      ctx.stop();
      System.setErr(original);
    }

    List<JsonNode> lines = new ArrayList<>();
    for (String l : buf.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!l.isBlank()) {
        lines.add(new ObjectMapper().readTree(l));
      }
    }
    assertThat(lines).hasSize(2);
    JsonNode info = lines.get(0);
    assertThat(info.path("log.level").asText()).isEqualTo("INFO");
    assertThat(info.path("message").asText()).isEqualTo("correlator ready: 6 partitions");
    assertThat(info.path("log.logger").asText()).isEqualTo("io.vigil.correlator.CorrelatorService");
    assertThat(info.path("@timestamp").asText()).isNotBlank();
    assertThat(info.path("service.name").asText()).isEqualTo("vigil");
    JsonNode error = lines.get(1);
    assertThat(error.path("log.level").asText()).isEqualTo("ERROR");
    assertThat(error.path("error.type").asText()).isEqualTo("java.lang.IllegalStateException");
    assertThat(error.path("error.message").asText()).isEqualTo("boom \"quoted\"\nnext line");
    assertThat(error.path("error.stack_trace").asText()).contains("JsonLogsTest");
  }
}
