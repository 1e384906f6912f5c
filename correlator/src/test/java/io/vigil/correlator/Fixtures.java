package io.vigil.correlator;

import io.vigil.core.SkeletonPackageKey;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.AffectedPackage;
import io.vigil.events.v1.AffectedRange;
import io.vigil.events.v1.Component;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.Feed;
import io.vigil.events.v1.RangeEvent;
import io.vigil.events.v1.RangeEventKind;
import io.vigil.events.v1.RangeType;
import io.vigil.events.v1.Severity;
import io.vigil.events.v1.SourceRef;
import java.time.Instant;
import java.util.List;

/** Test records: components of projects and Log4Shell-like advisories. */
final class Fixtures {
  static final String LOG4J = "org.apache.logging.log4j:log4j-core";

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
                .setPackageKey(SkeletonPackageKey.fromPurl(purl))
                .setName(purl)
                .setVersion(version)
                .build())
        .setReceivedAt(Instant.parse("2021-12-10T00:00:00Z"))
        .build();
  }

  static Advisory log4shell(Instant modified, String introduced, String fixed) {
    return Advisory.newBuilder()
        .setId("GHSA-jfh8-c2jp-5v3q")
        .setAliases(List.of("CVE-2021-44228"))
        .setModified(modified)
        .setSummary("Remote code injection in Log4j")
        .setSeverities(
            List.of(
                new Severity(
                    "CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0, "CRITICAL")))
        .setAffected(
            List.of(
                AffectedPackage.newBuilder()
                    .setEcosystem("Maven")
                    .setName(LOG4J)
                    .setPackageKey(SkeletonPackageKey.fromOsv("Maven", LOG4J))
                    .setRanges(
                        List.of(
                            AffectedRange.newBuilder()
                                .setType(RangeType.ECOSYSTEM)
                                .setEvents(
                                    List.of(
                                        new RangeEvent(RangeEventKind.INTRODUCED, introduced),
                                        new RangeEvent(RangeEventKind.FIXED, fixed)))
                                .build()))
                    .build()))
        .setSource(new SourceRef(Feed.OSV, "test", null))
        .setIngestedAt(modified)
        .build();
  }
}
