package io.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class SharedDataTest {
  private String data;
  private String required;

  @BeforeEach
  void pointAtNothing() {
    data = System.getProperty("vigil.shared.data");
    required = System.getProperty("vigil.requireSharedData");
    System.setProperty("vigil.shared.data", "/nonexistent/shared-data");
  }

  @AfterEach
  void restore() {
    restore("vigil.shared.data", data);
    restore("vigil.requireSharedData", required);
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }

  @Test
  void shouldFailASuiteWhoseDataIsMissingWhenTheDataIsRequired() {
    System.setProperty("vigil.requireSharedData", "true");

    assertThatThrownBy(() -> SharedData.require("osv", "SomeSuite"))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("SomeSuite")
        .hasMessageContaining("'osv' not found")
        .hasMessageContaining("VIGIL_REQUIRE_SHARED_DATA=true");
  }
}
