package io.vigil.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopicCatalogTest {

  @Test
  void shouldGiveEveryTopicAUniqueVersionedName() {
    Set<String> names = new HashSet<>();
    for (Topic<String, ?> t : TopicCatalog.local().all()) {
      assertThat(names.add(t.name())).as("duplicate %s", t.name()).isTrue();
      assertThat(t.name()).startsWith("vigil.").endsWith(".v1");
    }
    assertThat(names).hasSize(17 + VigilService.values().length);
  }

  @Test
  void shouldPrefixEveryNameWhenAPrefixIsGiven() {
    TopicCatalog staging = new TopicCatalog("staging.", (short) 3);

    assertThat(staging.all()).allSatisfy(t -> assertThat(t.name()).startsWith("staging.vigil."));
    assertThat(staging.advisories().replicationFactor()).isEqualTo((short) 3);
    assertThat(staging.advisories().configs()).containsEntry("min.insync.replicas", "2");
  }

  @Test
  void shouldCompactTopicsThatHoldCurrentStateAndKeepChangeLogs() {
    TopicCatalog c = TopicCatalog.local();

    assertThat(c.advisories().configs()).containsEntry("cleanup.policy", "compact");
    assertThat(c.kev().configs()).containsEntry("cleanup.policy", "compact");
    assertThat(c.alertDeliveries().configs()).containsEntry("cleanup.policy", "compact");
    assertThat(c.components().configs())
        .containsEntry("cleanup.policy", "delete")
        .containsEntry("retention.ms", "-1");
    assertThat(c.components().configs()).containsEntry("min.insync.replicas", "1");
  }

  @Test
  void shouldKeepTheCurrentDecisionCompactedAndEveryChangeOfItForever() {
    TopicCatalog c = TopicCatalog.local();

    assertThat(c.analyses().configs()).containsEntry("cleanup.policy", "compact");
    assertThat(c.analysisHistory().configs())
        .containsEntry("cleanup.policy", "delete")
        .containsEntry("retention.ms", "-1");
    assertThat(c.analyses().partitions()).isEqualTo(c.analysisHistory().partitions());
  }

  @Test
  void shouldKeepEveryPolicyDocumentCompactedOnOnePartition() {
    TopicCatalog c = TopicCatalog.local();

    assertThat(c.policies().name()).isEqualTo("vigil.policies.v1");
    assertThat(c.policies().configs()).containsEntry("cleanup.policy", "compact");
    assertThat(c.policies().partitions()).isEqualTo(1);
    assertThat(c.all()).contains(c.policies());
  }

  @Test
  void shouldCoPartitionTheProjectRegistryWithTheSubmissionsAndCompactIt() {
    TopicCatalog c = TopicCatalog.local();

    assertThat(c.projects().partitions())
        .as("ingest-sbom reads both in one sub-topology, keyed by project name")
        .isEqualTo(c.sbomSubmissions().partitions());
    assertThat(c.projects().configs()).containsEntry("cleanup.policy", "compact");
    assertThat(c.feedStatus().configs()).containsEntry("cleanup.policy", "compact");
  }

  @Test
  void shouldMatchTheCommittedTopicsDocument() throws Exception {
    Path doc = Path.of(System.getProperty("vigil.repo.root", ".."), "docs", "topics.md");
    assertThat(doc).as("docs/topics.md").exists();

    assertThat(Files.readString(doc))
        .as("docs/topics.md is stale: regenerate it with ./vigil topics docs > docs/topics.md")
        .isEqualTo(TopicDocs.markdown(TopicCatalog.local()));
  }
}
