package io.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.deploy.EmbeddedKafka;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.kafka.TopicAdmin;
import io.vigil.sbom.Submissions;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;

/**
 * The largest SBOM ingest-sbom takes at a given heap: for each size, a fresh ingest-sbom child JVM
 * ({@link SbomIngestProcess}, {@code -Xmx<heap> -XX:+ExitOnOutOfMemoryError}, the document limits
 * raised so that only the heap decides) receives {@code --parallel} uploads of a CycloneDX JSON
 * SBOM of that many components at once (each a new project), and the bench waits for each final
 * status. One JSON line per size: {@code completed} (all uploads' events committed), {@code died}
 * (the child ran out of heap), {@code unfinished} (still PROCESSING 15 minutes after the upload's
 * answer) or {@code rejected}. The broker runs in the bench's JVM, as a separate broker would in
 * production.
 *
 * <pre>
 * ./vigil bench sbom-heap --heap 460m --sizes 50000,100000,150000,200000 [--parallel 1]
 *     [--budget BYTES]   # ingestSbom.documentBudgetBytes of the child (default: no budget)
 * </pre>
 *
 * Components look like {@code {"type":"library","bom-ref":"cN","group":"com.example.gK",
 * "name":"lib-N","version":"1.0.N","purl":"pkg:maven/com.example.gK/lib-N@1.0.N"}}: about 160 bytes
 * each, so 100,000 components are 16 MB.
 */
public final class SbomHeapBench {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SbomHeapBench() {}

  public static void main(String[] args) throws Exception {
    String heap = "460m";
    List<Integer> sizes = new ArrayList<>(List.of(50_000, 100_000, 150_000, 200_000));
    int parallel = 1;
    long budget = Long.MAX_VALUE / 2;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--heap" -> heap = args[++i];
        case "--sizes" -> {
          sizes.clear();
          for (String s : args[++i].split(",")) {
            sizes.add(Integer.parseInt(s.strip()));
          }
        }
        case "--parallel" -> parallel = Integer.parseInt(args[++i]);
        case "--budget" -> budget = Long.parseLong(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    try (EmbeddedKafka broker = EmbeddedKafka.start()) {
      for (int size : sizes) {
        String prefix = "heap" + UUID.randomUUID().toString().substring(0, 8) + ".";
        Path state = Files.createTempDirectory("vigil-sbom-heap-");
        KafkaSettings kafka =
            new KafkaSettings(broker.bootstrapServers(), Map.of(), prefix, (short) 1, null, state);
        try (Admin admin = Admin.create(kafka.admin())) {
          TopicAdmin.ensure(admin, kafka.catalog().all());
        }
        byte[] plain = components(size);
        byte[] document = Submissions.gzip(plain);
        Object[] child =
            SbomIngestProcess.start(
                heap,
                broker.bootstrapServers(),
                prefix,
                state,
                new long[] {Integer.MAX_VALUE, Long.MAX_VALUE / 2, budget});
        Process p = (Process) child[0];
        String url = (String) child[1];
        long t0 = System.nanoTime();
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<String>> uploads = new ArrayList<>();
        for (int u = 0; u < parallel; u++) {
          String project = "p" + size + "-" + u;
          uploads.add(CompletableFuture.supplyAsync(() -> upload(http, url, project, document)));
        }
        List<String> outcomes = new ArrayList<>();
        for (CompletableFuture<String> f : uploads) {
          outcomes.add(f.join());
        }
        boolean died = !p.isAlive() || outcomes.contains("died");
        String outcome =
            died
                ? "died"
                : outcomes.stream().allMatch("COMPLETED"::equals)
                    ? "completed"
                    : outcomes.contains("PROCESSING") ? "unfinished" : "rejected";
        System.out.println(
            "{\"bench\":\"sbom-heap\",\"date\":\""
                + Instant.now()
                + "\",\"heap\":\""
                + heap
                + "\",\"components\":"
                + size
                + ",\"document_bytes\":"
                + plain.length
                + ",\"parallel\":"
                + parallel
                + ",\"outcome\":\""
                + outcome
                + "\",\"states\":\""
                + String.join(",", outcomes)
                + "\",\"seconds\":"
                + (System.nanoTime() - t0) / 1_000_000_000L
                + "}");
        CorrelatorProcess.stop(p);
      }
    }
    System.exit(0);
  }

  /** Uploads and waits for the final state: COMPLETED, REJECTED, or died. */
  private static String upload(HttpClient http, String url, String project, byte[] gz) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/api/v1/sbom?project=" + project))
                  .header("Content-Encoding", "gzip")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(gz))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 202) {
        return "HTTP " + r.statusCode();
      }
      JsonNode body = JSON.readTree(r.body());
      String token = body.path("token").asText();
      String state = body.path("state").asText();
      long deadline = System.nanoTime() + 15L * 60 * 1_000_000_000L;
      while (state.equals("PROCESSING") && System.nanoTime() < deadline) {
        Thread.sleep(1_000);
        HttpResponse<String> s =
            http.send(
                HttpRequest.newBuilder(URI.create(url + "/api/v1/sbom/" + token)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        state = JSON.readTree(s.body()).path("state").asText();
      }
      return state;
    } catch (java.io.IOException e) {
      return "died";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** A CycloneDX 1.5 JSON document of {@code count} distinct Maven components. */
  static byte[] components(int count) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(count * 170);
    write(
        out, "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,\"components\":[");
    for (int i = 0; i < count; i++) {
      int g = i % 97;
      write(
          out,
          (i == 0 ? "" : ",")
              + "{\"type\":\"library\",\"bom-ref\":\"c"
              + i
              + "\",\"group\":\"com.example.g"
              + g
              + "\",\"name\":\"lib-"
              + i
              + "\",\"version\":\"1.0."
              + i
              + "\",\"purl\":\"pkg:maven/com.example.g"
              + g
              + "/lib-"
              + i
              + "@1.0."
              + i
              + "\"}");
    }
    write(out, "]}");
    return out.toByteArray();
  }

  private static void write(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }
}
