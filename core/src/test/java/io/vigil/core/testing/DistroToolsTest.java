package io.vigil.core.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * A missing dpkg or python3-rpm fails the conformance tests in CI and skips them loudly elsewhere.
 */
class DistroToolsTest {

  @Test
  void shouldFailTheTestWhenAToolIsMissingAndCiRequiresTheTools() {
    assertThatThrownBy(() -> DistroTools.missing("dpkg", Map.of(DistroTools.REQUIRE, "true")))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("dpkg")
        .hasMessageContaining(DistroTools.REQUIRE);
  }

  @Test
  void shouldSkipTheTestWithTheReasonWhenAToolIsMissingLocally() {
    assertThatThrownBy(() -> DistroTools.missing("python3-rpm", Map.of()))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("SKIPPED")
        .hasMessageContaining("python3-rpm");
  }
}
