package io.vigil.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.advisories.nvd.RateLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  @Test
  void shouldNeverAllowMoreThanFiveRequestsInAnyThirtySecondWindow() throws Exception {
    long[] now = {0};
    List<Long> grants = new ArrayList<>();
    RateLimiter limiter =
        new RateLimiter(5, Duration.ofSeconds(30), () -> now[0], nanos -> now[0] += nanos);

    for (int i = 0; i < 12; i++) {
      limiter.acquire();
      grants.add(now[0]);
      now[0] += 1_000_000_000L; // each request takes a second
    }

    long window = Duration.ofSeconds(30).toNanos();
    for (int i = 5; i < grants.size(); i++) {
      assertThat(grants.get(i) - grants.get(i - 5))
          .as("request %d", i)
          .isGreaterThanOrEqualTo(window);
    }
    assertThat(grants.get(4)).isEqualTo(4_000_000_000L);
  }
}
