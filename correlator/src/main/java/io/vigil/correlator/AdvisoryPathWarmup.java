package io.vigil.correlator;

import io.vigil.core.osv.AffectedEntry;
import io.vigil.core.osv.AliasGroups;
import io.vigil.core.purl.PackageIdentity;
import io.vigil.core.ssvc.SsvcSettings;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.AffectedPackage;
import io.vigil.events.v1.AffectedRange;
import io.vigil.events.v1.Component;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.Criticality;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.events.v1.Feed;
import io.vigil.events.v1.Fix;
import io.vigil.events.v1.ProjectContext;
import io.vigil.events.v1.RangeEvent;
import io.vigil.events.v1.RangeEventKind;
import io.vigil.events.v1.RangeType;
import io.vigil.events.v1.Severity;
import io.vigil.events.v1.SourceRef;
import io.vigil.schemas.serde.SerdeFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The advisory path compiled before the first advisory needs it. Until a new advisory arrives, a
 * correlator only runs the component path, so the first disclosure after a start (what a real
 * Log4Shell gets) ran the advisory → every component of the shard → exposure code interpreted, with
 * the JIT compiling it meanwhile on the same cores: 3–4× the time of the next advisory (issue 20).
 * At start, on a low-priority thread of its own, this runs the same pure code an advisory change
 * runs per component ({@link AdvisoryCorrelation}: entries prepared, purl parsed, matched, the
 * component's findings and fixes, SSVC, the exposure built, its Avro bytes written and read) on
 * synthetic packages of several ecosystems, for a bounded number of rounds.
 *
 * <p>It leaves no trace: no store is read or written, nothing is produced, no registry is asked (a
 * registry-free serde of its own), and what it fills (the prepared-entry cache) is its own thread's
 * and dies with it ({@code AdvisoryPathWarmupTest}).
 */
final class AdvisoryPathWarmup {
  private static final Logger log = LoggerFactory.getLogger(AdvisoryPathWarmup.class);

  /** Rounds at start: ~21,000 evaluations and ~10,000 exposures, past the JIT's C2 thresholds. */
  static final int ROUNDS = 300;

  private static final String TOPIC = "warmup-no-topic";
  private static final Instant T = Instant.parse("2021-12-10T00:00:00Z");

  /** A synthetic package: its ecosystem, name, purl prefix and versions (low to high). */
  private record Pkg(String ecosystem, String name, String purl, List<String> versions) {}

  private static final List<Pkg> PACKAGES =
      List.of(
          new Pkg(
              "Maven",
              "org.example.warmup:warmup-core",
              "pkg:maven/org.example.warmup/warmup-core@",
              List.of("2.0.0", "2.14.1", "2.15.0", "2.16.0", "2.17.1", "3.1.0")),
          new Pkg(
              "npm",
              "warmup-lib",
              "pkg:npm/warmup-lib@",
              List.of("1.0.0", "1.2.3", "1.4.0", "2.0.0-beta.1", "2.0.1", "3.0.0")),
          new Pkg(
              "PyPI",
              "warmup-lib",
              "pkg:pypi/warmup-lib@",
              List.of("0.9", "1.0.0", "1.0.post1", "1.2.0rc1", "1.2.0", "2.0")),
          new Pkg(
              "Go",
              "example.org/warmup/lib",
              "pkg:golang/example.org/warmup/lib@",
              List.of("v0.1.0", "v1.0.0", "v1.2.0", "v1.3.5", "v1.4.0", "v2.0.0")));

  private AdvisoryPathWarmup() {}

  /** Starts the warm-up on a daemon thread of minimum priority (it ends by itself). */
  static Thread start(SsvcSettings ssvc) {
    Thread t =
        new Thread(
            () -> {
              long t0 = System.nanoTime();
              try {
                int built = run(ROUNDS, ssvc);
                log.info(
                    "advisory path warmed up: {} exposures built on synthetic data in {} ms",
                    built,
                    (System.nanoTime() - t0) / 1_000_000);
              } catch (RuntimeException e) {
                // a warm-up that fails costs the first advisory its speed, nothing else
                log.warn("advisory path warm-up failed (the first advisory will be slower)", e);
              }
            },
            "correlator-advisory-warmup");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
    return t;
  }

  /**
   * Runs {@code rounds} rounds over the synthetic packages; returns the number of exposures built
   * (each also written to Avro bytes and read back).
   */
  static int run(int rounds, SsvcSettings ssvc) {
    Serde<ExposureEvent> exposures = SerdeFactory.registryFree().internal(ExposureEvent.class);
    Serde<ComponentEvent> components = SerdeFactory.registryFree().internal(ComponentEvent.class);
    List<Shard> shards = new ArrayList<>();
    for (Pkg p : PACKAGES) {
      shards.add(new Shard(p));
    }
    int built = 0;
    for (int r = 0; r < rounds; r++) {
      for (Shard s : shards) {
        built += s.round(r, ssvc, exposures, components);
      }
    }
    return built;
  }

  /** One synthetic package shard: two advisories (one aliasing the other) and its components. */
  private static final class Shard {
    final Pkg pkg;
    final String shardKey;
    final Advisory advisory;
    final List<Advisory> all;
    final List<ComponentEvent> components = new ArrayList<>();

    Shard(Pkg p) {
      this.pkg = p;
      this.shardKey = StoreKeys.shardKey(PackageKeys.ofOsv(p.ecosystem(), p.name()), 0);
      List<String> v = p.versions();
      Advisory older =
          advisory(p, "WARMUP-0-" + p.ecosystem(), "CVE-0000-0001", v.get(0), v.get(2));
      this.advisory = advisory(p, "WARMUP-1-" + p.ecosystem(), "CVE-0000-0002", v.get(0), v.get(4));
      this.all = List.of(older, advisory);
      ProjectContext[] contexts = {
        null,
        ProjectContext.newBuilder()
            .setOwner("o")
            .setCriticality(Criticality.MISSION_ESSENTIAL)
            .build(),
        ProjectContext.newBuilder().setTeam("t").setTags(List.of("warmup")).build()
      };
      int i = 0;
      for (String version : v) {
        for (ProjectContext c : contexts) {
          components.add(component("warmup-" + i++, p.purl() + version, c));
        }
      }
    }

    /** What {@link AdvisoryCorrelation} does per component for one advisory change, unwritten. */
    int round(
        int r, SsvcSettings ssvc, Serde<ExposureEvent> exposures, Serde<ComponentEvent> serde) {
      List<AffectedPackage> entries = ShardContext.entries(advisory, shardKey);
      List<AffectedEntry> prepared = Matching.prepare(entries);
      List<ComponentFindings.Prepared> shardPrepared = ComponentFindings.prepare(shardKey, all);
      AliasGroups.Group group = AdvisoryGroups.of(all).group(advisory.getId());
      String trigger = ShardContext.trigger(advisory) + "@" + r;
      Instant now = Instant.now();
      int built = 0;
      for (ComponentEvent stored : components) {
        ComponentEvent c = serde.deserializer().deserialize(TOPIC, bytes(serde, stored));
        PackageIdentity id = Matching.identity(c.getComponent());
        Matching.Finding finding = Matching.evaluate(id, prepared);
        if (!finding.affected()) {
          continue;
        }
        ComponentFindings findings = ComponentFindings.of(id, shardPrepared);
        Fix componentFix = findings.componentFix();
        Fix fix = findings.fix(findings.foundOf(advisory));
        ExposureEvent e =
            Exposures.build(
                c,
                advisory,
                group,
                Exposures.Enrichment.NONE,
                finding,
                fix,
                componentFix,
                ExposureType.NEW,
                ExposureCause.NEW_ADVISORY,
                null,
                SsvcOfExposure.decide(c, group, all, Exposures.Enrichment.NONE, ssvc),
                advisory.getIngestedAt(),
                now,
                trigger);
        e = ExposureTriage.born(e, null, trigger);
        ExposureEvent read = exposures.deserializer().deserialize(TOPIC, bytes(exposures, e));
        Exposures.materialChange(read, e, 0.1);
        Exposures.resolved(read, ExposureCause.ADVISORY_WITHDRAWN, now, now, trigger);
        built++;
      }
      return built;
    }
  }

  private static <V> byte[] bytes(Serde<V> serde, V value) {
    return serde.serializer().serialize(TOPIC, value);
  }

  private static Advisory advisory(Pkg p, String id, String cve, String introduced, String fixed) {
    List<RangeEvent> events =
        List.of(
            new RangeEvent(RangeEventKind.INTRODUCED, introduced),
            new RangeEvent(RangeEventKind.FIXED, fixed));
    AffectedPackage entry =
        AffectedPackage.newBuilder()
            .setEcosystem(p.ecosystem())
            .setName(p.name())
            .setPackageKey(PackageKeys.ofOsv(p.ecosystem(), p.name()))
            .setRanges(
                List.of(
                    AffectedRange.newBuilder()
                        .setType(RangeType.ECOSYSTEM)
                        .setEvents(events)
                        .build()))
            .build();
    return Advisory.newBuilder()
        .setId(id)
        .setAliases(List.of(cve))
        .setModified(T)
        .setSummary("synthetic advisory of the start-up warm-up")
        .setSource(new SourceRef(Feed.OSV, "warmup", null))
        .setIngestedAt(T)
        .setSeverities(
            List.of(
                new Severity(
                    "CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0, "CRITICAL")))
        .setAffected(List.of(entry))
        .build();
  }

  private static ComponentEvent component(String project, String purl, ProjectContext context) {
    String version = purl.substring(purl.indexOf('@') + 1);
    return ComponentEvent.newBuilder()
        .setEventId("warmup:" + project + ":" + purl)
        .setProjectId(project)
        .setProject(project)
        .setSubmissionId("warmup")
        .setChange(ComponentChange.ADDED)
        .setComponent(
            Component.newBuilder()
                .setPurl(purl)
                .setPackageKey(PackageKeys.ofPurl(purl))
                .setName(purl)
                .setVersion(version)
                .build())
        .setProjectContext(context)
        .setReceivedAt(T)
        .build();
  }
}
