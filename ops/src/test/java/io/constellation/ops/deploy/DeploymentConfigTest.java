package io.constellation.ops.deploy;

import static io.constellation.ops.deploy.CodeFacts.DEFAULT_PREFIX;
import static io.constellation.ops.deploy.CodeFacts.GATEWAY;
import static io.constellation.ops.deploy.CodeFacts.GATEWAY_METRICS;
import static io.constellation.ops.deploy.CodeFacts.LIVE;
import static io.constellation.ops.deploy.CodeFacts.PROMETHEUS_SERIES;
import static io.constellation.ops.deploy.CodeFacts.PROMETHEUS_TEXT;
import static io.constellation.ops.deploy.CodeFacts.READY;
import static io.constellation.ops.deploy.CodeFacts.STREAMS;
import static io.constellation.ops.deploy.CodeFacts.STREAMS_METRICS;
import static io.constellation.ops.deploy.CodeFacts.STREAMS_STATE_DIR_VARIABLE;
import static io.constellation.ops.deploy.CodeFacts.WORKER;
import static io.constellation.ops.deploy.CodeFacts.WORKER_METRICS;
import static io.constellation.ops.deploy.CodeFacts.exportedNames;
import static io.constellation.ops.deploy.CodeFacts.lagGaugeName;
import static io.constellation.ops.deploy.CodeFacts.lagSeriesPattern;
import static io.constellation.ops.deploy.CodeFacts.mainCommands;
import static io.constellation.ops.deploy.CodeFacts.metricNames;
import static io.constellation.ops.deploy.CodeFacts.servedPort;
import static io.constellation.ops.deploy.CodeFacts.variablesReadBy;
import static io.constellation.ops.deploy.DeploymentFiles.CONFIG_MAP;
import static io.constellation.ops.deploy.DeploymentFiles.DOCKERFILE;
import static io.constellation.ops.deploy.DeploymentFiles.METADATA;
import static io.constellation.ops.deploy.DeploymentFiles.SPEC;
import static io.constellation.ops.deploy.DeploymentFiles.arguments;
import static io.constellation.ops.deploy.DeploymentFiles.command;
import static io.constellation.ops.deploy.DeploymentFiles.containerPorts;
import static io.constellation.ops.deploy.DeploymentFiles.describe;
import static io.constellation.ops.deploy.DeploymentFiles.execForm;
import static io.constellation.ops.deploy.DeploymentFiles.labels;
import static io.constellation.ops.deploy.DeploymentFiles.list;
import static io.constellation.ops.deploy.DeploymentFiles.names;
import static io.constellation.ops.deploy.DeploymentFiles.single;
import static io.constellation.ops.deploy.DeploymentFiles.texts;
import static io.constellation.ops.deploy.DeploymentFiles.yamlDocuments;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.fasterxml.jackson.databind.JsonNode;
import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.history.HistorySettings;
import io.constellation.ops.cli.Main;
import io.constellation.ops.deploy.DeploymentFiles.Workload;
import io.constellation.schemas.TopicSetup;
import io.constellation.schemas.Topics;
import io.constellation.streams.StreamsAppMetrics;
import io.constellation.testkit.TestInfrastructure;
import io.constellation.worker.WorkerConfig;
import io.constellation.worker.WorkerNode;
import io.constellation.worker.WorkerSettings;
import io.constellation.worker.consume.ClientConfigs;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployment files checked against the code: {@code docker-compose.yml}, {@code ops/Dockerfile},
 * {@code .dockerignore}, {@code ops/k8s} and {@code ops/prometheus}. Nothing here runs Docker or Kubernetes: the files
 * are parsed ({@link DeploymentFiles}) and compared with what the code reads, serves and exports ({@link CodeFacts}):
 * every variable set is one the process reads, ports and probe paths are the ones its server answers, every command
 * is one {@link Main} knows, images come from the Dockerfile, and every metric name in the alert rules and the
 * dashboard is one a real worker, started here on the testkit's Kafka, exports.
 */
final class DeploymentConfigTest {
  private static final Pattern LOCAL_URL = Pattern.compile("http://localhost:(\\d+)(/[A-Za-z0-9/._-]*)");
  private static final Pattern JDBC_URL = Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?/([^?]+).*");
  private static final String POD_LABEL = "__meta_kubernetes_pod_label_";

  private static DeploymentFiles files;

  @BeforeAll
  static void read() throws IOException {
    files = DeploymentFiles.read();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Dockerfile

  @Test
  void dockerfile_buildsTheShadedJarInAJdkStage_andRunsItOnAJre21AsNonRoot() throws Exception {
    List<String[]> instructions = files.dockerInstructions();
    List<String> froms = arguments(instructions, "FROM");
    assertThat(froms).as("a build stage and a runtime stage").hasSize(2);
    assertThat(froms.get(0)).matches("maven:3\\.9-eclipse-temurin-21\\S* AS build");
    assertThat(froms.get(1)).matches("eclipse-temurin:21-jre\\S*");

    String finalName = single(files.pomElements("ops/pom.xml", "finalName"));
    assertThat(files.pomElements("ops/pom.xml", "mainClass")).containsExactly(Main.class.getName());
    String builtJar = "ops/target/" + finalName + ".jar";
    List<String> runs = arguments(instructions, "RUN");
    assertThat(runs).anySatisfy(run -> assertThat(run)
        .contains("./mvnw -B -pl ops -am package -DskipTests").contains(builtJar));

    String copied = arguments(instructions, "COPY").stream().filter(c -> c.startsWith("--from=build "))
        .findFirst().orElseThrow(() -> new AssertionError("no COPY --from=build in the runtime stage"));
    String jarInImage = copied.substring(copied.lastIndexOf(' ') + 1);
    assertThat(jarInImage).endsWith("/" + finalName + ".jar");

    List<String> users = arguments(instructions, "USER");
    assertThat(users).isNotEmpty();
    assertThat(users.get(users.size() - 1)).as("runs as a numeric non-root user").matches("[1-9][0-9]*(:[0-9]+)?");

    List<String> entrypoint = execForm(single(arguments(instructions, "ENTRYPOINT")));
    assertThat(entrypoint.get(0)).isEqualTo("java");
    assertThat(entrypoint).containsSubsequence("-jar", jarInImage);
    assertThat(entrypoint.get(entrypoint.size() - 1)).as("commands come after the jar").isEqualTo(jarInImage);
    List<String> cmd = execForm(single(arguments(instructions, "CMD")));
    assertThat(cmd.get(0)).as("CMD %s", cmd).isIn(Stream.concat(Stream.of("help"), mainCommands().stream()).toList());

    List<String> ignored = Files.readAllLines(files.path(".dockerignore")).stream().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    assertThat(ignored).as("local builds and history stay out of the context").contains("**/target/", ".git/");
    List<String> needed = new ArrayList<>(List.of("mvnw", "pom.xml", "ops/scripts", "ops/src"));
    needed.addAll(files.pomElements("pom.xml", "module"));
    for (String path : needed) {
      assertThat(files.path(path)).as(path).exists();
      assertThat(ignored).as("the build needs %s", path).noneMatch(p -> p.equals(path) || p.equals(path + "/")
          || path.startsWith(p.endsWith("/") ? p : p + "/"));
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // docker-compose.yml

  @Test
  void compose_commandsAreOnesMainKnows() {
    for (String service : files.constellationServices()) {
      assertThat(mainCommands()).as("command of %s", service)
          .contains(command(files.service(service).path("command"), service));
    }
  }

  @Test
  void compose_runsThreeWorkersTheStreamsAppAndTheGateway_builtFromTheDockerfile() {
    Map<String, List<String>> byCommand = new HashMap<>();
    Set<String> images = new HashSet<>();
    for (String service : files.constellationServices()) {
      JsonNode definition = files.service(service);
      JsonNode build = definition.path("build");
      Path dockerfile = files.path(build.path("context").asText()).resolve(build.path("dockerfile").asText())
          .normalize();
      assertThat(dockerfile).as(service).isEqualTo(files.path(DOCKERFILE));
      images.add(definition.path("image").asText());
      byCommand.computeIfAbsent(command(definition.path("command"), service), c -> new ArrayList<>()).add(service);
    }
    assertThat(images).as("one image, named so every service shares the build").hasSize(1);
    assertThat(images.iterator().next()).startsWith(files.imageRepository() + ":");
    assertThat(byCommand.get(WORKER)).hasSizeGreaterThanOrEqualTo(3);
    assertThat(byCommand.get(STREAMS)).hasSize(1);
    assertThat(byCommand.get(GATEWAY)).hasSize(1);

    List<String> nodeIds = byCommand.get(WORKER).stream()
        .map(s -> files.environment(s).get(WorkerSettings.NODE_ID.env())).toList();
    assertThat(nodeIds).doesNotContainNull().doesNotHaveDuplicates();

    Map<String, String> imageOf = new HashMap<>();
    files.compose().path("services").properties()
        .forEach(e -> imageOf.put(e.getKey(), e.getValue().path("image").asText()));
    assertThat(imageOf.values()).anyMatch(i -> i.startsWith("apache/kafka:4.")).anyMatch(i -> i.startsWith("redis:"))
        .anyMatch(i -> i.startsWith("postgres:")).anyMatch(i -> i.startsWith("prom/prometheus:"));
  }

  @Test
  void compose_setsOnlyVariablesTheCommandsRead() {
    for (String service : files.constellationServices()) {
      String command = command(files.service(service).path("command"), service);
      assertThat(files.environment(service).keySet()).as("variables of %s (%s)", service, command)
          .isSubsetOf(variablesReadBy(command));
    }
  }

  @Test
  void compose_workerEnvironments_areValidWorkerSettings_andTheirPortIsPublishedAndHealthChecked() {
    for (String service : files.servicesRunning(WORKER)) {
      WorkerConfig config = WorkerSettings.fromEnvironment(files.environment(service), List.of());
      assertThat(config.nodeId()).isEqualTo(files.environment(service).get(WorkerSettings.NODE_ID.env()));
      assertPortPublishedAndHealthChecked(service, config.adminPort());
    }
  }

  @Test
  void compose_streamsAndGateway_publishAndHealthCheckTheirPorts() {
    for (String command : List.of(STREAMS, GATEWAY)) {
      for (String service : files.servicesRunning(command)) {
        assertPortPublishedAndHealthChecked(service, servedPort(command, files.environment(service)));
      }
    }
  }

  @Test
  void compose_servicesWaitForHealthyDependencies_andTheAddressesTheyUseAreThoseServices() {
    JsonNode services = files.compose().path("services");
    services.properties().forEach(entry -> entry.getValue().path("depends_on").properties().forEach(dependency -> {
      assertThat(dependency.getValue().path("condition").asText()).as("%s -> %s", entry.getKey(), dependency.getKey())
          .isEqualTo("service_healthy");
      assertThat(services.path(dependency.getKey()).has("healthcheck")).as(dependency.getKey()).isTrue();
    }));
    for (String service : files.constellationServices()) {
      Map<String, String> env = files.environment(service);
      Set<String> dependsOn = names(services.path(service).path("depends_on"));
      String bootstrap = env.get(WorkerSettings.BOOTSTRAP_SERVERS.env());
      assertThat(bootstrap).as("%s needs Kafka", service).isNotNull();
      for (String address : bootstrap.split(",")) {
        String host = address.substring(0, address.indexOf(':'));
        assertThat(dependsOn).as(service).contains(host);
        assertThat(files.environment(host).get("KAFKA_ADVERTISED_LISTENERS")).as("%s advertises %s", host, address)
            .contains("//" + address);
      }
      if (env.containsKey(WorkerSettings.REDIS_URL.env())) {
        String host = URI.create(env.get(WorkerSettings.REDIS_URL.env())).getHost();
        assertThat(dependsOn).as(service).contains(host);
        assertThat(services.path(host).path("image").asText()).startsWith("redis:");
      }
      if (env.containsKey(HistorySettings.URL_VARIABLE)) {
        Matcher url = JDBC_URL.matcher(env.get(HistorySettings.URL_VARIABLE));
        assertThat(url.matches()).as(env.get(HistorySettings.URL_VARIABLE)).isTrue();
        Map<String, String> postgres = files.environment(url.group(1));
        assertThat(dependsOn).as(service).contains(url.group(1));
        assertThat(url.group(3)).isEqualTo(postgres.get("POSTGRES_DB"));
        // The postgres image's own variables happen to share the history's names.
        assertThat(env.get(HistorySettings.USER_VARIABLE)).isEqualTo(postgres.get("POSTGRES_USER"));
        assertThat(env.get(HistorySettings.PASSWORD_VARIABLE)).isEqualTo(postgres.get("POSTGRES_PASSWORD"));
      }
    }
    // The streams app reads and writes topics a worker creates at start; waiting for one means they exist.
    for (String streams : files.servicesRunning(STREAMS)) {
      assertThat(names(services.path(streams).path("depends_on"))).containsAnyElementsOf(files.servicesRunning(WORKER));
    }
  }

  @Test
  void compose_kafkaIsOneKraftNode_withReplicationFactorOne_andTheStreamsStateIsOnAVolume() {
    String kafka = files.compose().path("services").properties().stream()
        .filter(e -> e.getValue().path("image").asText().startsWith("apache/kafka:4.")).map(Map.Entry::getKey)
        .findFirst().orElseThrow();
    Map<String, String> env = files.environment(kafka);
    assertThat(env.get("KAFKA_PROCESS_ROLES")).contains("broker").contains("controller");
    assertThat(env).containsKeys("CLUSTER_ID", "KAFKA_CONTROLLER_QUORUM_VOTERS", "KAFKA_CONTROLLER_LISTENER_NAMES");
    for (String setting : List.of("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
        "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR",
        "KAFKA_DEFAULT_REPLICATION_FACTOR", "KAFKA_MIN_INSYNC_REPLICAS")) {
      assertThat(env.get(setting)).as(setting).isEqualTo("1");
    }
    for (String service : files.servicesRunning(STREAMS)) {
      String stateDir = files.environment(service).get(STREAMS_STATE_DIR_VARIABLE);
      assertThat(stateDir).as("%s sets %s", service, STREAMS_STATE_DIR_VARIABLE).isNotBlank();
      Set<String> namedVolumes = names(files.compose().path("volumes"));
      assertThat(texts(files.service(service).path("volumes")))
          .anySatisfy(v -> {
            String[] parts = v.split(":");
            assertThat(parts[1]).isEqualTo(stateDir);
            assertThat(namedVolumes).contains(parts[0]);
          });
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // ops/k8s

  @Test
  void k8s_kustomizationListsEveryManifest_allInTheConstellationNamespace_andSetsTheImage() throws IOException {
    JsonNode kustomization = files.yaml("ops/k8s/kustomization.yaml");
    Set<String> manifestFiles;
    try (Stream<Path> list = Files.list(files.path("ops/k8s"))) {
      manifestFiles = list.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml") || n.endsWith(".yml")).filter(n -> !n.equals("kustomization.yaml"))
          .collect(Collectors.toSet());
    }
    assertThat(texts(kustomization.path("resources"))).containsExactlyInAnyOrderElementsOf(manifestFiles);
    String namespace = kustomization.path("namespace").asText();
    assertThat(namespace).isEqualTo("constellation");
    assertThat(files.manifests()).anySatisfy(m -> {
      assertThat(m.path("kind").asText()).isEqualTo("Namespace");
      assertThat(m.path(METADATA).path("name").asText()).isEqualTo(namespace);
    });
    files.manifests().stream().filter(m -> !m.path("kind").asText().equals("Namespace"))
        .forEach(m -> assertThat(m.path(METADATA).path("namespace").asText()).as(describe(m)).isEqualTo(namespace));
    assertThat(list(kustomization.path("images"))).singleElement()
        .satisfies(image -> assertThat(image.path("name").asText()).isEqualTo(files.imageRepository()));
  }

  @Test
  void k8s_containersRunTheImage_withCommandsMainKnows() {
    for (Workload workload : files.workloads()) {
      for (JsonNode container : workload.containers()) {
        String name = workload.name() + "/" + container.path("name").asText();
        assertThat(container.path("image").asText()).as(name).startsWith(files.imageRepository() + ":");
        assertThat(container.has("command")).as("%s keeps the image's ENTRYPOINT", name).isFalse();
        assertThat(mainCommands()).as(name).contains(command(container.path("args"), name));
      }
    }
  }

  @Test
  void k8s_containersSetOnlyVariablesTheyRead_andRunWithResourcesAsNonRoot() {
    Map<String, Set<String>> readersOfConfigMap = new HashMap<>();
    for (Workload workload : files.workloads()) {
      for (JsonNode container : workload.containers()) {
        String name = workload.name() + "/" + container.path("name").asText();
        Set<String> readable = variablesReadBy(command(container.path("args"), name));
        for (JsonNode variable : container.path("env")) {
          assertThat(readable).as("%s sets %s", name, variable.path("name").asText())
              .contains(variable.path("name").asText());
          JsonNode secret = variable.path("valueFrom").path("secretKeyRef");
          if (!secret.isMissingNode()) {
            assertThat(files.manifest("Secret", secret.path("name").asText()).path("stringData")
                .has(secret.path("key").asText())).as(name).isTrue();
          }
        }
        for (JsonNode source : container.path("envFrom")) {
          String configMap = source.path("configMapRef").path("name").asText();
          assertThat(files.manifest(CONFIG_MAP, configMap).isMissingNode()).as(name).isFalse();
          readersOfConfigMap.computeIfAbsent(configMap, c -> new HashSet<>()).addAll(readable);
        }
        JsonNode resources = container.path("resources");
        assertThat(resources.path("requests").has("cpu")).as(name).isTrue();
        assertThat(resources.path("requests").has("memory")).as(name).isTrue();
        assertThat(resources.path("limits").has("memory")).as(name).isTrue();
      }
      assertThat(workload.podSpec().path("securityContext").path("runAsNonRoot").asBoolean()).as(workload.name())
          .isTrue();
    }
    // A shared ConfigMap reaches processes that ignore some of its keys, but every key is read by one of them.
    assertThat(readersOfConfigMap).isNotEmpty();
    readersOfConfigMap.forEach((configMap, readable) ->
        assertThat(names(files.manifest(CONFIG_MAP, configMap).path("data"))).as("keys of %s", configMap)
            .isSubsetOf(readable));
  }

  @Test
  void k8s_workerEnvironment_isValidWorkerSettings() {
    for (Workload workload : files.workloadsRunning(WORKER)) {
      Map<String, String> env = files.containerEnvironment(workload.container());
      WorkerConfig config = WorkerSettings.fromEnvironment(env, List.of());
      assertThat(config.adminPort()).isEqualTo(8080);
      assertThat(config.maxConcurrency()).isEqualTo(16);
    }
  }

  @Test
  void k8s_portsAndProbes_matchWhatTheServersServe_andServicesAndBudgetsSelectThePods() {
    for (Workload workload : files.workloads()) {
      JsonNode container = workload.container();
      String command = workload.command();
      Map<String, String> env = files.containerEnvironment(container);
      int port = servedPort(command, env);
      Map<String, Integer> ports = containerPorts(container);
      assertThat(ports.values()).as(workload.name()).containsExactly(port);
      assertProbe(workload, container, "livenessProbe", LIVE, ports);
      assertProbe(workload, container, "readinessProbe", READY, ports);
      assertProbe(workload, container, "startupProbe", LIVE, ports);
      JsonNode selector = workload.manifest().path(SPEC).path("selector").path("matchLabels");
      assertThat(workload.podLabels()).as(workload.name())
          .containsAllEntriesOf(labels(selector));
    }
    for (JsonNode manifest : files.manifests()) {
      String kind = manifest.path("kind").asText();
      if (!kind.equals("Service") && !kind.equals("PodDisruptionBudget")) continue;
      Map<String, String> selector = labels(kind.equals("Service") ? manifest.path(SPEC).path("selector")
          : manifest.path(SPEC).path("selector").path("matchLabels"));
      List<Workload> selected = files.workloads().stream()
          .filter(w -> w.podLabels().entrySet().containsAll(selector.entrySet()))
          .toList();
      assertThat(selected).as("%s selects exactly one workload's pods", describe(manifest)).hasSize(1);
      for (JsonNode servicePort : manifest.path(SPEC).path("ports")) {
        JsonNode target = servicePort.path("targetPort");
        Map<String, Integer> podPorts = containerPorts(selected.get(0).container());
        assertThat(target.isTextual() ? podPorts.keySet().contains(target.asText())
            : podPorts.containsValue(target.asInt())).as("%s targetPort %s", describe(manifest), target).isTrue();
      }
    }
    assertThat(files.manifests()).anySatisfy(m -> {
      assertThat(m.path("kind").asText()).isEqualTo("PodDisruptionBudget");
      assertThat(labels(m.path(SPEC).path("selector").path("matchLabels")))
          .containsAllEntriesOf(labels(files.workloadsRunning(WORKER).get(0).manifest().path(SPEC).path("selector")
              .path("matchLabels")));
    });
  }

  @Test
  void k8s_workersScaleOnTheLagOfTheirGroupOnTheRequestsTopic_withKedaOrTheDocumentedHpa() throws IOException {
    Workload workers = single(files.workloadsRunning(WORKER));
    assertThat(workers.manifest().path("kind").asText()).isEqualTo("Deployment");
    Map<String, String> config = labels(files.manifest(CONFIG_MAP, "constellation-config").path("data"));
    Topics topics = new Topics(config.getOrDefault(WorkerSettings.TOPIC_PREFIX.env(), DEFAULT_PREFIX));
    int partitions = topics.defaultPartitions(topics.requests());

    JsonNode scaled = single(files.manifests().stream()
        .filter(m -> m.path("kind").asText().equals("ScaledObject")).toList());
    assertThat(scaled.path("apiVersion").asText()).startsWith("keda.sh/");
    assertThat(scaled.path(SPEC).path("scaleTargetRef").path("name").asText()).isEqualTo(workers.name());
    assertThat(scaled.path(SPEC).path("maxReplicaCount").asInt()).isBetween(1, partitions);
    JsonNode trigger = single(list(scaled.path(SPEC).path("triggers")));
    assertThat(trigger.path("type").asText()).isEqualTo("kafka");
    JsonNode metadata = trigger.path("metadata");
    assertThat(metadata.path("consumerGroup").asText()).isEqualTo(ClientConfigs.workersGroup(topics));
    assertThat(metadata.path("topic").asText()).isEqualTo(topics.requests());
    assertThat(metadata.path("bootstrapServers").asText())
        .isEqualTo(config.get(WorkerSettings.BOOTSTRAP_SERVERS.env()));
    assertThat(Integer.parseInt(metadata.path("lagThreshold").asText())).isPositive();

    Path alternative = files.path("ops/k8s/hpa-alternative");
    JsonNode hpa = single(yamlDocuments(alternative.resolve("worker-hpa.yaml")));
    assertThat(hpa.path("kind").asText()).isEqualTo("HorizontalPodAutoscaler");
    assertThat(hpa.path("apiVersion").asText()).isEqualTo("autoscaling/v2");
    assertThat(hpa.path(SPEC).path("scaleTargetRef").path("name").asText()).isEqualTo(workers.name());
    assertThat(hpa.path(SPEC).path("maxReplicas").asInt()).isBetween(1, partitions);
    JsonNode external = single(list(hpa.path(SPEC).path("metrics"))).path("external");
    JsonNode adapter = single(yamlDocuments(alternative.resolve("prometheus-adapter-values.yaml")));
    JsonNode rule = single(list(adapter.path("rules").path("external")));
    assertThat(rule.path("name").path("as").asText()).isEqualTo(external.path("metric").path("name").asText());
    assertThat(lagSeriesPattern(rule.path("seriesQuery").asText(), DEFAULT_PREFIX)
        .matcher(lagGaugeName(topics.requests(), 0)).matches()).isTrue();
    assertThat(lagSeriesPattern(rule.path("seriesQuery").asText(), DEFAULT_PREFIX)
        .matcher(lagGaugeName(topics.pinned(), 0)).matches()).as("pinned work is not group lag").isFalse();
  }

  @Test
  void k8s_streamsApp_isAStatefulSet_keepingItsStateDirectoryOnAVolume() {
    Workload streams = single(files.workloadsRunning(STREAMS));
    assertThat(streams.manifest().path("kind").asText()).isEqualTo("StatefulSet");
    JsonNode container = streams.container();
    String stateDir = files.containerEnvironment(container).get(STREAMS_STATE_DIR_VARIABLE);
    assertThat(stateDir).isNotBlank();
    Set<String> claims = list(streams.manifest().path(SPEC).path("volumeClaimTemplates")).stream()
        .map(c -> c.path(METADATA).path("name").asText()).collect(Collectors.toSet());
    assertThat(list(container.path("volumeMounts"))).anySatisfy(mount -> {
      assertThat(mount.path("mountPath").asText()).isEqualTo(stateDir);
      assertThat(claims).contains(mount.path("name").asText());
    });
    String service = streams.manifest().path(SPEC).path("serviceName").asText();
    assertThat(files.manifest("Service", service).path(SPEC).path("clusterIP").asText()).isEqualTo("None");
  }

  // ---------------------------------------------------------------------------------------------------------------
  // ops/prometheus

  @Test
  void prometheus_composeConfig_scrapesEveryProcessWhereItServesPrometheusText() throws IOException {
    JsonNode config = files.yaml("ops/prometheus/prometheus.yml");
    assertRuleFilesExist(config);
    Map<String, String> commandOfJob = new HashMap<>();
    for (JsonNode job : config.path("scrape_configs")) {
      String name = job.path("job_name").asText();
      if (!name.startsWith("constellation-")) continue;
      assertThat(job.path("metrics_path").asText()).as(name).isEqualTo(PROMETHEUS_TEXT);
      for (String target : texts(job.path("static_configs").get(0).path("targets"))) {
        String service = target.substring(0, target.indexOf(':'));
        int port = Integer.parseInt(target.substring(target.indexOf(':') + 1));
        String command = command(files.service(service).path("command"), service);
        assertThat(port).as(target).isEqualTo(servedPort(command, files.environment(service)));
        commandOfJob.merge(name, command, (a, b) -> {
          assertThat(a).as("job %s scrapes one kind of process", name).isEqualTo(b);
          return a;
        });
      }
    }
    assertThat(commandOfJob).containsOnlyKeys(files.jobNames());
    assertThat(new HashSet<>(commandOfJob.values())).containsExactlyInAnyOrder(WORKER, STREAMS, GATEWAY);
    Set<String> scraped = new HashSet<>();
    config.path("scrape_configs").forEach(job -> job.path("static_configs").forEach(s -> s.path("targets")
        .forEach(t -> scraped.add(t.asText().substring(0, t.asText().indexOf(':'))))));
    assertThat(scraped).containsAll(files.constellationServices());
  }

  @Test
  void prometheus_k8sConfig_keepsTheGuidesPodDiscovery_andScrapesEachComponentOnItsPort() throws IOException {
    JsonNode config = files.yaml("ops/prometheus/prometheus-k8s.yml");
    assertRuleFilesExist(config);
    Set<String> jobs = new HashSet<>();
    for (JsonNode job : config.path("scrape_configs")) {
      String name = job.path("job_name").asText();
      jobs.add(name);
      assertThat(job.path("metrics_path").asText()).as(name).isEqualTo(PROMETHEUS_TEXT);
      JsonNode discovery = job.path("kubernetes_sd_configs").get(0);
      assertThat(discovery.path("role").asText()).isEqualTo("pod");
      assertThat(texts(discovery.path("namespaces").path("names"))).containsExactly("constellation");
      Map<String, String> keep = new LinkedHashMap<>();
      for (JsonNode relabel : job.path("relabel_configs")) {
        if (relabel.path("action").asText().equals("keep")) {
          keep.put(relabel.path("source_labels").get(0).asText(), relabel.path("regex").asText());
        }
      }
      assertThat(keep).as("the guide's rule").containsEntry("__meta_kubernetes_pod_label_app_kubernetes_io_name",
          "constellation-engine");
      List<Workload> kept = files.workloads().stream().filter(w -> {
        Map<String, String> podLabels = w.podLabels();
        return keep.entrySet().stream().filter(e -> e.getKey().startsWith("__meta_kubernetes_pod_label_"))
            .allMatch(e -> e.getValue().equals(podLabels.get(labelOfMeta(e.getKey()))));
      }).toList();
      Workload workload = single(kept);
      Map<String, Integer> ports = containerPorts(workload.container());
      String portName = keep.get("__meta_kubernetes_pod_container_port_name");
      assertThat(ports).as(name).containsKey(portName);
      String command = workload.command();
      assertThat(ports.get(portName)).isEqualTo(servedPort(command, files.containerEnvironment(workload.container())));
    }
    assertThat(jobs).containsExactlyInAnyOrderElementsOf(files.jobNames());
  }

  @Test
  void alertRules_coverTheGuidesThresholds() throws IOException {
    Map<String, String> alerts = new HashMap<>();
    Map<String, String> recorded = new HashMap<>();
    for (JsonNode group : files.alertRules().path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        if (rule.has("alert")) alerts.put(rule.path("alert").asText(), rule.path("expr").asText());
        if (rule.has("record")) recorded.put(rule.path("record").asText(), rule.path("expr").asText());
      }
    }
    assertThat(alerts.get("ConstellationCacheHitRateLow")).contains("< 0.5");
    assertThat(recorded.get("constellation:cache_hit_rate:ratio10m")).contains("cache_compilation_hits")
        .contains("cache_module_hits").contains("cache_execution_hits");
    assertThat(alerts.get("ConstellationExecutionP99Slow")).contains("execution_duration")
        .contains("quantile=\"0.99\"").contains("> 30");
    assertThat(alerts.get("ConstellationGateway5xxHigh")).contains("> 0.01");
    assertThat(recorded.get("constellation:gateway_5xx:ratio5m"))
        .contains(GATEWAY_METRICS.get("gateway.responses.5xx"))
        .contains(GATEWAY_METRICS.get("gateway.responses.total"));
    assertThat(alerts.get("ConstellationConsumerLagGrowing")).contains("deriv(");

    // queued > max concurrency x nodes: each worker exports its own max concurrency, so no constant to keep in step.
    assertThat(alerts.get("ConstellationQueueBacklog"))
        .isEqualTo("constellation:scheduler_queued:sum > constellation:scheduler_capacity:sum");
    assertThat(recorded.get("constellation:scheduler_capacity:sum")).contains("scheduler_maxConcurrency");
  }

  @Test
  void alertRulesAndDashboard_useOnlyMetricNamesTheProcessesExport_andTheScrapeJobs() throws IOException {
    List<String> expressions = new ArrayList<>();
    Set<String> recorded = new HashSet<>();
    for (JsonNode group : files.alertRules().path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        expressions.add(rule.path("expr").asText());
        if (rule.has("record")) recorded.add(rule.path("record").asText());
      }
    }
    JsonNode dashboard = files.dashboard();
    JsonNode datasources = files.yaml("ops/prometheus/grafana/provisioning/datasources/prometheus.yml");
    String datasourceUid = datasources.path("datasources").get(0).path("uid").asText();
    assertThat(dashboard.path("panels")).isNotEmpty();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(panel.path("datasource").path("uid").asText()).isEqualTo(datasourceUid);
      assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
      panel.path("targets").forEach(t -> expressions.add(t.path("expr").asText()));
    }
    Set<String> known = new HashSet<>(WORKER_METRICS);
    known.addAll(GATEWAY_METRICS.values());
    known.addAll(STREAMS_METRICS);
    known.addAll(PROMETHEUS_SERIES);
    known.addAll(recorded);
    Set<String> jobs = files.jobNames();
    for (String expression : expressions) {
      assertThat(metricNames(expression)).as(expression).isNotEmpty().isSubsetOf(known);
      Matcher job = Pattern.compile("job\\s*=\\s*\"([^\"]+)\"").matcher(expression);
      while (job.find()) assertThat(jobs).as(expression).contains(job.group(1));
    }

    // Grafana: the data source is the compose Prometheus; the dashboards come from where compose mounts them.
    URI prometheus = URI.create(datasources.path("datasources").get(0).path("url").asText());
    assertThat(files.service(prometheus.getHost()).path("image").asText()).startsWith("prom/prometheus:");
    JsonNode providers = files.yaml("ops/prometheus/grafana/provisioning/dashboards/constellation.yml");
    String dashboardPath = providers.path("providers").get(0).path("options").path("path").asText();
    assertThat(texts(files.service("grafana").path("volumes")))
        .contains("./ops/prometheus/grafana/dashboards:" + dashboardPath + ":ro")
        .contains("./ops/prometheus/grafana/provisioning:/etc/grafana/provisioning:ro");
    assertThat(texts(files.service(prometheus.getHost()).path("volumes")))
        .contains("./ops/prometheus:/etc/prometheus:ro");
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Against running code

  @Test
  void runningWorker_servesTheProbePaths_andExportsEveryMetricTheRulesUse() throws Exception {
    // worker-1's own environment, pointed at the testkit's broker, a fresh topic prefix and an ephemeral port.
    String bootstrap = TestInfrastructure.kafka().bootstrapServers();
    String prefix = "deploycheck" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    Map<String, String> env = new HashMap<>(files.environment(files.servicesRunning(WORKER).get(0)));
    env.put(WorkerSettings.BOOTSTRAP_SERVERS.env(), bootstrap);
    env.put(WorkerSettings.TOPIC_PREFIX.env(), prefix);
    env.put(WorkerSettings.PORT.env(), "0");
    env.remove(WorkerSettings.REDIS_URL.env()); // no Redis here; the metrics are registered either way
    WorkerConfig config = WorkerSettings.fromEnvironment(env, List.of());
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      TopicSetup.ensureTopics(admin, new Topics(prefix), Duration.ofSeconds(60));
    }
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        WorkerNode worker = WorkerNode.start(config, ModuleRegistry.standard())) {
      Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
      while (!worker.ready()) {
        assertThat(Instant.now()).as("worker ready in time").isBefore(deadline);
        Thread.sleep(100);
      }
      String base = "http://127.0.0.1:" + worker.adminPort();
      assertThat(get(http, base + LIVE).statusCode()).isEqualTo(200);
      while (get(http, base + READY).statusCode() != 200) {
        assertThat(Instant.now()).as("%s answers 200 in time", READY).isBefore(deadline);
        Thread.sleep(100);
      }
      // The lag gauges appear once the node has measured its partitions' lag (about once a second); the HPA
      // alternative's series (written for the default prefix) must match them.
      JsonNode adapter = files.yaml("ops/k8s/hpa-alternative/prometheus-adapter-values.yaml");
      Pattern lag = lagSeriesPattern(adapter.path("rules").path("external").get(0).path("seriesQuery").asText(),
          prefix);
      HttpResponse<String> metrics = get(http, base + PROMETHEUS_TEXT);
      while (exportedNames(metrics.body()).stream().noneMatch(name -> lag.matcher(name).matches())) {
        assertThat(Instant.now()).as("lag gauges in time").isBefore(deadline);
        Thread.sleep(200);
        metrics = get(http, base + PROMETHEUS_TEXT);
      }
      assertThat(metrics.statusCode()).isEqualTo(200);
      Set<String> exported = exportedNames(metrics.body());

      assertThat(exported).containsAll(WORKER_METRICS);
      for (String quantile : quantilesUsed()) {
        assertThat(metrics.body()).contains("execution_duration{quantile=\"" + quantile + "\"}");
      }
    }
  }

  @Test
  void streamsAndGatewayMetricNames_andTimerUnits_areWhatThePrometheusBridgeMakesOfTheirRegistries()
      throws IOException {
    assertThat(exportedNames(prometheusText(new StreamsAppMetrics().registry()))).containsAll(STREAMS_METRICS);

    MetricRegistry gateway = new MetricRegistry();
    GATEWAY_METRICS.keySet().forEach(name -> gateway.meter(name).mark());
    assertThat(exportedNames(prometheusText(gateway))).containsAll(GATEWAY_METRICS.values());

    // Timers become summaries in seconds: the p99 > 30 rule means 30 s.
    MetricRegistry timers = new MetricRegistry();
    Timer timer = timers.timer("probe.duration");
    timer.update(2, TimeUnit.SECONDS);
    assertThat(prometheusText(timers)).containsPattern("(?m)^probe_duration\\{quantile=\"0\\.99\"} 2\\.0$");
  }

  // ---------------------------------------------------------------------------------------------------------------

  private static void assertPortPublishedAndHealthChecked(String service, int port) {
    JsonNode definition = files.service(service);
    String healthcheck = String.join(" ", texts(definition.path("healthcheck").path("test")));
    Matcher url = LOCAL_URL.matcher(healthcheck);
    assertThat(url.find()).as("%s health check %s", service, healthcheck).isTrue();
    assertThat(Integer.parseInt(url.group(1))).as(service).isEqualTo(port);
    assertThat(url.group(2)).as(service).isIn(LIVE, READY);
    for (String published : texts(definition.path("ports"))) {
      String containerPort = published.substring(published.lastIndexOf(':') + 1).replace("/tcp", "");
      assertThat(Integer.parseInt(containerPort)).as("%s publishes %s", service, published).isEqualTo(port);
    }
  }

  private static void assertProbe(Workload workload, JsonNode container, String probe, String path,
      Map<String, Integer> ports) {
    JsonNode get = container.path(probe).path("httpGet");
    assertThat(get.isMissingNode()).as("%s has a %s", workload.name(), probe).isFalse();
    assertThat(get.path("path").asText()).as("%s %s", workload.name(), probe).isEqualTo(path);
    JsonNode port = get.path("port");
    assertThat(port.isTextual() ? ports.containsKey(port.asText()) : ports.containsValue(port.asInt()))
        .as("%s %s port %s", workload.name(), probe, port).isTrue();
  }

  private static void assertRuleFilesExist(JsonNode config) {
    assertThat(texts(config.path("rule_files"))).isNotEmpty()
        .allSatisfy(f -> assertThat(files.path("ops/prometheus").resolve(f)).isRegularFile());
  }

  /** __meta_kubernetes_pod_label_app_kubernetes_io_name -> app.kubernetes.io/name (the labels used here). */
  private static String labelOfMeta(String meta) {
    String label = meta.substring(POD_LABEL.length());
    String prefix = "app_kubernetes_io_";
    return label.startsWith(prefix) ? "app.kubernetes.io/" + label.substring(prefix.length()) : label;
  }

  private static Set<String> quantilesUsed() throws IOException {
    Set<String> quantiles = new TreeSet<>();
    for (String expression : files.expressions()) {
      Matcher quantile = Pattern.compile("quantile\\s*=\\s*\"([^\"]+)\"").matcher(expression);
      while (quantile.find()) quantiles.add(quantile.group(1));
    }
    assertThat(quantiles).isNotEmpty();
    return quantiles;
  }

  /** A registry as the workers' /metrics/prometheus renders one (WorkerMetrics: the Dropwizard bridge). */
  private static String prometheusText(MetricRegistry registry) throws IOException {
    PrometheusRegistry prometheus = new PrometheusRegistry();
    prometheus.register(new DropwizardExports(registry));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, prometheus.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
