package io.vigil.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.advisories.AdvisoryIngestor.Outcome;
import io.vigil.advisories.AdvisoryIngestor.Publish;
import io.vigil.advisories.AdvisoryIngestor.Rejected;
import io.vigil.advisories.state.IngestStateStore;
import io.vigil.core.osv.OsvSalvage;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.AffectedRange;
import io.vigil.events.v1.Feed;
import io.vigil.events.v1.RangeType;
import io.vigil.schemas.TopicCatalog;
import io.vigil.schemas.serde.SerdeFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * The per-record work of ingest-advisories (parse, keep what is usable, check the schema,
 * normalize) on real records the OSV schema rejects but osv.dev and osv-scanner use.
 */
class AdvisoryIngestorTest {
  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
  private final IngestStateStore state = new IngestStateStore();
  private final SerdeFactory serdes = SerdeFactory.registryFree();
  private final AdvisoryIngestor ingestor =
      new AdvisoryIngestor(
          null,
          state,
          new OsvValidator(),
          TopicCatalog.local(),
          serdes,
          null,
          1,
          1_000_000,
          new IngestMetrics(new SimpleMeterRegistry()),
          Clock.fixed(NOW, ZoneOffset.UTC));

  private Outcome process(String resource) {
    return process(resource, Fixtures.bytes(resource));
  }

  private Outcome process(String location, byte[] bytes) {
    return ingestor.process(new OsvSource.RawRecord(location, bytes), "osv", Feed.OSV, NOW);
  }

  private Advisory published(Outcome o) {
    assertThat(o).isInstanceOf(Publish.class);
    return serdes
        .value(TopicCatalog.local().advisories())
        .deserialize(TopicCatalog.local().advisories().name(), ((Publish) o).value());
  }

  @Test
  void shouldPublishPysec2021425WithItsEcosystemRangeWhenItsGitRangeHasAnAbbreviatedCommit() {
    Outcome o = process("osv/PYSEC-2021-425.json");

    Advisory a = published(o);
    assertThat(a.getAffected()).hasSize(1);
    assertThat(a.getAffected().get(0).getRanges())
        .extracting(AffectedRange::getType)
        .containsExactly(RangeType.GIT, RangeType.ECOSYSTEM);
    assertThat(a.getAffected().get(0).getRanges().get(1).getEvents().get(1).getVersion())
        .isEqualTo("1.41.1");
    assertThat(((Publish) o).dropped()).isEmpty();
    assertThat(((Publish) o).deviations())
        .as("the schema's full-hash pattern is reported, not enforced")
        .contains("/affected/0/ranges/0/events/1/fixed");
  }

  @Test
  void shouldPublishPysec201727WhenAFixedEventEndsInPatch() {
    Advisory a = published(process("osv/PYSEC-2017-27.json"));

    assertThat(a.getAffected().get(0).getRanges().get(1).getEvents().get(1).getVersion())
        .isEqualTo("0.9.0");
  }

  @Test
  void shouldPublishEveryPysecRecordTheSchemaRejectsForAGitEvent() {
    for (String r :
        java.util.List.of(
            "osv/PYSEC-2021-371.json", "osv/PYSEC-2021-425.json", "osv/PYSEC-2017-27.json")) {
      assertThat(process(r)).as(r).isInstanceOf(Publish.class);
    }
  }

  @Test
  void shouldDropAnUnusableSeverityAndPublishTheRest() {
    String record =
        """
        {"id": "UBUNTU-CVE-2025-6297", "modified": "2025-07-04T06:14:23.371059Z",
         "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:L/A:N"},
                      {"score": "low"}],
         "affected": [{"package": {"ecosystem": "Ubuntu:22.04:LTS", "name": "dpkg"},
                       "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.21.1ubuntu2.4"}]}]}]}
        """;

    Outcome o = process("Ubuntu.zip!UBUNTU-CVE-2025-6297.json", utf8(record));

    Advisory a = published(o);
    assertThat(a.getSeverities()).hasSize(1);
    assertThat(((Publish) o).dropped())
        .containsExactly(new OsvSalvage.Dropped("/severity/1", "has no type"));
    assertThat(((Publish) o).deviations()).as("nothing else deviates").isNull();
  }

  @Test
  void shouldDeadLetterARecordWithoutModifiedWithTheReason() {
    String record =
        """
        {"id": "GHSA-j5w5-568x-rq53", "affected": [{"package": {"ecosystem": "npm", "name": "x"},
          "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.69.3"}]}]}]}
        """;

    Outcome o = process("npm.zip!GHSA-j5w5-568x-rq53.json", utf8(record));

    assertThat(o).isInstanceOf(Rejected.class);
    assertThat(((Rejected) o).id()).isEqualTo("GHSA-j5w5-568x-rq53");
    assertThat(((Rejected) o).reason()).isEqualTo("/modified is missing");
  }

  @Test
  void shouldLookAgainAtARecordAnEarlierRunDeadLettered() {
    byte[] bytes = Fixtures.bytes("osv/PYSEC-2021-371.json");
    state.put("osv", "PYSEC-2021-371", OsvNormalizer.sha256(bytes), null, true, NOW);
    state.commit();

    assertThat(process("osv/PYSEC-2021-371.json", bytes)).isInstanceOf(Publish.class);
  }

  @Test
  void shouldReadAnEventByTheKindThatHoldsAStringWhateverTheFieldOrder() {
    String record =
        """
        {"id": "GHSA-aaaa-bbbb-cccc", "modified": "2024-01-01T00:00:00Z",
         "affected": [{"package": {"ecosystem": "npm", "name": "x"},
           "ranges": [{"type": "SEMVER", "events": [{"note": "first", "introduced": "0"},
                                                     {"fixed": "2.0.0", "database_specific": {}}]}]}]}
        """;

    Advisory a = published(process("x.json", utf8(record)));

    assertThat(a.getAffected().get(0).getRanges().get(0).getEvents())
        .extracting(e -> e.getKind() + " " + e.getVersion())
        .containsExactly("INTRODUCED 0", "FIXED 2.0.0");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
