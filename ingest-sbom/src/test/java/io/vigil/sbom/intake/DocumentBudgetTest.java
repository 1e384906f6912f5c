package io.vigil.sbom.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DocumentBudgetTest {
  private static final long MIB = 1024 * 1024;

  @Test
  void shouldLetDocumentsThatFitTogetherWorkAtOnceAndMakeTheNextOneWait() throws Exception {
    DocumentBudget budget = new DocumentBudget(24 * MIB);

    try (DocumentBudget.Share a = budget.acquire(16 * MIB, Duration.ZERO);
        DocumentBudget.Share b = budget.acquire(8 * MIB, Duration.ZERO)) {
      assertThat(a).isNotNull();
      assertThat(b).isNotNull();
      assertThat(budget.acquire(1, Duration.ofMillis(10))).as("nothing left").isNull();
    }
    assertThat(budget.availableBytes()).isEqualTo(24 * MIB);
  }

  @Test
  void shouldRunADocumentLargerThanTheBudgetAlone() throws Exception {
    DocumentBudget budget = new DocumentBudget(24 * MIB);

    try (DocumentBudget.Share huge = budget.acquire(50 * MIB, Duration.ZERO)) {
      assertThat(huge).isNotNull();
      assertThat(budget.availableBytes()).isZero();
    }
    try (DocumentBudget.Share small = budget.acquire(1 * MIB, Duration.ZERO);
        DocumentBudget.Share huge = budget.acquire(50 * MIB, Duration.ofMillis(10))) {
      assertThat(small).isNotNull();
      assertThat(huge).as("waits for the small one").isNull();
    }
  }
}
