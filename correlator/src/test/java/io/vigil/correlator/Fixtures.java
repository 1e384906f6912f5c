package io.vigil.correlator;

import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.AffectedPackage;
import io.vigil.events.v1.AffectedRange;
import io.vigil.events.v1.Component;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.CvssMetric;
import io.vigil.events.v1.EnrichmentChange;
import io.vigil.events.v1.EpssScore;
import io.vigil.events.v1.Feed;
import io.vigil.events.v1.KevEntry;
import io.vigil.events.v1.NvdCve;
import io.vigil.events.v1.RangeEvent;
import io.vigil.events.v1.RangeEventKind;
import io.vigil.events.v1.RangeType;
import io.vigil.events.v1.Severity;
import io.vigil.events.v1.SourceRef;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Test records: components of projects, Log4Shell-like advisories, KEV/EPSS/NVD enrichment. */
final class Fixtures {
  static final String LOG4J = "org.apache.logging.log4j:log4j-core";
  static final String LOG4J_PURL = "pkg:maven/org.apache.logging.log4j/log4j-core@";
  static final String LOG4J_KEY = "Maven/" + LOG4J;
  static final String JACKSON = "com.fasterxml.jackson.core:jackson-databind";
  static final String JACKSON_PURL = "pkg:maven/com.fasterxml.jackson.core/jackson-databind@";
  static final String CRITICAL_VECTOR = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H";

  private Fixtures() {}

  static ComponentEvent component(
      String project, String purl, ComponentChange change, String submission) {
    String version = purl.substring(purl.indexOf('@') + 1);
    return ComponentEvent.newBuilder()
        .setEventId(submission + ":" + purl + ":" + change)
        .setProjectId(project)
        .setProject(project)
        .setSubmissionId(submission)
        .setChange(change)
        .setComponent(
            Component.newBuilder()
                .setPurl(purl)
                .setPackageKey(PackageKeys.ofPurl(purl))
                .setName(purl)
                .setVersion(version)
                .build())
        .setReceivedAt(Instant.parse("2021-12-10T00:00:00Z"))
        .build();
  }

  static Advisory log4shell(Instant modified, String introduced, String fixed) {
    return advisory("GHSA-jfh8-c2jp-5v3q", List.of("CVE-2021-44228"), modified)
        .severity(10.0, "CRITICAL")
        .range(LOG4J, introduced, fixed)
        .build();
  }

  static AdvisoryBuilder advisory(String id, List<String> aliases, Instant modified) {
    return new AdvisoryBuilder(id, aliases, modified);
  }

  /** A small builder for advisories in tests. */
  static final class AdvisoryBuilder {
    private final Advisory.Builder b;
    private final List<AffectedPackage> affected = new ArrayList<>();
    private final List<Severity> severities = new ArrayList<>();

    AdvisoryBuilder(String id, List<String> aliases, Instant modified) {
      b =
          Advisory.newBuilder()
              .setId(id)
              .setAliases(aliases)
              .setModified(modified)
              .setSummary("Test advisory " + id)
              .setSource(new SourceRef(Feed.OSV, "test", null))
              .setIngestedAt(modified);
    }

    AdvisoryBuilder severity(double score, String rating) {
      severities.add(new Severity("CVSS_V3", CRITICAL_VECTOR, score, rating));
      return this;
    }

    AdvisoryBuilder databaseSeverity(String rating) {
      b.setDatabaseSeverity(rating);
      return this;
    }

    AdvisoryBuilder upstream(List<String> ids) {
      b.setUpstream(ids);
      return this;
    }

    AdvisoryBuilder range(String mavenName, String introduced, String fixed) {
      return range("Maven", mavenName, introduced, fixed);
    }

    /** An ECOSYSTEM range for a package of any ecosystem ({@code Debian:12}, {@code openssl}). */
    AdvisoryBuilder range(String ecosystem, String name, String introduced, String fixed) {
      List<RangeEvent> events = new ArrayList<>();
      events.add(new RangeEvent(RangeEventKind.INTRODUCED, introduced));
      if (fixed != null) {
        events.add(new RangeEvent(RangeEventKind.FIXED, fixed));
      }
      affected.add(
          AffectedPackage.newBuilder()
              .setEcosystem(ecosystem)
              .setName(name)
              .setPackageKey(PackageKeys.ofOsv(ecosystem, name))
              .setRanges(
                  List.of(
                      AffectedRange.newBuilder()
                          .setType(RangeType.ECOSYSTEM)
                          .setEvents(events)
                          .build()))
              .build());
      return this;
    }

    AdvisoryBuilder withdrawn(Instant at) {
      b.setWithdrawn(at);
      return this;
    }

    Advisory build() {
      return b.setSeverities(severities).setAffected(affected).build();
    }
  }

  static KevEntry kev(String cve, EnrichmentChange change) {
    return KevEntry.newBuilder()
        .setCveId(cve)
        .setChange(change)
        .setVendorProject("Apache")
        .setProduct("Log4j2")
        .setDateAdded(LocalDate.parse("2021-12-10"))
        .setDueDate(LocalDate.parse("2021-12-24"))
        .setKnownRansomwareCampaignUse("Known")
        .setIngestedAt(Instant.parse("2021-12-10T12:00:00Z"))
        .build();
  }

  static EpssScore epss(String cve, double score) {
    return EpssScore.newBuilder()
        .setCveId(cve)
        .setEpss(score)
        .setPercentile(0.99)
        .setScoreDate(LocalDate.parse("2021-12-11"))
        .setIngestedAt(Instant.parse("2021-12-11T00:00:00Z"))
        .build();
  }

  static NvdCve nvd(String cve, double score, String rating) {
    return NvdCve.newBuilder()
        .setCveId(cve)
        .setVulnStatus("Analyzed")
        .setMetrics(
            List.of(
                CvssMetric.newBuilder()
                    .setVersion("3.1")
                    .setVector(CRITICAL_VECTOR)
                    .setBaseScore(score)
                    .setBaseSeverity(rating)
                    .setSource("nvd@nist.gov")
                    .setPrimary(true)
                    .build()))
        .setIngestedAt(Instant.parse("2021-12-10T00:00:00Z"))
        .build();
  }
}
