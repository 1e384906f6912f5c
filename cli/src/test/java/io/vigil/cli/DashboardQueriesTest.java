package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PromQL name extraction that ObservabilityIT checks the dashboard with. */
class DashboardQueriesTest {

  @Test
  void shouldExtractMetricNamesButNotFunctionsLabelsOrVariables(@TempDir Path tmp)
      throws Exception {
    Path d = tmp.resolve("dashboard.json");
    Files.writeString(
        d,
        """
        {"panels": [{"targets": [
          {"expr": "histogram_quantile(0.99, sum by (le, cause) (rate(vigil_pipeline_exposure_latency_seconds_bucket{cause=~\\"NEW_ADVISORY|x\\"}[$__rate_interval])))"},
          {"expr": "max by (service, client_id) (kafka_consumer_fetch_manager_records_lag_max{service=~\\"$service\\"}) / on(service) group_left up_total_typo"},
          {"expr": "time() - max by (source) (vigil_advisories_last_success_seconds) + sum(delta(vigil_dead_letters[1h]))"}]}],
         "templating": {"list": [{"name": "service", "definition": "label_values(process_uptime_seconds, service)"}]}}
        """);

    assertThat(ObservabilityIT.dashboardMetrics(d))
        .containsExactlyInAnyOrder(
            "vigil_pipeline_exposure_latency_seconds_bucket",
            "kafka_consumer_fetch_manager_records_lag_max",
            "up_total_typo",
            "vigil_advisories_last_success_seconds",
            "vigil_dead_letters",
            "process_uptime_seconds");
  }

  @Test
  void shouldReadMetricNamesOfAPrometheusScrape() {
    String scrape =
        """
        # HELP vigil_exposures_total Exposure events emitted, by type
        # TYPE vigil_exposures_total counter
        vigil_exposures_total{service="alerting",type="NEW"} 1.0
        process_uptime_seconds 12.5
        """;

    assertThat(ObservabilityIT.names(scrape))
        .containsExactlyInAnyOrder("vigil_exposures_total", "process_uptime_seconds");
  }
}
