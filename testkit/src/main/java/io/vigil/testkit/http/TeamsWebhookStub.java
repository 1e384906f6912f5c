package io.vigil.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for a Microsoft Teams Workflows webhook ("When a Teams webhook request is received"):
 * {@code 202 Accepted} for a message with an Adaptive Card attachment; {@code 400} with {@code
 * {"error":{"code":"InvalidRequestContent",…}}} otherwise; {@code 429} with {@code Retry-After}
 * when told to.
 */
public final class TeamsWebhookStub extends StubHttpServer {
  public static final String PATH = "/workflows/0123456789abcdef/triggers/manual/paths/invoke";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final AtomicInteger rateLimited = new AtomicInteger();

  public TeamsWebhookStub() {
    super(r -> Response.text(500, "not ready"));
    handler(this::answer);
  }

  public String webhookUrl() {
    return url() + PATH + "?api-version=2016-06-01&sig=TESTSIGNATURE0123456789";
  }

  public void rateLimitNext(int n) {
    rateLimited.set(n);
  }

  private Response answer(RecordedRequest r) {
    if (!"POST".equals(r.method()) || !PATH.equals(r.path())) {
      return Response.json(
          404, "{\"error\":{\"code\":\"TriggerNotFound\",\"message\":\"not found\"}}");
    }
    if (rateLimited.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return Response.json(
              429,
              "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"Rate limit is exceeded.\"}}")
          .withHeader("Retry-After", "1");
    }
    JsonNode body;
    try {
      body = JSON.readTree(r.body());
    } catch (IOException e) {
      return invalid("The request content is not valid JSON.");
    }
    JsonNode att = body.path("attachments").path(0);
    if (!"message".equals(body.path("type").asText())
        || !"application/vnd.microsoft.card.adaptive".equals(att.path("contentType").asText())
        || !"AdaptiveCard".equals(att.path("content").path("type").asText())
        || !att.path("content").path("body").isArray()) {
      return invalid("The request must be a message with an Adaptive Card attachment.");
    }
    return new Response(202, java.util.Map.of(), new byte[0], 0);
  }

  private static Response invalid(String message) {
    return Response.json(
        400, "{\"error\":{\"code\":\"InvalidRequestContent\",\"message\":\"" + message + "\"}}");
  }
}
