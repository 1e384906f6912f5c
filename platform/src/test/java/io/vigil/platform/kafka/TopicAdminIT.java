package io.vigil.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.schemas.TopicCatalog;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.kafka.KafkaBrokerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class TopicAdminIT {

  @Test
  void shouldCreateEveryCatalogTopicOnceAndReportDrift(KafkaBroker broker) throws Exception {
    TopicCatalog catalog =
        new TopicCatalog("t" + UUID.randomUUID().toString().substring(0, 8) + ".", (short) 1);
    try (Admin admin = Admin.create(KafkaSettings.local(broker.bootstrapServers()).admin())) {
      List<TopicAdmin.Result> first = TopicAdmin.ensure(admin, catalog.all());
      List<TopicAdmin.Result> second = TopicAdmin.ensure(admin, catalog.all());
      ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, catalog.exposures().name());
      admin
          .incrementalAlterConfigs(
              Map.of(
                  r,
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET))))
          .all()
          .get();

      assertThat(first)
          .extracting(TopicAdmin.Result::outcome)
          .containsOnly(TopicAdmin.Outcome.CREATED);
      assertThat(second)
          .extracting(TopicAdmin.Result::outcome)
          .containsOnly(TopicAdmin.Outcome.UP_TO_DATE);
      // config changes reach the broker's view through the metadata log: wait for them
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(TopicAdmin.ensure(admin, catalog.all()))
                      .filteredOn(x -> x.outcome() == TopicAdmin.Outcome.DRIFT)
                      .singleElement()
                      .satisfies(
                          x ->
                              assertThat(x.differences())
                                  .containsExactly("retention.ms=1000 (catalog 2592000000)")));
      assertThat(
              admin
                  .describeTopics(List.of(catalog.components().name()))
                  .allTopicNames()
                  .get()
                  .get(catalog.components().name())
                  .partitions())
          .hasSize(catalog.components().partitions());
    }
  }
}
