package io.vigil.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.AffectedPackage;
import io.vigil.events.v1.AffectedRange;
import io.vigil.events.v1.Feed;
import io.vigil.events.v1.RangeEventKind;
import io.vigil.events.v1.RangeType;
import io.vigil.schemas.SampleRecords;
import io.vigil.schemas.Topic;
import io.vigil.schemas.TopicCatalog;
import io.vigil.testkit.http.FakeSchemaRegistry;
import io.vigil.testkit.http.RecordedRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop of our Confluent wire format with an independent implementation: the npm client
 * {@code @kafkajs/confluent-schema-registry} (pinned in {@code src/test/node/package.json}; Avro by
 * {@code avsc}) run with node against the same {@link FakeSchemaRegistry}.
 *
 * <ol>
 *   <li>Java writes an {@link Advisory} with {@link AvroSerde}; node decodes it (schema fetched by
 *       id from the registry) and prints JSON, which must equal the original field by field.
 *   <li>Node registers the advisory schema it builds from the {@code .avsc} sources itself and
 *       encodes a record it builds in JS; Java decodes those bytes and checks every field.
 * </ol>
 *
 * <p>Node dependencies are installed with {@code npm ci} from the committed lock file into {@code
 * target/interop-node}. Without {@code node}/{@code npm} on PATH the test is skipped (with a line
 * on stderr), unless {@code -Dvigil.interop.requireNode=true} or {@code
 * VIGIL_INTEROP_REQUIRE_NODE=true} makes that a failure.
 */
class ConfluentInteropIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final boolean WINDOWS =
      System.getProperty("os.name", "").toLowerCase().startsWith("windows");
  private static final String NODE = "node";
  private static final String NPM = WINDOWS ? "npm.cmd" : "npm";
  private static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration NODE_TIMEOUT = Duration.ofSeconds(60);
  private static final String NPM_PACKAGE = "@kafkajs/confluent-schema-registry";

  private static Path moduleDir;
  private static Path nodeDir;
  private static String skipReason;

  private final Topic<String, Advisory> topic = TopicCatalog.local().advisories();
  private FakeSchemaRegistry registry;
  @TempDir Path work;

  @BeforeAll
  static void installNodeSide() throws Exception {
    moduleDir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    String node = version(NODE);
    String npm = version(NPM);
    if (node == null || npm == null) {
      String reason =
          "ConfluentInteropIT SKIPPED: "
              + (node == null ? "'node'" : "")
              + (node == null && npm == null ? " and " : "")
              + (npm == null ? "'npm'" : "")
              + " not found on PATH; the Confluent wire format is NOT checked against the npm"
              + " client "
              + NPM_PACKAGE
              + ". Install node (>= 18) and npm to run it.";
      if (Boolean.getBoolean("vigil.interop.requireNode")
          || "true".equalsIgnoreCase(System.getenv("VIGIL_INTEROP_REQUIRE_NODE"))) {
        throw new AssertionError(reason + " (node is required here: vigil.interop.requireNode)");
      }
      // reported per test (a class-level abort shows as "Tests run: 0" in Maven's summary)
      System.err.println("*** " + reason);
      skipReason = reason;
      return;
    }
    System.err.println("ConfluentInteropIT: node " + node + ", npm " + npm);

    Path source = moduleDir.resolve("src/test/node");
    nodeDir = moduleDir.resolve("target/interop-node");
    Files.createDirectories(nodeDir);
    for (String f : List.of("package.json", "package-lock.json", "interop.js")) {
      Files.copy(source.resolve(f), nodeDir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    // npm ci again only when the lock file changed since the last install
    Path stamp = nodeDir.resolve("node_modules/.vigil-installed-lock.json");
    boolean installed =
        Files.exists(nodeDir.resolve("node_modules/" + NPM_PACKAGE + "/package.json"))
            && Files.exists(stamp)
            && Files.mismatch(stamp, source.resolve("package-lock.json")) == -1;
    if (!installed) {
      long t0 = System.nanoTime();
      Result r =
          run(
              List.of(NPM, "ci", "--no-audit", "--no-fund", "--ignore-scripts"),
              nodeDir,
              NPM_TIMEOUT);
      assertThat(r.exit())
          .as("npm ci in %s failed:%n%s%n%s", nodeDir, r.stdout(), r.stderr())
          .isZero();
      Files.copy(source.resolve("package-lock.json"), stamp);
      System.err.printf(
          "ConfluentInteropIT: npm ci took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }
  }

  @BeforeEach
  void startRegistry() {
    Assumptions.assumeTrue(skipReason == null, () -> skipReason);
    registry = new FakeSchemaRegistry();
  }

  @AfterEach
  void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void npmClientDecodesWhatJavaWrites() throws Exception {
    Advisory sample = SampleRecords.sample(Advisory.class, 2021_44228);
    // every optional field is set by the sample; null some (top level and nested) to cover the
    // null branch of a union
    List<AffectedPackage> affected = new ArrayList<>(sample.getAffected());
    affected.set(0, AffectedPackage.newBuilder(affected.get(0)).setPackageKey(null).build());
    Advisory original =
        Advisory.newBuilder(sample)
            .setId("GHSA-jfh8-c2jp-5v3q")
            .setAliases(List.of("CVE-2021-44228", "GHSA-jfh8-c2jp-5v3q:alias-é✓"))
            .setWithdrawn(null)
            .setAffected(affected)
            .build();
    byte[] bytes =
        new SerdeFactory(SerdeConfig.confluent(registry.url()))
            .value(topic)
            .serialize(topic.name(), original);
    assertThat(bytes[0]).as("Confluent magic byte").isZero();
    int javaId = ByteBuffer.wrap(bytes, 1, 4).getInt();
    Path in = Files.write(work.resolve("java-written.bin"), bytes);
    Path out = work.resolve("node-decoded.json");

    node("decode", registry.url(), in.toString(), out.toString());

    JsonNode decoded = JSON.readTree(out.toFile());
    assertThat(decoded.path("id").asInt()).as("schema id node read").isEqualTo(javaId);
    JsonNode v = decoded.path("value");
    assertThat(v.path("id").asText()).isEqualTo("GHSA-jfh8-c2jp-5v3q");
    assertThat(texts(v.path("aliases"))).isEqualTo(original.getAliases());
    // timestamp-millis: avsc (no logical-type hooks) hands out plain numbers of epoch millis
    assertThat(v.path("modified").asLong()).isEqualTo(original.getModified().toEpochMilli());
    assertThat(v.path("published").asLong()).isEqualTo(original.getPublished().toEpochMilli());
    assertThat(v.path("ingestedAt").asLong()).isEqualTo(original.getIngestedAt().toEpochMilli());
    // nullable unions: unwrapped by avsc, null or the bare value
    assertThat(v.has("withdrawn")).isTrue();
    assertThat(v.path("withdrawn").isNull()).as("withdrawn").isTrue();
    assertThat(v.path("summary").asText()).isEqualTo(original.getSummary());
    assertThat(v.at("/severities/0/baseScore").asDouble())
        .isEqualTo(original.getSeverities().get(0).getBaseScore());
    JsonNode pkg = v.at("/affected/0");
    AffectedPackage origPkg = original.getAffected().get(0);
    assertThat(pkg.path("packageKey").isNull()).as("affected[0].packageKey").isTrue();
    assertThat(pkg.path("purl").asText()).isEqualTo(origPkg.getPurl());
    AffectedRange origRange = origPkg.getRanges().get(0);
    assertThat(pkg.at("/ranges/0/type").asText()).isEqualTo(origRange.getType().name());
    assertThat(pkg.at("/ranges/0/events")).hasSize(origRange.getEvents().size());
    for (int i = 0; i < origRange.getEvents().size(); i++) {
      JsonNode event = pkg.at("/ranges/0/events/" + i);
      assertThat(event.path("kind").asText())
          .isEqualTo(origRange.getEvents().get(i).getKind().name());
      assertThat(event.path("version").asText())
          .isEqualTo(origRange.getEvents().get(i).getVersion());
    }
    assertThat(v.at("/source/feed").asText()).isEqualTo(original.getSource().getFeed().name());
    // and every other field, in the same JSON mapping
    assertThat(normalized(v).toPrettyString())
        .as("node's decoding of every field")
        .isEqualTo(normalized(avscJson(Advisory.getClassSchema(), original)).toPrettyString());

    assertThat(registry.requests())
        .as("node fetched the writer schema by id")
        .anySatisfy(
            r -> {
              assertThat(r.method()).isEqualTo("GET");
              assertThat(r.path()).isEqualTo("/schemas/ids/" + javaId);
              assertThat(userAgent(r)).contains("confluent-schema-registry");
            });
  }

  @Test
  void javaDecodesWhatTheNpmClientWrites() throws Exception {
    Path bin = work.resolve("node-written.bin");
    Path json = work.resolve("node-written.json");

    node(
        "encode",
        registry.url(),
        moduleDir.resolve("src/main/avro").toString(),
        bin.toString(),
        json.toString());

    byte[] bytes = Files.readAllBytes(bin);
    JsonNode written = JSON.readTree(json.toFile());
    int nodeId = written.path("id").asInt();
    assertThat(bytes[0]).as("Confluent magic byte").isZero();
    assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(nodeId);
    assertThat(registry.requests())
        .as("kafkajs' registration: subject config, register, then set the subject's level")
        .extracting(r -> r.method() + " " + r.path())
        .containsSubsequence(
            "GET /config/vigil.advisories.v1-value",
            "POST /subjects/vigil.advisories.v1-value/versions",
            "PUT /config/vigil.advisories.v1-value");

    AvroSerde<Advisory> serde =
        new SerdeFactory(SerdeConfig.confluent(registry.url())).value(topic);
    Advisory a = serde.deserialize(topic.name(), bytes);

    assertThat(a.getId()).isEqualTo("GHSA-jfh8-c2jp-5v3q");
    assertThat(a.getAliases()).containsExactly("CVE-2021-44228");
    assertThat(a.getModified()).isEqualTo(Instant.ofEpochMilli(1_712_345_678_901L));
    assertThat(a.getPublished()).isEqualTo(Instant.ofEpochMilli(1_639_094_400_123L));
    assertThat(a.getIngestedAt()).isEqualTo(Instant.ofEpochMilli(1_764_000_000_000L));
    assertThat(a.getWithdrawn()).isNull();
    assertThat(a.getSummary()).isEqualTo("Remote code injection in Log4j — JNDI lookups ✓");
    assertThat(a.getDetails()).endsWith("… \uD83D\uDD25");
    assertThat(a.getDetailsTruncated()).isTrue();
    // left out in JS: avsc wrote the Avro defaults
    assertThat(a.getRelated()).isEmpty();
    assertThat(a.getUpstream()).isEmpty();
    assertThat(a.getDatabaseSeverity()).isNull();
    assertThat(a.getSeverities().get(0).getBaseScore()).isEqualTo(10.0);
    assertThat(a.getSeverities().get(0).getRating()).isEqualTo("CRITICAL");
    AffectedPackage pkg = a.getAffected().get(0);
    assertThat(pkg.getName()).isEqualTo("org.apache.logging.log4j:log4j-core");
    assertThat(pkg.getPackageKey()).isNull();
    assertThat(pkg.getVersions()).containsExactly("2.14.0", "2.14.1");
    assertThat(pkg.getSeverities().get(0).getBaseScore()).isNull();
    assertThat(pkg.getRanges()).hasSize(2);
    assertThat(pkg.getRanges().get(0).getType()).isEqualTo(RangeType.ECOSYSTEM);
    assertThat(pkg.getRanges().get(0).getRepo()).isNull();
    assertThat(pkg.getRanges().get(0).getEvents())
        .extracting(e -> e.getKind() + " " + e.getVersion())
        .containsExactly("INTRODUCED 2.13.0", "FIXED 2.15.0");
    assertThat(pkg.getRanges().get(1).getType()).isEqualTo(RangeType.GIT);
    assertThat(pkg.getRanges().get(1).getRepo())
        .isEqualTo("https://github.com/apache/logging-log4j2");
    assertThat(pkg.getRanges().get(1).getEvents().get(0).getKind())
        .isEqualTo(RangeEventKind.LAST_AFFECTED);
    assertThat(a.getSource().getFeed()).isEqualTo(Feed.GHSA);
    assertThat(a.getSource().getContentHash()).isNull();
    // and every field node set, in the same JSON mapping
    ObjectNode decoded = (ObjectNode) normalized(avscJson(Advisory.getClassSchema(), a));
    JsonNode sent = normalized(written.path("value"));
    sent.fieldNames()
        .forEachRemaining(
            f ->
                assertThat(decoded.get(f).toPrettyString())
                    .as("field %s", f)
                    .isEqualTo(sent.get(f).toPrettyString()));

    // the schema node built from the .avsc sources is the very schema Java writes with: Java
    // gets node's id back, and encodes the same record to the same bytes
    byte[] again = serde.serialize(topic.name(), a);
    assertThat(registry.schemaCount()).isEqualTo(1);
    assertThat(again).as("Java's encoding of the decoded record").isEqualTo(bytes);
  }

  // ---- node plumbing

  private static void node(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(NODE, "interop.js"));
    cmd.addAll(List.of(args));
    Result r = run(cmd, nodeDir, NODE_TIMEOUT);
    assertThat(r.exit())
        .as(
            "node %s exited %d%n--- stderr:%n%s%n--- stdout:%n%s",
            String.join(" ", args), r.exit(), r.stderr(), r.stdout())
        .isZero();
  }

  private record Result(int exit, String stdout, String stderr) {}

  /** Runs a command with output captured in files (no pipe can fill up); -1 on timeout. */
  private static Result run(List<String> cmd, Path dir, Duration timeout)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".log");
    Path err = Files.createTempFile(dir, "err", ".log");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .directory(dir.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      Map<String, String> env = pb.environment();
      env.put("npm_config_update_notifier", "false");
      env.put("NO_COLOR", "1");
      Process p = pb.start();
      int exit;
      if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        exit = p.exitValue();
      } else {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        exit = -1;
        Files.writeString(
            err,
            "\n[timed out after " + timeout.toSeconds() + " s: " + cmd + "]",
            StandardOpenOption.APPEND);
      }
      return new Result(
          exit,
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static java.io.File nullDevice() {
    return new java.io.File(WINDOWS ? "NUL" : "/dev/null");
  }

  /** {@code <exe> --version}, or null when it cannot be started (not on PATH). */
  private static String version(String exe) throws InterruptedException {
    try {
      Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
      Result r = run(List.of(exe, "--version"), tmp, NODE_TIMEOUT);
      return r.exit() == 0 ? r.stdout().trim() : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String userAgent(RecordedRequest r) {
    return r.headers().entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase("User-Agent"))
        .flatMap(e -> e.getValue().stream())
        .findFirst()
        .orElse("");
  }

  // ---- JSON mapping of Avro data as avsc hands it to JS

  /**
   * A record as avsc (without logical-type hooks) represents it in JS, as JSON: records as objects,
   * enums as symbol strings, nullable unions unwrapped (null or the value), timestamp-millis as
   * epoch millis, date as epoch days.
   */
  static JsonNode avscJson(Schema s, Object v) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    switch (s.getType()) {
      case RECORD:
        ObjectNode o = f.objectNode();
        for (Schema.Field field : s.getFields()) {
          o.set(field.name(), avscJson(field.schema(), ((IndexedRecord) v).get(field.pos())));
        }
        return o;
      case UNION:
        if (v == null) {
          return f.nullNode();
        }
        List<Schema> branches =
            s.getTypes().stream().filter(b -> b.getType() != Schema.Type.NULL).toList();
        assertThat(branches).as("only [null, T] unions are mapped here: %s", s).hasSize(1);
        return avscJson(branches.get(0), v);
      case ARRAY:
        ArrayNode a = f.arrayNode();
        for (Object item : (Iterable<?>) v) {
          a.add(avscJson(s.getElementType(), item));
        }
        return a;
      case ENUM:
      case STRING:
        return f.textNode(v.toString());
      case LONG:
        long l = v instanceof Instant i ? i.toEpochMilli() : (Long) v;
        return f.numberNode(l);
      case INT:
        int n = v instanceof LocalDate d ? (int) d.toEpochDay() : (Integer) v;
        return f.numberNode(n);
      case DOUBLE:
        return f.numberNode((Double) v);
      case FLOAT:
        return f.numberNode((Float) v);
      case BOOLEAN:
        return f.booleanNode((Boolean) v);
      case NULL:
        return f.nullNode();
      default:
        throw new IllegalArgumentException("not mapped: " + s);
    }
  }

  /** Numbers as canonical decimals, so 10 (JS) and 10.0 (Java double) compare equal. */
  static JsonNode normalized(JsonNode n) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (n.isNumber()) {
      BigDecimal d = n.decimalValue().stripTrailingZeros();
      return f.numberNode(d.scale() < 0 ? d.setScale(0) : d);
    }
    if (n.isArray()) {
      ArrayNode a = f.arrayNode();
      n.forEach(e -> a.add(normalized(e)));
      return a;
    }
    if (n.isObject()) {
      ObjectNode o = f.objectNode();
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        o.set(e.getKey(), normalized(e.getValue()));
      }
      return o;
    }
    return n;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(e -> out.add(e.asText()));
    return out;
  }
}
