// Measures the correlator's state per component instance: loads N component events (P projects x
// C components drawn from K distinct packages) into the current correlator on an in-process
// broker, waits until it has processed all of them, then measures RocksDB on disk (after close,
// i.e. flushed) and the broker-side topics (input, repartition, changelog). Prints one JSON line.
// Run with deploy/measure/state-size.sh (which sets the classpath and the parameters).
import io.vigil.deploy.EmbeddedKafka;
import io.vigil.platform.kafka.*;
import io.vigil.correlator.*;
import io.vigil.events.v1.*;
import io.vigil.core.SkeletonPackageKey;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.*;
import org.apache.kafka.common.serialization.StringSerializer;
import java.nio.file.*;
import java.time.*;
import java.util.*;

long dirBytes(Path p) throws Exception {
  if (!Files.exists(p)) return 0;
  try (var s = Files.walk(p)) { return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum(); }
}
// broker side: only the segment data (*.log); index files are preallocated (10 MiB each)
long logBytes(Path p) throws Exception {
  try (var s = Files.walk(p)) { return s.filter(f -> f.toString().endsWith(".log")).mapToLong(f -> f.toFile().length()).sum(); }
}

int projects = Integer.getInteger("projects", 5000);
int perProject = Integer.getInteger("components", 200);
int packages = Integer.getInteger("packages", 20000);
int partitions = Integer.getInteger("partitions", 6);
long n = (long) projects * perProject;
Path work = Files.createTempDirectory("vigil-state-size-");
EmbeddedKafka kafkaBroker = EmbeddedKafka.start(work.resolve("kafka"), true, Map.of());
KafkaSettings kafka = new KafkaSettings(kafkaBroker.bootstrapServers(), Map.of(), "", (short) 1, null, work.resolve("state"));
try (Admin admin = Admin.create(kafka.admin())) { TopicAdmin.ensure(admin, kafka.catalog().all()); }

Random rnd = new Random(42);
long t0 = System.nanoTime();
try (var producer = new KafkaProducer<String, ComponentEvent>(kafka.producer("state-size"), new StringSerializer(), kafka.serdeFactory().value(kafka.catalog().components()))) {
  Instant now = Instant.now();
  for (int p = 0; p < projects; p++) {
    String project = "team-" + (p % 97) + "/service-" + p;
    Set<Integer> chosen = new HashSet<>();
    while (chosen.size() < perProject) {
      // skewed: a few packages (log4j-core, jackson, guava...) are in most projects
      int k = (int) Math.min(packages - 1, Math.floor(Math.pow(rnd.nextDouble(), 3) * packages));
      chosen.add(k);
    }
    for (int k : chosen) {
      String purl = "pkg:maven/org.example.group" + (k % 500) + "/artifact-" + k + "@" + (1 + k % 7) + "." + (k % 13) + "." + (rnd.nextInt(3));
      ComponentEvent e = ComponentEvent.newBuilder()
          .setEventId("sub-" + p + ":" + purl).setProjectId(project).setProject(project).setSubmissionId("sub-" + p)
          .setChange(ComponentChange.ADDED)
          .setComponent(Component.newBuilder().setPurl(purl).setPackageKey(SkeletonPackageKey.fromPurl(purl))
              .setName("artifact-" + k).setVersion(purl.substring(purl.indexOf('@') + 1)).build())
          .setInitialInventory(true).setReceivedAt(now).build();
      producer.send(new ProducerRecord<>(kafka.catalog().components().name(), project, e));
    }
  }
  producer.flush();
}
long loadedMs = (System.nanoTime() - t0) / 1_000_000;

CorrelatorConfig cc = new CorrelatorConfig(null, partitions, 1, 0);
long t1 = System.nanoTime();
CorrelatorService svc = new CorrelatorService(kafka, cc, null).start();
boolean done;
try (Admin admin = Admin.create(kafka.admin())) {
  done = Quiescence.await(admin, List.of(cc.applicationId()), t -> t.endsWith("-repartition"), Duration.ofSeconds(3), Duration.ofMinutes(20));
}
long processedMs = (System.nanoTime() - t1) / 1_000_000 - 3000;
Runtime rt = Runtime.getRuntime();
long heapUsed = rt.totalMemory() - rt.freeMemory();
svc.close();

long rocks = dirBytes(work.resolve("state"));
long sst;
try (var st = Files.walk(work.resolve("state"))) { sst = st.filter(f -> f.toString().endsWith(".sst")).mapToLong(f -> f.toFile().length()).sum(); }

// restore: a new instance with an empty state directory rebuilds every store from the changelogs
KafkaSettings fresh = kafka.withStateDir(work.resolve("state-restore"));
long t2 = System.nanoTime();
CorrelatorService restored = new CorrelatorService(fresh, cc, null).start();
while (!restored.running()) { Thread.sleep(20); }
long restoreMs = (System.nanoTime() - t2) / 1_000_000;
restored.close();
Map<String, Long> topics = new TreeMap<>();
try (var dirs = Files.list(work.resolve("kafka").resolve("log"))) {
  for (Path d : dirs.filter(Files::isDirectory).toList()) {
    String name = d.getFileName().toString().replaceAll("-\\d+$", "");
    topics.merge(name, logBytes(d), Long::sum);
  }
}
long changelogs = topics.entrySet().stream().filter(e -> e.getKey().endsWith("-changelog")).mapToLong(Map.Entry::getValue).sum();
long repartitions = topics.entrySet().stream().filter(e -> e.getKey().endsWith("-repartition")).mapToLong(Map.Entry::getValue).sum();
long input = topics.getOrDefault(kafka.catalog().components().name(), 0L);
double perMillion = 1_000_000.0 / n;
System.out.printf(Locale.ROOT,
  "{\"components\":%d,\"projects\":%d,\"distinct_packages_max\":%d,\"partitions\":%d,\"quiescent\":%s,\"load_ms\":%d,\"process_ms\":%d,\"components_per_s\":%.0f,"
  + "\"restore_ms\":%d,\"rocksdb_sst_bytes\":%d,\"rocksdb_bytes\":%d,\"changelog_bytes\":%d,\"repartition_bytes\":%d,\"input_topic_bytes\":%d,"
  + "\"rocksdb_sst_mib_per_million\":%.1f,\"rocksdb_mib_per_million\":%.1f,\"changelog_mib_per_million\":%.1f,\"repartition_mib_per_million\":%.1f,\"input_mib_per_million\":%.1f,\"heap_used_mib_at_end\":%d,\"topics\":\"%s\"}%n",
  n, projects, packages, partitions, done, loadedMs, processedMs, n * 1000.0 / Math.max(1, processedMs),
  restoreMs, sst, rocks, changelogs, repartitions, input,
  sst * perMillion / 1048576, rocks * perMillion / 1048576, changelogs * perMillion / 1048576, repartitions * perMillion / 1048576, input * perMillion / 1048576,
  heapUsed / 1048576, topics.toString().replace("\"", ""));
kafkaBroker.close();
/exit
