package io.vigil.alerting.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.alerting.channel.DeliveryException.Reason;
import io.vigil.alerting.render.RichText;
import io.vigil.platform.config.Secret;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small Jira REST client on the JDK HTTP client, for Jira Cloud (REST v3: ADF bodies, {@code POST
 * /rest/api/3/search/jql}) and Server/Data Center (REST v2: wiki-markup bodies, {@code POST
 * /rest/api/2/search}). Errors become {@link DeliveryException}s: 400 (with Jira's {@code
 * errorMessages} and field {@code errors}), 401/403 and 404 are final; 429 (with {@code
 * Retry-After}) and 5xx are retried.
 */
public final class JiraClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An issue as a search returns it. */
  public record Issue(String id, String key, String status, String statusCategory) {
    public boolean done() {
      return "done".equalsIgnoreCase(statusCategory);
    }
  }

  /** A transition available on an issue. */
  public record Transition(String id, String name, String to) {}

  private final String baseUrl;
  private final boolean cloud;
  private final String auth;
  private final Http http;

  /**
   * @param user Cloud account e-mail (basic auth with the API token), or null for a bearer token
   *     (Server/Data Center personal access token)
   */
  public JiraClient(String baseUrl, boolean cloud, String user, Secret token, Duration timeout) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.cloud = cloud;
    String credentials =
        user == null
            ? token.reveal()
            : Base64.getEncoder()
                .encodeToString((user + ":" + token.reveal()).getBytes(StandardCharsets.UTF_8));
    this.auth = (user == null ? "Bearer " : "Basic ") + credentials;
    // a server that echoes the Authorization header must not leak it either
    this.http = new Http(timeout, Redactor.of(token, Secret.of(credentials)));
  }

  public boolean cloud() {
    return cloud;
  }

  private String api() {
    return baseUrl + (cloud ? "/rest/api/3" : "/rest/api/2");
  }

  /** The first issue a JQL query finds (oldest first when the query orders so). */
  public Optional<Issue> findFirst(String jql) throws DeliveryException, InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    body.put("jql", jql);
    body.put("maxResults", 1);
    ArrayNode fields = body.putArray("fields");
    fields.add("status");
    fields.add("labels");
    String path = cloud ? "/search/jql" : "/search";
    JsonNode r = call("POST", api() + path, body, "Jira search");
    JsonNode issues = r.path("issues");
    if (!issues.isArray() || issues.isEmpty()) {
      return Optional.empty();
    }
    JsonNode i = issues.get(0);
    JsonNode status = i.path("fields").path("status");
    return Optional.of(
        new Issue(
            i.path("id").asText(null),
            i.path("key").asText(),
            status.path("name").asText(null),
            status.path("statusCategory").path("key").asText(null)));
  }

  /** Creates an issue from its {@code fields}; returns its key. */
  public String create(ObjectNode fields) throws DeliveryException, InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    body.set("fields", fields);
    JsonNode r = call("POST", api() + "/issue", body, "Jira create issue");
    String key = r.path("key").asText(null);
    if (key == null) {
      throw DeliveryException.retryable(
          Reason.SERVER_ERROR, "Jira create issue: the answer has no issue key");
    }
    return key;
  }

  /** Adds a comment (ADF on Cloud, wiki markup on Server/DC). */
  public void comment(String issueKey, RichText text)
      throws DeliveryException, InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    if (cloud) {
      body.set("body", text.toAdf());
    } else {
      body.put("body", text.toWiki());
    }
    call("POST", api() + "/issue/" + enc(issueKey) + "/comment", body, "Jira comment");
  }

  /** Whether a recent comment (the last 100) contains this text. */
  public boolean hasComment(String issueKey, String marker)
      throws DeliveryException, InterruptedException {
    JsonNode r =
        call(
            "GET",
            api() + "/issue/" + enc(issueKey) + "/comment?maxResults=100&orderBy=-created",
            null,
            "Jira comments");
    for (JsonNode c : r.path("comments")) {
      if (c.path("body").toString().contains(marker)) {
        return true;
      }
    }
    return false;
  }

  public List<Transition> transitions(String issueKey)
      throws DeliveryException, InterruptedException {
    JsonNode r =
        call("GET", api() + "/issue/" + enc(issueKey) + "/transitions", null, "Jira transitions");
    List<Transition> out = new ArrayList<>();
    for (JsonNode t : r.path("transitions")) {
      out.add(
          new Transition(
              t.path("id").asText(), t.path("name").asText(), t.path("to").path("name").asText()));
    }
    return out;
  }

  /** Takes the transition whose name, or target status name, is {@code wanted}. */
  public boolean transition(String issueKey, String wanted)
      throws DeliveryException, InterruptedException {
    Transition match = null;
    for (Transition t : transitions(issueKey)) {
      if (t.name().equalsIgnoreCase(wanted) || t.to().equalsIgnoreCase(wanted)) {
        match = t;
        break;
      }
    }
    if (match == null) {
      throw DeliveryException.permanent(
          Reason.REJECTED,
          "Jira issue " + issueKey + " has no transition named '" + wanted + "' in its workflow");
    }
    ObjectNode body = JSON.createObjectNode();
    body.putObject("transition").put("id", match.id());
    call("POST", api() + "/issue/" + enc(issueKey) + "/transitions", body, "Jira transition");
    return true;
  }

  /** Sets an issue's priority. */
  public void setPriority(String issueKey, String priority)
      throws DeliveryException, InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("fields").putObject("priority").put("name", priority);
    call("PUT", api() + "/issue/" + enc(issueKey), body, "Jira edit priority");
  }

  private JsonNode call(String method, String url, ObjectNode body, String what)
      throws DeliveryException, InterruptedException {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", auth);
    headers.put("Accept", "application/json");
    if (body != null) {
      headers.put("Content-Type", "application/json");
    }
    Http.Response r =
        http.send(
            method,
            url,
            headers,
            body == null ? null : body.toString().getBytes(StandardCharsets.UTF_8),
            what);
    int s = r.status();
    if (r.ok()) {
      if (r.body().isBlank()) {
        return JSON.createObjectNode();
      }
      try {
        return JSON.readTree(r.body());
      } catch (IOException e) {
        throw DeliveryException.retryable(Reason.SERVER_ERROR, what + ": the answer is not JSON");
      }
    }
    String detail = errors(r.body());
    if (s == 429) {
      throw DeliveryException.rateLimited(
          what + ": rate limited (429)", r.retryAfter(Duration.ofSeconds(5)));
    }
    if (s >= 500) {
      throw DeliveryException.retryable(
          Reason.SERVER_ERROR, what + ": HTTP " + s + (detail.isEmpty() ? "" : ": " + detail));
    }
    if (s == 401 || s == 403) {
      throw DeliveryException.permanent(
          Reason.AUTH,
          what
              + ": Jira refused the credentials (HTTP "
              + s
              + ")"
              + (detail.isEmpty() ? "" : ": " + detail));
    }
    throw DeliveryException.permanent(
        Reason.REJECTED, what + ": HTTP " + s + (detail.isEmpty() ? "" : ": " + detail));
  }

  /** Jira's error body ({@code errorMessages}, field {@code errors}) as one safe line. */
  private String errors(String body) {
    try {
      JsonNode n = JSON.readTree(body);
      List<String> parts = new ArrayList<>();
      for (JsonNode m : n.path("errorMessages")) {
        parts.add(m.asText());
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = n.path("errors").fields(); it.hasNext(); ) {
        var e = it.next();
        parts.add(e.getKey() + ": " + e.getValue().asText());
      }
      if (!parts.isEmpty()) {
        return http.safe(String.join("; ", parts));
      }
    } catch (IOException | RuntimeException notJson) {
      // fall through to the raw text
    }
    return http.safe(body);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
