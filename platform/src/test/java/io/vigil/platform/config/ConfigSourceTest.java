package io.vigil.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourceTest {
  @TempDir Path dir;

  record Sample(String name, Secret token, Duration window, Integer retries) {}

  @Test
  void shouldBindASectionResolvingEnvAndFileReferences() throws Exception {
    Path secretFile = dir.resolve("token");
    Files.writeString(secretFile, "s3cr3t\n");
    Path cfg = dir.resolve("vigil.yaml");
    Files.writeString(
        cfg,
        "sample:\n  name: ${env:TEAM}-alerts\n  token: ${file:"
            + secretFile
            + "}\n  window: 30s\n");

    Sample s =
        ConfigSource.load(cfg, new References(Map.of("TEAM", "sec"))).bind("sample", Sample.class);

    assertThat(s.name()).isEqualTo("sec-alerts");
    assertThat(s.token().reveal()).isEqualTo("s3cr3t");
    assertThat(s.window()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.retries()).isNull();
  }

  @Test
  void shouldNeverPrintASecretValue() throws Exception {
    Path cfg = dir.resolve("vigil.yaml");
    Files.writeString(cfg, "sample:\n  token: ${env:SLACK_TOKEN}\n");

    Sample s =
        ConfigSource.load(cfg, new References(Map.of("SLACK_TOKEN", "xoxb-123")))
            .bind("sample", Sample.class);

    assertThat(s.toString()).doesNotContain("xoxb-123").contains("env:SLACK_TOKEN");
  }

  @Test
  void shouldNameTheUnknownKeyAndTheFile() throws Exception {
    Path cfg = dir.resolve("vigil.yaml");
    Files.writeString(cfg, "sample:\n  nmae: typo\n");

    assertThatThrownBy(() -> ConfigSource.load(cfg).bind("sample", Sample.class))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("vigil.yaml")
        .hasMessageContaining("unknown key 'nmae'");
  }

  @Test
  void shouldNameAMissingEnvironmentVariable() throws Exception {
    Path cfg = dir.resolve("vigil.yaml");
    Files.writeString(cfg, "sample:\n  name: ${env:NOPE_NOT_SET}\n");

    assertThatThrownBy(
            () -> ConfigSource.load(cfg, new References(Map.of())).bind("sample", Sample.class))
        .hasMessageContaining("NOPE_NOT_SET");
  }

  @Test
  void shouldRejectAMalformedDuration() {
    assertThatThrownBy(() -> Durations.parse("thirty", "window"))
        .hasMessageContaining("'thirty' is not a duration");
    assertThat(Durations.parse("500ms", "x")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("PT1H", "x")).isEqualTo(Duration.ofHours(1));
  }
}
