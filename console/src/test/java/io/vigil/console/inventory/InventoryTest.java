package io.vigil.console.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class InventoryTest {
  @Test
  void shouldAskTheCorrelatorForThePagesSearchAndHow() {
    assertThat(new InventoryQuery(null, null).path("shop"))
        .isEqualTo("/api/v1/projects/shop/components");
    assertThat(new InventoryQuery(" log4j ", "Transitive").path("my shop"))
        .isEqualTo("/api/v1/projects/my%20shop/components?q=log4j&direct=false");
    assertThat(new InventoryQuery("", "direct").path("shop"))
        .isEqualTo("/api/v1/projects/shop/components?direct=true");
    assertThat(new InventoryQuery("a&b", "sideways").pageQuery()).isEqualTo("q=a%26b");
    assertThat(new InventoryQuery("x", "direct").pageQuery()).isEqualTo("q=x&how=direct");
  }

  @Test
  void shouldReadAComponentWithItsOpenExposures() throws Exception {
    var n =
        new ObjectMapper()
            .readTree(
                "{\"purl\":\"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1\","
                    + "\"version\":\"2.14.1\",\"direct\":false,\"exposures\":["
                    + "{\"advisory\":\"GHSA-jfh8-c2jp-5v3q\",\"vulnerability\":\"CVE-2021-44228\","
                    + "\"severity\":\"CRITICAL\",\"kev\":true,\"suppressed\":false},"
                    + "{\"advisory\":\"GHSA-x\",\"severity\":null,\"suppressed\":true}]}");

    InventoryRow row = InventoryRow.of(n);

    assertThat(row.how()).isEqualTo("transitive");
    assertThat(row.exposures()).hasSize(2);
    assertThat(row.exposures().get(0).vulnerability()).isEqualTo("CVE-2021-44228");
    assertThat(row.exposures().get(0).kev()).isTrue();
    assertThat(row.exposures().get(1).vulnerability()).isEqualTo("GHSA-x");
    assertThat(row.exposures().get(1).severity()).isEqualTo("UNKNOWN");
    assertThat(row.unsuppressed()).isEqualTo(1);
  }
}
