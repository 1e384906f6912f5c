package io.vigil.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in for Jira: Cloud (REST v3, ADF descriptions and comments, {@code POST
 * /rest/api/3/search/jql}; the retired {@code /rest/api/3/search} answers 410) or Server/Data
 * Center (REST v2, wiki-markup strings, {@code /rest/api/2/search}), with an in-memory issue store.
 *
 * <p>It validates what real Jira validates and answers with Jira's error shapes: 400 {@code
 * {"errorMessages":[],"errors":{"priority":"…"}}} for an unknown project, issue type, priority or
 * component, a label with spaces, a missing summary, a description of the wrong kind; 401 for
 * missing or wrong credentials; 400 for JQL it does not understand. JQL: clauses joined by {@code
 * AND} over {@code project}, {@code labels} ({@code =} or {@code in (…)}), {@code key}, {@code
 * status}, {@code statusCategory}, with {@code ORDER BY created ASC|DESC}. Workflow: To Do → In
 * Progress → Done (transition ids 11, 21, 31), Done → Reopen (41) → To Do. Faults on demand: the
 * next requests answer 429 with {@code Retry-After}, 503, or wait (timeouts); {@link #latency}
 * delays every answer.
 */
public final class JiraStub extends StubHttpServer {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> PRIORITIES =
      Set.of("Highest", "High", "Medium", "Low", "Lowest");
  private static final Set<String> ISSUE_TYPES = Set.of("Bug", "Task", "Story", "Vulnerability");

  /** An issue as stored. */
  public static final class Issue {
    public final String id;
    public final String key;
    public final String project;
    public final ObjectNode fields;
    public String status = "To Do";
    public final List<JsonNode> comments = new ArrayList<>();
    public final List<String> transitions = new ArrayList<>();
    final long created;

    Issue(String id, String key, String project, ObjectNode fields, long created) {
      this.id = id;
      this.key = key;
      this.project = project;
      this.fields = fields;
      this.created = created;
    }

    public List<String> labels() {
      List<String> out = new ArrayList<>();
      fields.path("labels").forEach(l -> out.add(l.asText()));
      return out;
    }

    public String summary() {
      return fields.path("summary").asText();
    }

    public String priority() {
      return fields.path("priority").path("name").asText(null);
    }

    public String statusCategory() {
      return category(status);
    }
  }

  private record Fault(int status, String body, Map<String, String> headers, long delayMillis) {}

  private final boolean cloud;
  private final String authorization;
  private final Set<String> projects = new LinkedHashSet<>();
  private final Set<String> components = new LinkedHashSet<>();
  private final Map<String, Issue> issues = new LinkedHashMap<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private volatile long latencyMillis;
  private final java.util.concurrent.atomic.AtomicInteger slowCreates =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile long slowCreateMillis;
  private long sequence;

  private JiraStub(boolean cloud, String authorization, String... projectKeys) {
    super(r -> Response.text(500, "not ready"));
    this.cloud = cloud;
    this.authorization = authorization;
    this.projects.addAll(List.of(projectKeys));
    handler(this::answer);
  }

  /** Jira Cloud: basic auth with an account e-mail and API token. */
  public static JiraStub cloud(String email, String apiToken, String... projectKeys) {
    return new JiraStub(
        true,
        "Basic "
            + Base64.getEncoder()
                .encodeToString((email + ":" + apiToken).getBytes(StandardCharsets.UTF_8)),
        projectKeys);
  }

  /** Jira Server/Data Center: a bearer personal access token. */
  public static JiraStub server(String pat, String... projectKeys) {
    return new JiraStub(false, "Bearer " + pat, projectKeys);
  }

  public synchronized JiraStub withComponents(String... names) {
    components.addAll(List.of(names));
    return this;
  }

  /** The next {@code n} requests answer {@code status} with this body and headers. */
  public synchronized void failNext(int n, int status, String body, Map<String, String> headers) {
    for (int i = 0; i < n; i++) {
      faults.add(new Fault(status, body, headers, 0));
    }
  }

  /** The next {@code n} requests get 429 with {@code Retry-After: seconds}. */
  public void rateLimitNext(int n, int seconds) {
    failNext(
        n,
        429,
        "{\"errorMessages\":[\"Rate limit exceeded.\"],\"errors\":{}}",
        Map.of("Retry-After", Integer.toString(seconds)));
  }

  /** The next {@code n} requests wait this long before being handled (client timeouts). */
  public synchronized void stallNext(int n, long millis) {
    for (int i = 0; i < n; i++) {
      faults.add(new Fault(0, null, Map.of(), millis));
    }
  }

  /**
   * The next {@code n} issue creations are made at once but answered only after {@code millis}: a
   * client with a shorter timeout gives up on an issue that exists.
   */
  public void slowCreateNext(int n, long millis) {
    slowCreateMillis = millis;
    slowCreates.set(n);
  }

  /** Every answer waits this long. */
  public void latency(long millis) {
    latencyMillis = millis;
  }

  public synchronized List<Issue> issues() {
    return List.copyOf(issues.values());
  }

  public synchronized Issue issue(String key) {
    return issues.get(key);
  }

  public synchronized List<Issue> issuesWithLabel(String label) {
    return issues.values().stream().filter(i -> i.labels().contains(label)).toList();
  }

  private Response answer(RecordedRequest r) throws Exception {
    Fault f;
    synchronized (this) {
      f = faults.poll();
    }
    if (f != null && f.delayMillis() > 0) {
      Thread.sleep(f.delayMillis());
      f = null; // a stalled request is then handled (the client has usually given up)
    }
    Response resp;
    if (f != null) {
      resp = Response.json(f.status(), f.body());
      for (var h : f.headers().entrySet()) {
        resp = resp.withHeader(h.getKey(), h.getValue());
      }
    } else {
      resp = route(r);
      if (r.method().equals("POST")
          && r.path().endsWith("/issue")
          && slowCreates.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        return resp.delayed(slowCreateMillis);
      }
    }
    return latencyMillis > 0 ? resp.delayed(latencyMillis) : resp;
  }

  private synchronized Response route(RecordedRequest r) throws IOException {
    if (!authorization.equals(r.header("Authorization"))) {
      return Response.json(
          401,
          "{\"errorMessages\":[\"You are not authenticated. Authentication required to perform this operation.\"],\"errors\":{}}");
    }
    String api = cloud ? "/rest/api/3" : "/rest/api/2";
    String p = r.path();
    if (cloud && p.equals("/rest/api/3/search")) {
      return Response.json(
          410,
          "{\"errorMessages\":[\"The requested API has been removed. Please migrate to the /rest/api/3/search/jql API.\"],\"errors\":{}}");
    }
    if (!p.startsWith(api + "/")) {
      return Response.json(404, "{\"errorMessages\":[\"Not found\"],\"errors\":{}}");
    }
    String rest = p.substring(api.length());
    String m = r.method();
    if ((cloud && rest.equals("/search/jql") && m.equals("POST"))
        || (!cloud && rest.equals("/search") && (m.equals("POST") || m.equals("GET")))) {
      String jql;
      int max;
      if (m.equals("GET")) {
        Map<String, String> q = query(r.query());
        jql = q.getOrDefault("jql", "");
        max = Integer.parseInt(q.getOrDefault("maxResults", "50"));
      } else {
        JsonNode b = JSON.readTree(r.body());
        jql = b.path("jql").asText("");
        max = b.path("maxResults").asInt(50);
      }
      return search(jql, max);
    }
    if (rest.equals("/issue") && m.equals("POST")) {
      return create(JSON.readTree(r.body()));
    }
    Matcher im = Pattern.compile("/issue/([^/]+)(/comment|/transitions)?").matcher(rest);
    if (!im.matches()) {
      return Response.json(404, "{\"errorMessages\":[\"Not found\"],\"errors\":{}}");
    }
    Issue issue = issues.get(URLDecoder.decode(im.group(1), StandardCharsets.UTF_8));
    if (issue == null) {
      return Response.json(
          404,
          "{\"errorMessages\":[\"Issue does not exist or you do not have permission to see it.\"],\"errors\":{}}");
    }
    String sub = im.group(2);
    if (sub == null) {
      if (m.equals("GET")) {
        return Response.json(200, issueJson(issue).toString());
      }
      if (m.equals("PUT")) {
        JsonNode f = JSON.readTree(r.body()).path("fields");
        if (f.has("priority")) {
          String pr = f.path("priority").path("name").asText();
          if (!PRIORITIES.contains(pr)) {
            return fieldError("priority", "Priority name '" + pr + "' is not valid");
          }
          issue.fields.set("priority", f.get("priority"));
        }
        return new Response(204, Map.of(), new byte[0], 0);
      }
    }
    if ("/comment".equals(sub)) {
      if (m.equals("GET")) {
        ObjectNode out = JSON.createObjectNode();
        out.put("startAt", 0).put("maxResults", 100).put("total", issue.comments.size());
        ArrayNode cs = out.putArray("comments");
        for (int i = 0; i < issue.comments.size(); i++) {
          cs.addObject().put("id", Integer.toString(10000 + i)).set("body", issue.comments.get(i));
        }
        return Response.json(200, out.toString());
      }
      if (m.equals("POST")) {
        JsonNode body = JSON.readTree(r.body()).path("body");
        if (cloud ? !isAdf(body) : !body.isTextual()) {
          return fieldError(
              "comment", cloud ? "Comment body is not valid!" : "Comment body can not be empty!");
        }
        issue.comments.add(body);
        ObjectNode out = JSON.createObjectNode();
        out.put("id", Integer.toString(10000 + issue.comments.size() - 1));
        out.set("body", body);
        return Response.json(201, out.toString());
      }
    }
    if ("/transitions".equals(sub)) {
      if (m.equals("GET")) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode ts = out.putArray("transitions");
        for (String[] t : transitionsFrom(issue.status)) {
          ObjectNode o = ts.addObject().put("id", t[0]).put("name", t[1]);
          o.putObject("to")
              .put("name", t[2])
              .putObject("statusCategory")
              .put("key", category(t[2]));
        }
        return Response.json(200, out.toString());
      }
      if (m.equals("POST")) {
        String id = JSON.readTree(r.body()).path("transition").path("id").asText();
        for (String[] t : transitionsFrom(issue.status)) {
          if (t[0].equals(id)) {
            issue.status = t[2];
            issue.transitions.add(t[1]);
            return new Response(204, Map.of(), new byte[0], 0);
          }
        }
        return Response.json(
            400,
            "{\"errorMessages\":[\"Transition id '"
                + id
                + "' is not valid for this issue.\"],\"errors\":{}}");
      }
    }
    return Response.json(405, "{\"errorMessages\":[\"Method not allowed\"],\"errors\":{}}");
  }

  private Response create(JsonNode body) {
    JsonNode f = body.path("fields");
    Map<String, String> errors = new LinkedHashMap<>();
    String project = f.path("project").path("key").asText(null);
    if (project == null || !projects.contains(project)) {
      errors.put("project", "valid project is required");
    }
    String type = f.path("issuetype").path("name").asText(null);
    if (type == null || !ISSUE_TYPES.contains(type)) {
      errors.put("issuetype", "valid issue type is required");
    }
    String summary = f.path("summary").asText("");
    if (summary.isBlank()) {
      errors.put("summary", "You must specify a summary of the issue.");
    } else if (summary.length() > 255) {
      errors.put("summary", "Summary must be less than 255 characters.");
    }
    JsonNode d = f.path("description");
    if (!d.isMissingNode() && !d.isNull() && (cloud ? !isAdf(d) : !d.isTextual())) {
      errors.put(
          "description",
          cloud
              ? "Operation value must be an Atlassian Document (see the Atlassian Document Format)"
              : "Operation value must be a string");
    }
    if (f.has("priority")) {
      String pr = f.path("priority").path("name").asText();
      if (!PRIORITIES.contains(pr)) {
        errors.put("priority", "Priority name '" + pr + "' is not valid");
      }
    }
    for (JsonNode l : f.path("labels")) {
      if (l.asText().chars().anyMatch(Character::isWhitespace)) {
        errors.put("labels", "The label '" + l.asText() + "' contains spaces which is invalid.");
      }
    }
    for (JsonNode c : f.path("components")) {
      if (!components.contains(c.path("name").asText())) {
        errors.put("components", "Component name '" + c.path("name").asText() + "' is not valid");
      }
    }
    if (f.has("assignee")) {
      String who = f.path("assignee").path(cloud ? "accountId" : "name").asText(null);
      if (who == null) {
        errors.put(
            "assignee", cloud ? "Specify the user by accountId" : "Specify the user by name");
      }
    }
    if (!errors.isEmpty()) {
      ObjectNode out = JSON.createObjectNode();
      out.putArray("errorMessages");
      ObjectNode e = out.putObject("errors");
      errors.forEach(e::put);
      return Response.json(400, out.toString());
    }
    sequence++;
    long n = issues.values().stream().filter(i -> i.project.equals(project)).count() + 1;
    String id = Long.toString(10000 + sequence);
    String key = project + "-" + n;
    issues.put(key, new Issue(id, key, project, (ObjectNode) f.deepCopy(), sequence));
    String self = url() + (cloud ? "/rest/api/3" : "/rest/api/2") + "/issue/" + id;
    return Response.json(
        201, JSON.createObjectNode().put("id", id).put("key", key).put("self", self).toString());
  }

  private Response search(String jql, int max) {
    Predicate<Issue> filter;
    Comparator<Issue> order = Comparator.comparingLong(i -> i.created);
    try {
      String q = jql.trim();
      Matcher ob = Pattern.compile("(?i)\\s*ORDER BY\\s+created\\s*(ASC|DESC)?\\s*$").matcher(q);
      if (ob.find()) {
        if ("DESC".equalsIgnoreCase(ob.group(1))) {
          order = order.reversed();
        }
        q = q.substring(0, ob.start());
      }
      filter = parse(q);
    } catch (IllegalArgumentException e) {
      return Response.json(
          400,
          JSON.createObjectNode()
              .set(
                  "errorMessages",
                  JSON.createArrayNode().add("Error in the JQL Query: " + e.getMessage()))
              .toString());
    }
    List<Issue> found = issues.values().stream().filter(filter).sorted(order).toList();
    ObjectNode out = JSON.createObjectNode();
    ArrayNode is = out.putArray("issues");
    found.stream().limit(max).forEach(i -> is.add(issueJson(i)));
    if (cloud) {
      out.put("isLast", found.size() <= max);
    } else {
      out.put("startAt", 0).put("maxResults", max).put("total", found.size());
    }
    return Response.json(200, out.toString());
  }

  private static final Pattern CLAUSE =
      Pattern.compile(
          "(?i)\\s*(project|labels|key|status|statusCategory)\\s*(=|in)\\s*(\\(([^)]*)\\)|\"((?:[^\"\\\\]|\\\\.)*)\"|([^\\s\"()]+))\\s*");

  private static Predicate<Issue> parse(String q) {
    Predicate<Issue> all = i -> true;
    if (q.isBlank()) {
      return all;
    }
    for (String part : q.split("(?i)\\s+AND\\s+")) {
      Matcher m = CLAUSE.matcher(part);
      if (!m.matches()) {
        throw new IllegalArgumentException("cannot parse '" + part.trim() + "'");
      }
      String field = m.group(1).toLowerCase(Locale.ROOT);
      List<String> values = new ArrayList<>();
      if (m.group(4) != null) {
        for (String v : m.group(4).split(",")) {
          values.add(unquote(v.trim()));
        }
      } else {
        values.add(m.group(5) != null ? m.group(5).replace("\\\"", "\"") : m.group(6));
      }
      if (m.group(2).equalsIgnoreCase("=") && values.size() != 1) {
        throw new IllegalArgumentException("'=' takes one value");
      }
      Predicate<Issue> c =
          switch (field) {
            case "project" -> i -> values.contains(i.project);
            case "labels" -> i -> i.labels().stream().anyMatch(values::contains);
            case "key" -> i -> values.contains(i.key);
            case "status" -> i -> values.stream().anyMatch(v -> v.equalsIgnoreCase(i.status));
            default ->
                i ->
                    values.stream()
                        .anyMatch(
                            v ->
                                v.equalsIgnoreCase(i.statusCategory())
                                    || v.equalsIgnoreCase(categoryName(i.status)));
          };
      all = all.and(c);
    }
    return all;
  }

  private static String unquote(String v) {
    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")
        ? v.substring(1, v.length() - 1)
        : v;
  }

  private ObjectNode issueJson(Issue i) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", i.id).put("key", i.key);
    o.put("self", url() + (cloud ? "/rest/api/3" : "/rest/api/2") + "/issue/" + i.id);
    ObjectNode f = o.putObject("fields");
    f.put("summary", i.summary());
    f.set("labels", i.fields.path("labels").deepCopy());
    ObjectNode st = f.putObject("status").put("name", i.status);
    st.putObject("statusCategory")
        .put("key", category(i.status))
        .put("name", categoryName(i.status));
    if (i.fields.has("priority")) {
      f.set("priority", i.fields.get("priority"));
    }
    return o;
  }

  private static List<String[]> transitionsFrom(String status) {
    return switch (status) {
      case "Done" -> List.<String[]>of(new String[] {"41", "Reopen", "To Do"});
      case "In Progress" ->
          List.<String[]>of(
              new String[] {"11", "Stop progress", "To Do"}, new String[] {"31", "Done", "Done"});
      default ->
          List.<String[]>of(
              new String[] {"21", "Start progress", "In Progress"},
              new String[] {"31", "Done", "Done"});
    };
  }

  static String category(String status) {
    return switch (status) {
      case "Done" -> "done";
      case "In Progress" -> "indeterminate";
      default -> "new";
    };
  }

  static String categoryName(String status) {
    return switch (status) {
      case "Done" -> "Done";
      case "In Progress" -> "In Progress";
      default -> "To Do";
    };
  }

  private static boolean isAdf(JsonNode n) {
    return n.isObject()
        && "doc".equals(n.path("type").asText())
        && n.path("version").asInt() == 1
        && n.path("content").isArray();
  }

  private static Response fieldError(String field, String message) {
    ObjectNode out = JSON.createObjectNode();
    out.putArray("errorMessages");
    out.putObject("errors").put(field, message);
    return Response.json(400, out.toString());
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> m = new LinkedHashMap<>();
    if (raw == null) {
      return m;
    }
    for (String pair : raw.split("&")) {
      int i = pair.indexOf('=');
      if (i > 0) {
        m.put(
            URLDecoder.decode(pair.substring(0, i), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8));
      }
    }
    return m;
  }
}
