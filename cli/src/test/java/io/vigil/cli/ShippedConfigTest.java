package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vigil.alerting.AlertingConfig;
import io.vigil.console.ConsoleConfig;
import io.vigil.correlator.CorrelatorConfig;
import io.vigil.platform.config.ConfigSource;
import io.vigil.platform.config.References;
import io.vigil.platform.http.HttpSecurity;
import io.vigil.platform.http.Role;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.sbom.IngestSbomConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration files that deploy/ ships (compose's vigil.yaml, the Kubernetes ConfigMap's)
 * bind to the services' real config records: no unknown key, no wrong type, every secret a file
 * reference. Secret files are stood in for by files under a temp directory.
 */
class ShippedConfigTest {
  private static final Path ROOT = Path.of(System.getProperty("vigil.repo.root", ".."));
  private static final Pattern FILE_REF = Pattern.compile("\\$\\{file:(/run/secrets/[^}]+)}");

  @TempDir Path tmp;

  @Test
  void shouldBindTheComposeConfigToEveryServiceSection() throws Exception {
    ConfigSource cfg = load(Files.readString(ROOT.resolve("deploy/compose/vigil.yaml")));

    KafkaSettings kafka = KafkaSettings.fromConfig(cfg);
    assertThat(kafka.bootstrapServers()).isEqualTo("kafka:9092");
    assertThat(kafka.stateDir()).hasToString("/var/lib/vigil/state");
    assertThat(HttpSecurity.fromConfig(cfg).apiKeys()).containsOnlyKeys("compose");
    IngestSbomConfig sbom = cfg.bind("ingestSbom", IngestSbomConfig.class);
    assertThat(sbom.httpPort()).isEqualTo(8081);
    assertThat(cfg.bind("correlator", CorrelatorConfig.class).httpPort()).isEqualTo(8083);
    assertThat(sbom.dependencyTrack().queryApiUrl()).isEqualTo("http://correlator:8083");
    assertThat(sbom.dependencyTrack().queryApiKey().reveal())
        .isEqualTo(HttpSecurity.fromConfig(cfg).apiKeys().get("compose").reveal());
    assertThat(cfg.bind("alerting", AlertingConfig.class).slackWebhook()).isNotNull();
    ConsoleConfig console = cfg.bind("console", ConsoleConfig.class);
    assertThat(console.queryApiUrls()).containsExactly("http://correlator:8083");
    assertThat(console.queryApiKey().reveal())
        .isEqualTo(HttpSecurity.fromConfig(cfg).apiKeys().get("compose").reveal());
    assertThat(console.triageApiUrl()).isEqualTo("http://ingest-sbom:8081");
    assertThat(console.triageApiKey().reveal())
        .isEqualTo(HttpSecurity.fromConfig(cfg).apiKeys().get("compose").reveal());
    assertThat(HttpSecurity.fromConfig(cfg).roles().allows("compose", Role.TRIAGE)).isTrue();
  }

  @Test
  void shouldBindTheKubernetesConfigMapToEveryServiceSection() throws Exception {
    JsonNode configMap =
        new ObjectMapper(new YAMLFactory())
            .readTree(ROOT.resolve("deploy/k8s/config.yaml").toFile());
    ConfigSource cfg = load(configMap.path("data").path("vigil.yaml").asText());

    KafkaSettings kafka = KafkaSettings.fromConfig(cfg);
    assertThat(kafka.replicationFactor()).isEqualTo((short) 3);
    assertThat(kafka.catalog().components().minInSyncReplicas()).isEqualTo(2);
    assertThat(kafka.clientProperties())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsKey("sasl.jaas.config");
    // the secret is read from its file, never written in the ConfigMap
    assertThat(kafka.toString()).doesNotContain("secret-of-kafka-jaas");
    assertThat(HttpSecurity.fromConfig(cfg).apiKeys())
        .containsOnlyKeys("ci", "ingest-sbom", "console");
    IngestSbomConfig sbom = cfg.bind("ingestSbom", IngestSbomConfig.class);
    assertThat(sbom.dependencyTrack().queryApiUrl()).isEqualTo("http://vigil-correlator:8083");
    // the key ingest-sbom presents is one the correlator accepts (http.apiKeys)
    assertThat(sbom.dependencyTrack().queryApiKey().reveal())
        .isEqualTo(HttpSecurity.fromConfig(cfg).apiKeys().get("ingest-sbom").reveal());
    assertThat(cfg.bind("correlator", CorrelatorConfig.class).partitions()).isEqualTo(6);
    assertThat(cfg.bind("alerting", AlertingConfig.class).httpPort()).isEqualTo(8084);
    // the console presents a key the correlator accepts; its sessions are signed by a secret file
    ConsoleConfig console = cfg.bind("console", ConsoleConfig.class);
    assertThat(console.queryApiUrls()).containsExactly("http://vigil-correlator:8083");
    assertThat(console.queryApiKey().reveal())
        .isEqualTo(HttpSecurity.fromConfig(cfg).apiKeys().get("console").reveal());
    assertThat(console.sessionSecret()).isNotNull();
  }

  /** Loads the YAML with every /run/secrets/... file reference pointed at a stand-in file. */
  private ConfigSource load(String yaml) throws Exception {
    Matcher m = FILE_REF.matcher(yaml);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Path f = tmp.resolve(m.group(1).substring(1).replace('/', '_'));
      Files.writeString(
          f, "secret-of-" + f.getFileName().toString().replaceAll(".*_", "") + "-0123456789");
      m.appendReplacement(out, Matcher.quoteReplacement("${file:" + f + "}"));
    }
    m.appendTail(out);
    Path file = tmp.resolve("vigil.yaml");
    Files.writeString(file, out.toString());
    return ConfigSource.load(file, new References(Map.of()));
  }
}
