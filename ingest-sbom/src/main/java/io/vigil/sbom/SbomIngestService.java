package io.vigil.sbom;

import io.vigil.core.sbom.SbomDocument;
import io.vigil.core.sbom.SbomParseException;
import io.vigil.core.sbom.SbomParser;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.platform.http.HttpError;
import io.vigil.platform.http.HttpRequest;
import io.vigil.platform.http.HttpResponse;
import io.vigil.platform.http.HttpSecurity;
import io.vigil.platform.http.HttpService;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.metrics.Metrics;
import io.vigil.schemas.Topic;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SBOM upload API: {@code POST /api/v1/sbom?project=NAME&version=V} with the document as the
 * body. The document is parsed, turned into component events and acknowledged by the broker
 * (acks=all, idempotent producer) before the response says 202 with the submission token.
 */
public final class SbomIngestService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SbomIngestService.class);

  private final IngestSbomConfig config;
  private final Topic<String, ComponentEvent> topic;
  private final KafkaProducer<String, ComponentEvent> producer;
  private final HttpService http;
  private final Metrics metrics;

  public SbomIngestService(KafkaSettings kafka, IngestSbomConfig config, Metrics metrics) {
    this(kafka, config, metrics, HttpSecurity.none());
  }

  /** With API keys / TLS on the upload API (the config file's {@code http} section). */
  public SbomIngestService(
      KafkaSettings kafka, IngestSbomConfig config, Metrics metrics, HttpSecurity security) {
    this.config = config;
    this.metrics = metrics;
    this.topic = kafka.catalog().components();
    this.producer =
        new KafkaProducer<>(
            kafka.producer("vigil-ingest-sbom"),
            new StringSerializer(),
            kafka.serdeFactory().value(topic));
    if (metrics != null) {
      metrics.bindKafkaClient(producer);
      metrics.pipeline().registerSbomMeters();
    }
    this.http =
        HttpService.builder("ingest-sbom")
            .port(config.httpPort())
            .metrics(metrics)
            .security(security)
            .route("POST", "/api/v1/sbom", this::upload)
            .start();
  }

  /** Base URL of the API. */
  public String url() {
    return http.url();
  }

  private HttpResponse upload(HttpRequest req) throws Exception {
    String project = req.query("project");
    if (project == null || project.isBlank()) {
      throw HttpError.badRequest("query parameter 'project' is required");
    }
    String version = req.query("version");
    byte[] body = req.bodyBytes(config.maxDocumentBytes());
    SbomDocument doc;
    try {
      doc = SbomParser.parse(body);
    } catch (SbomParseException e) {
      if (metrics != null) {
        metrics.pipeline().sbomRejected();
      }
      throw new HttpError(400, "invalid_sbom", e.getMessage(), e.violations());
    }
    String token = UUID.randomUUID().toString();
    Instant received = Instant.now();
    String projectId = config.projectId(project, version);
    List<ComponentEvent> events =
        ComponentEvents.added(doc, projectId, project, version, token, received);
    List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
    for (ComponentEvent e : events) {
      acks.add(producer.send(new ProducerRecord<>(topic.name(), projectId, e)));
    }
    producer.flush();
    for (Future<RecordMetadata> f : acks) {
      f.get();
    }
    if (metrics != null) {
      metrics.pipeline().sbomAccepted(events.size(), doc.componentsWithoutPurl());
    }
    log.info(
        "SBOM {} for {}: {} components ({} without purl)",
        token,
        projectId,
        events.size(),
        doc.componentsWithoutPurl());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("token", token);
    out.put("project", project);
    out.put("version", version);
    out.put("components", events.size());
    out.put("componentsWithoutPurl", doc.componentsWithoutPurl());
    return HttpResponse.json(202, out);
  }

  @Override
  public void close() {
    http.close();
    producer.close();
  }
}
