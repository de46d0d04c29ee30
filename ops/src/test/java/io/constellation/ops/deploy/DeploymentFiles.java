package io.constellation.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The deployment files of the repository, parsed: docker-compose.yml (YAML through Jackson, {@code ${VAR:-default}}
 * read as its default), the manifests kustomization.yaml lists, the Prometheus and Grafana files, the Dockerfile and
 * the poms. Read once per test class; immutable after.
 */
final class DeploymentFiles {

  static final String DOCKERFILE = "ops/Dockerfile";
  static final String METADATA = "metadata";
  static final String SPEC = "spec";
  static final String CONFIG_MAP = "ConfigMap";

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}");
  /** A pod name, standing in for {@code fieldRef: metadata.name}. */
  private static final String SAMPLE_POD_NAME = "constellation-worker-7d4b9c6f5-x2x7q";

  private final Path root;
  private final JsonNode compose;
  private final List<JsonNode> manifests;

  private DeploymentFiles(Path root, JsonNode compose, List<JsonNode> manifests) {
    this.root = root;
    this.compose = compose;
    this.manifests = List.copyOf(manifests);
  }

  /** Finds the repository root above the working directory and reads compose and the kustomization's manifests. */
  static DeploymentFiles read() throws IOException {
    Path root = Path.of("").toAbsolutePath();
    while (root != null && !(Files.isRegularFile(root.resolve("mvnw")) && Files.isDirectory(root.resolve("ops")))) {
      root = root.getParent();
    }
    assertThat(root).as("repository root above " + Path.of("").toAbsolutePath()).isNotNull();
    String composeText = Files.readString(root.resolve("docker-compose.yml"));
    // Jackson does not resolve YAML merge keys; without them what the tests read is what Compose reads.
    assertThat(composeText).as("docker-compose.yml uses no YAML anchors or merge keys").doesNotContain("<<:")
        .doesNotContainPattern("(?m)^\\s*[\\w.-]+:\\s*&\\w");
    List<JsonNode> manifests = new ArrayList<>();
    JsonNode kustomization = YAML.readTree(root.resolve("ops/k8s/kustomization.yaml").toFile());
    for (String file : texts(kustomization.path("resources"))) {
      manifests.addAll(yamlDocuments(root.resolve("ops/k8s").resolve(file)));
    }
    return new DeploymentFiles(root, YAML.readTree(composeText), manifests);
  }

  Path path(String relative) {
    return root.resolve(relative);
  }

  JsonNode yaml(String relative) throws IOException {
    return YAML.readTree(path(relative).toFile());
  }

  JsonNode json(String relative) throws IOException {
    return JSON.readTree(path(relative).toFile());
  }

  /** Every YAML document of a file (manifests may hold several). */
  static List<JsonNode> yamlDocuments(Path file) throws IOException {
    try (var values = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
      return values.readAll().stream().filter(d -> d != null && !d.isNull() && !d.isMissingNode()).toList();
    }
  }

  // ---- docker-compose.yml

  JsonNode compose() {
    return compose;
  }

  JsonNode service(String name) {
    return compose.path("services").path(name);
  }

  /** The services built from the project: the constellation processes. */
  List<String> constellationServices() {
    List<String> services = new ArrayList<>();
    compose.path("services").properties().forEach(e -> {
      if (e.getValue().has("build")) services.add(e.getKey());
    });
    assertThat(services).isNotEmpty();
    return services;
  }

  List<String> servicesRunning(String command) {
    return constellationServices().stream().filter(s -> command(service(s).path("command"), s).equals(command))
        .toList();
  }

  /** A service's environment (map or list form), with {@code ${VAR:-default}} read as its default. */
  Map<String, String> environment(String service) {
    JsonNode environment = service(service).path("environment");
    Map<String, String> env = new LinkedHashMap<>();
    if (environment.isArray()) {
      for (JsonNode entry : environment) {
        String text = entry.asText();
        int eq = text.indexOf('=');
        env.put(eq < 0 ? text : text.substring(0, eq), eq < 0 ? "" : interpolate(text.substring(eq + 1)));
      }
    } else {
      environment.properties().forEach(e -> env.put(e.getKey(), interpolate(e.getValue().asText())));
    }
    return env;
  }

  /** The repository of the image compose builds from the Dockerfile: what ops/k8s must run too. */
  String imageRepository() {
    Set<String> images = constellationServices().stream().map(s -> service(s).path("image").asText())
        .collect(Collectors.toSet());
    String image = single(new ArrayList<>(images));
    assertThat(image).contains(":");
    return image.substring(0, image.lastIndexOf(':'));
  }

  /** The command word of a compose {@code command} or a container's {@code args}, list or string. */
  static String command(JsonNode command, String owner) {
    String first = command.isArray() ? command.path(0).asText() : command.asText().strip().split("\\s+")[0];
    assertThat(first).as("command of %s", owner).isNotBlank();
    return first;
  }

  private static String interpolate(String value) {
    Matcher matcher = INTERPOLATION.matcher(value);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group(2) == null ? "" : matcher.group(2)));
    }
    matcher.appendTail(out);
    return out.toString().replace("$$", "$");
  }

  // ---- ops/k8s

  /** A Deployment, StatefulSet or DaemonSet. */
  record Workload(JsonNode manifest) {
    String name() {
      return manifest.path(METADATA).path("name").asText();
    }

    String kind() {
      return manifest.path("kind").asText();
    }

    JsonNode podTemplate() {
      return manifest.path(SPEC).path("template");
    }

    Map<String, String> podLabels() {
      return labels(podTemplate().path(METADATA).path("labels"));
    }

    JsonNode podSpec() {
      return podTemplate().path(SPEC);
    }

    List<JsonNode> containers() {
      return list(podSpec().path("containers"));
    }

    /** The first container, the one running constellation. */
    JsonNode container() {
      return containers().get(0);
    }

    String command() {
      return DeploymentFiles.command(container().path("args"), name());
    }
  }

  List<JsonNode> manifests() {
    return manifests;
  }

  List<Workload> workloads() {
    List<Workload> workloads = manifests.stream()
        .filter(m -> Set.of("Deployment", "StatefulSet", "DaemonSet").contains(m.path("kind").asText()))
        .map(Workload::new).toList();
    assertThat(workloads).isNotEmpty();
    return workloads;
  }

  List<Workload> workloadsRunning(String command) {
    return workloads().stream().filter(w -> w.command().equals(command)).toList();
  }

  JsonNode manifest(String kind, String name) {
    return manifests.stream().filter(m -> m.path("kind").asText().equals(kind))
        .filter(m -> m.path(METADATA).path("name").asText().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in ops/k8s"));
  }

  /** What a container sees: its ConfigMaps' data, then its own env; references get a sample value. */
  Map<String, String> containerEnvironment(JsonNode container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode source : container.path("envFrom")) {
      String configMap = source.path("configMapRef").path("name").asText();
      if (!configMap.isEmpty()) env.putAll(labels(manifest(CONFIG_MAP, configMap).path("data")));
    }
    for (JsonNode variable : container.path("env")) {
      String name = variable.path("name").asText();
      if (variable.has("value")) {
        env.put(name, variable.path("value").asText());
      } else if (variable.path("valueFrom").path("fieldRef").path("fieldPath").asText().equals("metadata.name")) {
        env.put(name, SAMPLE_POD_NAME);
      } else {
        env.put(name, "from-a-secret");
      }
    }
    return env;
  }

  static Map<String, Integer> containerPorts(JsonNode container) {
    Map<String, Integer> ports = new LinkedHashMap<>();
    container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
    return ports;
  }

  /** Labels, selectors or ConfigMap data as a map of strings. */
  static Map<String, String> labels(JsonNode node) {
    Map<String, String> map = new LinkedHashMap<>();
    node.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }

  static String describe(JsonNode manifest) {
    return manifest.path("kind").asText() + " " + manifest.path(METADATA).path("name").asText();
  }

  // ---- ops/prometheus

  JsonNode alertRules() throws IOException {
    return yaml("ops/prometheus/alerts.yml");
  }

  JsonNode dashboard() throws IOException {
    return json("ops/prometheus/grafana/dashboards/constellation.json");
  }

  /** Every PromQL expression of the rules and the dashboard. */
  List<String> expressions() throws IOException {
    List<String> expressions = new ArrayList<>();
    alertRules().path("groups").forEach(g -> g.path("rules").forEach(r -> expressions.add(r.path("expr").asText())));
    dashboard().path("panels").forEach(p -> p.path("targets").forEach(t -> expressions.add(t.path("expr").asText())));
    return expressions;
  }

  /** The Constellation scrape jobs of the compose Prometheus, the names rules and dashboard select by. */
  Set<String> jobNames() throws IOException {
    Set<String> jobs = new TreeSet<>();
    yaml("ops/prometheus/prometheus.yml").path("scrape_configs").forEach(j -> jobs.add(j.path("job_name").asText()));
    jobs.removeIf(j -> !j.startsWith("constellation-"));
    return jobs;
  }

  // ---- Dockerfile and poms

  /** Docker instructions (keyword, arguments) with continuation lines joined and comments dropped. */
  List<String[]> dockerInstructions() throws IOException {
    List<String[]> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String raw : Files.readAllLines(path(DOCKERFILE))) {
      String line = raw.strip();
      if (line.startsWith("#") || (line.isEmpty() && current.isEmpty())) continue;
      boolean continues = line.endsWith("\\");
      current.append(continues ? line.substring(0, line.length() - 1) : line).append(' ');
      if (!continues) {
        String text = current.toString().strip().replaceAll("\\s+", " ");
        int space = text.indexOf(' ');
        instructions.add(new String[] {text.substring(0, space).toUpperCase(Locale.ROOT), text.substring(space + 1)});
        current.setLength(0);
      }
    }
    return instructions;
  }

  static List<String> arguments(List<String[]> instructions, String keyword) {
    return instructions.stream().filter(i -> i[0].equals(keyword)).map(i -> i[1]).toList();
  }

  /** The JSON array of an exec-form ENTRYPOINT or CMD. */
  static List<String> execForm(String arguments) throws IOException {
    JsonNode array = JSON.readTree(arguments);
    assertThat(array.isArray()).as("exec form: %s", arguments).isTrue();
    return texts(array);
  }

  /** The text of every element {@code tag} of a pom. */
  List<String> pomElements(String pom, String tag) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document document = factory.newDocumentBuilder().parse(path(pom).toFile());
    NodeList nodes = document.getElementsByTagName(tag);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) texts.add(nodes.item(i).getTextContent().strip());
    return texts;
  }

  // ---- JSON trees

  static List<JsonNode> list(JsonNode array) {
    List<JsonNode> items = new ArrayList<>();
    array.forEach(items::add);
    return items;
  }

  static List<String> texts(JsonNode array) {
    List<String> items = new ArrayList<>();
    array.forEach(n -> items.add(n.asText()));
    return items;
  }

  static Set<String> names(JsonNode object) {
    Set<String> names = new TreeSet<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  static <T> T single(List<T> items) {
    assertThat(items).hasSize(1);
    return items.get(0);
  }
}
