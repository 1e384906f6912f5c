package io.vigil.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.advisories.state.IngestStateStore;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IngestStateStoreTest {
  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  @Test
  void shouldForgetAnAbortedTransactionAndKeepACommittedOne() {
    IngestStateStore s = new IngestStateStore();

    s.put("osv", "X-1", A, NOW, false, NOW);
    s.cursor("c", "1", NOW);
    assertThat(s.isCurrent("osv", A)).as("visible inside the open transaction").isTrue();
    s.abort();

    assertThat(s.isCurrent("osv", A)).isFalse();
    assertThat(s.get("osv", "X-1")).isNull();
    assertThat(s.cursor("c")).isNull();

    s.put("osv", "X-1", A, NOW, false, NOW);
    s.commit();
    assertThat(s.isCurrent("osv", A)).isTrue();
    assertThat(s.get("osv", "X-1").modified()).isEqualTo(NOW.toEpochMilli());
  }

  @Test
  void shouldForgetTheOldHashWhenARecordChanges() {
    IngestStateStore s = new IngestStateStore();
    s.put("osv", "X-1", A, NOW, false, NOW);
    s.commit();

    s.put("osv", "X-1", B, NOW.plusSeconds(1), false, NOW);
    s.commit();

    assertThat(s.isCurrent("osv", B)).isTrue();
    assertThat(s.isCurrent("osv", A))
        .as("a revert to the old content must be republished")
        .isFalse();
    assertThat(s.isCurrent("ghsa", B)).as("feeds are separate").isFalse();
  }

  @Test
  void shouldNeverCallADeadLetteredContentCurrentSoANewerRuleLooksAtItAgain() {
    IngestStateStore s = new IngestStateStore();

    s.put("osv", "PYSEC-2021-371", A, null, true, NOW);
    assertThat(s.isCurrent("osv", A)).as("inside the open transaction").isFalse();
    s.commit();

    assertThat(s.isCurrent("osv", A)).isFalse();
    assertThat(s.get("osv", "PYSEC-2021-371").rejected()).isTrue();
  }

  @Test
  void shouldStorePlaceholderModifiedTimesAsZero() {
    IngestStateStore s = new IngestStateStore();

    s.put("osv", "GO-1", A, Instant.parse("0001-01-01T00:00:00Z"), false, NOW);

    assertThat(s.get("osv", "GO-1").modified()).isZero();
  }

  @Test
  void shouldShowEveryPublishedHashToWorkersWhenTheyAskWhileTransactionsCommit() throws Exception {
    // given: the ingest loop puts and commits records while a worker asks about earlier ones
    IngestStateStore s = new IngestStateStore();
    int records = 20_000;
    java.util.concurrent.atomic.AtomicInteger published =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger missed =
        new java.util.concurrent.atomic.AtomicInteger();
    Thread worker =
        new Thread(
            () -> {
              while (published.get() < records) {
                int upTo = published.get();
                for (int i = Math.max(0, upTo - 50); i < upTo; i++) {
                  if (!s.isCurrent("osv", hash(i))) {
                    missed.incrementAndGet();
                  }
                }
              }
            });
    worker.start();

    // when
    for (int i = 0; i < records; i++) {
      s.put("osv", "X-" + i, hash(i), NOW, false, NOW);
      published.incrementAndGet();
      if (i % 100 == 99) {
        s.commit();
      }
    }
    s.commit();
    worker.join();

    // then: a hash once put is never missing, whether pending or committed
    assertThat(missed.get()).isZero();
    assertThat(s.size("osv")).isEqualTo(records);
  }

  private static String hash(int i) {
    return String.format(java.util.Locale.ROOT, "%016x", i + 1) + "0".repeat(48);
  }
}
