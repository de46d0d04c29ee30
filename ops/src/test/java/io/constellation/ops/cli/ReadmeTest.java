package io.constellation.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.constellation.history.HistorySettings;
import io.constellation.ops.bench.BenchModules;
import io.constellation.ops.logging.LogSetup;
import io.constellation.streams.StreamsSettings;
import io.constellation.submitter.gateway.GatewaySettings;
import io.constellation.worker.Setting;
import io.constellation.worker.WorkerSettings;
import io.constellation.worker.admin.AdminServer;
import io.constellation.worker.admin.MetricsView;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * README.md as written. Every {@code constellation} command line in a code block names a command of {@link Main}'s
 * usage (and one of its subcommands), and its parser accepts every flag: a probe flag appended to the line must be
 * the first one refused, which happens before anything is contacted or started. {@code run}, {@code compile},
 * {@code modules} and {@code --help} lines run for real and must exit 0; {@code constellation demo} runs in
 * {@link DemoCommandTest}. Command synopses in the prose use only flags of their command's usage text; pipelines
 * compile; the module example compiles, packages and runs as shown; curl examples call routes the gateway or a
 * worker serves. The configuration reference names only variables the code reads, and every variable the code
 * names is in the README.
 */
final class ReadmeTest {
  private static final Path ROOT = Path.of("..");
  private static final String PROBE = "--readme-probe";
  private static final Pattern OUR_VARIABLE =
      Pattern.compile("\\b(?:CONSTELLATION|KAFKA|REDIS|POSTGRES)_[A-Z0-9_]*[A-Z0-9]\\b");
  private static final Pattern ANY_VARIABLE = Pattern.compile("\\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\\b");
  private static final Pattern FLAG = Pattern.compile("--[a-z][a-z0-9-]*");
  private static final Pattern PATH_LIKE = Pattern.compile(".*(/.*|\\.cst|\\.json|\\.jsonl|\\.jar)");
  private static final Pattern URL = Pattern.compile("https?://[^/\\s'\"]+(/[^\\s'\"?;|)]*)?");
  private static final Set<String> RUN_FOR_REAL = Set.of("run", "compile", "modules");
  private static final String CONFIGURATION = "## Configuration reference";
  private static final String SET_UP = "## Set-up: two commands";
  private static final String PROVIDER_FILE = "META-INF/services/io.constellation.engine.spi.ModuleProvider";

  private static final Readme README = Readme.load();
  private static final List<Form> FORMS = Form.ofUsage(CliRunner.run("help").stdout());

  @TempDir static Path dir;
  private static Path moduleJar;

  // ---- command lines and synopses ----

  static Stream<Arguments> commandLines() {
    return README.commands().stream().map(c -> Arguments.of(c.line(), c));
  }

  @ParameterizedTest(name = "README.md:{0}: {1}")
  @MethodSource("commandLines")
  void commandLine_namesAKnownCommand_andEveryFlagIsAccepted(int line, Command command) {
    assertThat(Form.problem(FORMS, command.args())).as(command.text()).isEmpty();
    Map<String, String> env = new HashMap<>(command.env());
    env.put("CONSTELLATION_HOME", dir.resolve("home").toString());

    if (command.args().contains("--help")) {
      CliRunner.Outcome help = CliRunner.run(env, command.args().toArray(String[]::new));
      assertThat(help.exitCode()).as(command.text() + "\n" + help.stderr()).isZero();
      assertThat(help.stdout()).isNotBlank();
    } else if (command.runsForReal()) {
      CliRunner.Outcome real = CliRunner.run(env, command.atRoot(Map.of()).toArray(String[]::new));
      assertThat(real.exitCode()).as(command.text() + "\n" + real.stderr()).isZero();
    } else {
      CliRunner.Outcome probed = CliRunner.run(env, command.withProbe().toArray(String[]::new));
      assertThat(probed.exitCode()).as(command.text() + "\n" + probed.stderr()).isEqualTo(64);
      assertThat(probed.stderr()).as("the first flag refused must be the probe: " + command.text())
          .contains(PROBE);
    }
  }

  @Test
  void readme_hasCommandLinesOfEveryKind() {
    List<Command> commands = README.commands();

    assertThat(commands).hasSizeGreaterThan(40);
    assertThat(commands.stream().filter(Command::runsForReal).count()).isGreaterThanOrEqualTo(5);
    assertThat(commands.stream().filter(c -> c.args().contains("--help")).count()).isGreaterThanOrEqualTo(2);
    assertThat(commands.stream().map(c -> c.args().get(0)).collect(Collectors.toSet()))
        .contains("demo", "dev", "submit", "batch", "history", "status", "replay", "dlq", "gateway", "streams",
            "worker", "bench", "cache", "circuits");
  }

  static Stream<Arguments> synopses() {
    return README.synopses().entrySet().stream().map(e -> Arguments.of(e.getValue(), e.getKey()));
  }

  @ParameterizedTest(name = "README.md:{0}: {1}")
  @MethodSource("synopses")
  void synopsis_namesAKnownCommand_withFlagsOfItsUsage(int line, String synopsis) {
    List<String> words = List.of(synopsis.substring("constellation ".length()).strip().split("\\s+"));
    assertThat(Form.problem(FORMS, words)).as(synopsis).isEmpty();
    String usage = usage(words.get(0));
    Matcher flags = FLAG.matcher(synopsis);
    while (flags.find()) {
      assertThat(Pattern.compile("(?<![\\w-])" + Pattern.quote(flags.group()) + "(?![\\w-])").matcher(usage).find())
          .as("%s is not in the usage of '%s'", flags.group(), words.get(0)).isTrue();
    }
  }

  @Test
  void setUp_showsExactlyTheDemoAndTheCiTestCommand() throws IOException {
    String ciCommand = Files.readAllLines(ROOT.resolve(".ci/run")).stream().map(String::strip)
        .filter(l -> l.startsWith("./mvnw")).reduce((a, b) -> b).orElseThrow();
    List<String> shown = README.blocksIn(SET_UP).stream().filter(b -> b.language().equals("bash"))
        .flatMap(b -> Block.logicalLines(b.lines()).stream()).filter(l -> !l.isBlank() && !l.startsWith("#"))
        .toList();

    assertThat(shown).containsExactly("./constellation demo", ciCommand);
  }

  @Test
  void everyCommandLine_isInABashBlock() {
    List<String> indented = README.prose().stream()
        .filter(l -> l.matches(" {4,}(\\./)?constellation\\s.*")).toList();
    List<String> elsewhere = README.blocks().stream().filter(b -> !b.language().equals("bash"))
        .flatMap(b -> b.lines().stream()).filter(l -> l.strip().startsWith("./constellation ")).toList();

    assertThat(indented).as("indented code is not checked: use a fenced bash block").isEmpty();
    assertThat(elsewhere).as("command lines are checked in bash blocks only").isEmpty();
  }

  // ---- pipelines and the module example ----

  @Test
  void everyPipelineBlock_compiles() throws IOException {
    List<Block> pipelines = README.blocks().stream().filter(b -> b.language().equals("constellation")).toList();
    assertThat(pipelines).isNotEmpty();
    for (Block pipeline : pipelines) {
      Path file = Files.writeString(dir.resolve("block-" + pipeline.firstLine() + ".cst"),
          String.join("\n", pipeline.lines()) + "\n");
      CliRunner.Outcome compiled = CliRunner.run("compile", file.toString(), "--module-path", moduleJar().toString());
      assertThat(compiled.exitCode()).as("pipeline at README.md:%d\n%s", pipeline.firstLine(), compiled.stdout())
          .isZero();
    }
  }

  @Test
  void moduleExample_compilesPackagesAndRunsAsShown() throws IOException {
    Path jar = moduleJar();
    Block provider = README.providerBlock();
    String pipelineName = README.commands().stream().filter(c -> c.args().get(0).equals("run")
            && c.args().contains(jar.getFileName().toString()))
        .map(c -> c.args().get(1)).findFirst().orElseThrow();
    Block pipeline = README.blocks().stream().filter(b -> b.language().equals("constellation")
        && b.firstLine() > provider.firstLine()).findFirst().orElseThrow();
    Path cst = Files.writeString(dir.resolve(pipelineName), String.join("\n", pipeline.lines()) + "\n");
    Map<String, Path> created = Map.of(jar.getFileName().toString(), jar, pipelineName, cst);

    List<Command> usingIt = README.commands().stream().filter(c -> RUN_FOR_REAL.contains(c.args().get(0))
        && c.args().stream().anyMatch(created::containsKey)).toList();
    assertThat(usingIt).hasSizeGreaterThanOrEqualTo(2);
    for (Command command : usingIt) {
      CliRunner.Outcome outcome = CliRunner.run(command.atRoot(created).toArray(String[]::new));
      assertThat(outcome.exitCode()).as(command.text() + "\n" + outcome.stderr()).isZero();
      assertThat(outcome.stdout()).isNotBlank();
    }
    assertThat(README.text()).as("the services file names the provider")
        .contains("echo " + provider.qualifiedClassName() + " > build/classes/" + PROVIDER_FILE);
  }

  /** The README's ModuleProvider compiled against the engine and packaged as the README says, built once. */
  private static synchronized Path moduleJar() throws IOException {
    if (moduleJar != null) return moduleJar;
    Block provider = README.providerBlock();
    String jarName = README.commands().stream()
        .filter(c -> c.args().get(0).equals("modules") && c.args().contains("--module-path"))
        .map(c -> c.args().get(c.args().indexOf("--module-path") + 1)).findFirst().orElseThrow();
    Path build = Files.createDirectories(dir.resolve("module-build"));
    Path source = build.resolve(provider.qualifiedClassName().replace('.', '/') + ".java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, String.join("\n", provider.lines()) + "\n");
    Path classes = Files.createDirectories(build.resolve("classes"));
    String engine;
    try {
      engine = Path.of(io.constellation.engine.spi.Module.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    ByteArrayOutputStream javacOutput = new ByteArrayOutputStream();
    int javac = ToolProvider.getSystemJavaCompiler().run(null, javacOutput, javacOutput, "-proc:none",
        "-cp", engine, "-d", classes.toString(), source.toString());
    assertThat(javac).as(javacOutput.toString(StandardCharsets.UTF_8)).isZero();
    Path services = classes.resolve(PROVIDER_FILE);
    Files.createDirectories(services.getParent());
    Files.writeString(services, provider.qualifiedClassName() + "\n");
    Path jar = dir.resolve(jarName);
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
        Stream<Path> entries = Files.walk(classes)) {
      for (Path entry : entries.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(entry).toString().replace('\\', '/')));
        Files.copy(entry, out);
        out.closeEntry();
      }
    }
    moduleJar = jar;
    return jar;
  }

  // ---- HTTP examples ----

  @Test
  void curlExamples_callRoutesTheGatewayOrAWorkerServes() throws Exception {
    JsonNode openApi;
    try (InputStream in = ReadmeTest.class.getResourceAsStream("/io/constellation/submitter/gateway/openapi.json")) {
      openApi = Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    MetricsView noMetrics = new MetricsView() {
      @Override
      public JsonNode toJson() {
        return JsonNodeFactory.instance.objectNode();
      }

      @Override
      public String prometheusText() {
        return "";
      }
    };
    List<String> calls = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    try (HttpClient http = HttpClient.newHttpClient();
        AdminServer worker = AdminServer.start(0, () -> AdminServer.Readiness.ready(Map.of()), noMetrics)) {
      for (String line : README.codeLines()) {
        if (!line.contains("curl ")) continue;
        String method = line.matches(".*(\\s-d\\s|\\s--data\\s|-X POST).*") ? "post" : "get";
        Matcher url = URL.matcher(line);
        while (url.find()) {
          String path = url.group(1) == null ? "/" : url.group(1);
          calls.add(method + " " + path);
          if (gatewayServes(openApi, method, path)) continue;
          HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + worker.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
          if (!method.equals("get") || answer.statusCode() == 404 && answer.body().contains("no such endpoint")) {
            unknown.add(method.toUpperCase(Locale.ROOT) + " " + path + " in: " + line);
          }
        }
      }
    }

    assertThat(calls).hasSizeGreaterThan(10);
    assertThat(unknown).as("curl calls no gateway route and no worker endpoint answers").isEmpty();
  }

  private static boolean gatewayServes(JsonNode openApi, String method, String path) {
    for (var route : openApi.get("paths").properties()) {
      String template = route.getKey().replaceAll("\\{[^}]+}", "[^/]+");
      if (path.matches(template) && route.getValue().has(method)) return true;
    }
    return false;
  }

  // ---- environment variables ----

  @Test
  void configurationReference_namesOnlyVariablesTheCodeReads() throws IOException {
    String code = Code.text();
    Set<String> named = README.configurationVariables();

    assertThat(named).hasSizeGreaterThan(40);
    assertThat(named.stream().filter(v -> !Pattern.compile("\\b" + v + "\\b").matcher(code).find()).toList())
        .as("named in the configuration reference, read nowhere").isEmpty();
    assertThat(README.variablesAnywhere().stream()
        .filter(v -> !Pattern.compile("\\b" + v + "\\b").matcher(code).find()).toList())
        .as("CONSTELLATION_/KAFKA_/REDIS_/POSTGRES_ names in the README that the code does not know").isEmpty();
  }

  @Test
  void everyVariableTheCodeNames_isInTheReadme() throws IOException {
    Set<String> missing = new TreeSet<>(Code.variables());
    missing.removeAll(README.variablesAnywhere());

    assertThat(Code.variables()).contains("CONSTELLATION_HOME", "CONSTELLATION_MODULE_PATH", "POSTGRES_URL");
    assertThat(missing).as("variables in string literals of */src/main/java or the launcher, not in README.md")
        .isEmpty();
  }

  @Test
  void everySettingOfTheProcesses_isInTheConfigurationReference() {
    List<String> settings = new ArrayList<>(StreamsSettings.VARIABLES);
    WorkerSettings.ALL.forEach(s -> settings.add(s.env()));
    settings.addAll(List.of(GatewaySettings.PORT, GatewaySettings.HOST, GatewaySettings.API_KEYS,
        GatewaySettings.ALLOW_NO_AUTH, GatewaySettings.RUN_TIMEOUT, HistorySettings.URL_VARIABLE,
        HistorySettings.USER_VARIABLE, HistorySettings.PASSWORD_VARIABLE, HistorySettings.POOL_SIZE_VARIABLE,
        LogSetup.FORMAT_VARIABLE, LogSetup.LEVEL_VARIABLE, BenchModules.ENABLE_VARIABLE));

    assertThat(README.configurationVariables()).containsAll(settings);
    for (Setting<?> setting : WorkerSettings.ALL) {
      assertThat(README.configurationRows()).as("a row with %s and its flag %s", setting.env(), setting.flag())
          .anyMatch(row -> row.contains("`" + setting.env() + "`") && row.contains("`" + setting.flag() + "`"));
    }
  }

  private static String usage(String command) {
    StringBuilder usage = new StringBuilder();
    FORMS.stream().filter(f -> f.command().equals(command)).forEach(f -> usage.append(f.usage()).append('\n'));
    CliRunner.run("help").stdout().lines().filter(l -> !l.startsWith(" ")).forEach(l -> usage.append(l).append('\n'));
    CliRunner.Outcome help = CliRunner.run(Map.of("CONSTELLATION_HOME", dir.resolve("home").toString()),
        command, "--help");
    if (help.exitCode() == 0) usage.append(help.stdout());
    return usage.toString();
  }

  // ---- the README's parts ----

  /** A fenced code block: its language tag, the README line of its first content line, and its lines. */
  record Block(String language, int firstLine, List<String> lines) {
    /** The lines with backslash continuations joined. */
    static List<String> logicalLines(List<String> lines) {
      List<String> logical = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      for (String line : lines) {
        if (line.endsWith("\\")) {
          current.append(line, 0, line.length() - 1).append(' ');
          continue;
        }
        logical.add(current.append(line).toString().strip());
        current.setLength(0);
      }
      if (!current.isEmpty()) logical.add(current.toString().strip());
      return logical;
    }

    String qualifiedClassName() {
      String text = String.join("\n", lines);
      Matcher pkg = Pattern.compile("(?m)^package ([\\w.]+);").matcher(text);
      Matcher type = Pattern.compile("public final class (\\w+)").matcher(text);
      assertThat(pkg.find() && type.find()).as("package and class of the module example").isTrue();
      return pkg.group(1) + "." + type.group(1);
    }
  }

  /**
   * One {@code constellation} command line of a code block: the variables set before it, and its words after the
   * launcher, shell quoting removed.
   */
  record Command(int line, Map<String, String> env, List<String> args, String text) {
    /** Words of a shell line, quotes removed, up to the first unquoted |, ;, &, <, > or comment. */
    static List<String> words(String line) {
      List<String> words = new ArrayList<>();
      StringBuilder word = null;
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (c == '\'') {
          int end = line.indexOf('\'', i + 1);
          assertThat(end).as("unterminated quote in: %s", line).isPositive();
          word = (word == null ? new StringBuilder() : word).append(line, i + 1, end);
          i = end;
        } else if (c == '"') {
          word = word == null ? new StringBuilder() : word;
          for (i++; i < line.length() && line.charAt(i) != '"'; i++) {
            if (line.charAt(i) == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) i++;
            word.append(line.charAt(i));
          }
        } else if (c == '\\' && i + 1 < line.length()) {
          word = (word == null ? new StringBuilder() : word).append(line.charAt(++i));
        } else if (Character.isWhitespace(c)) {
          if (word != null) words.add(word.toString());
          word = null;
        } else if ("|;&<>".indexOf(c) >= 0 || c == '#' && word == null) {
          break;
        } else {
          word = (word == null ? new StringBuilder() : word).append(c);
        }
      }
      if (word != null) words.add(word.toString());
      return words;
    }

    static Optional<Command> parse(int line, String text) {
      List<String> words = new ArrayList<>(words(text));
      Map<String, String> env = new LinkedHashMap<>();
      while (!words.isEmpty() && words.get(0).matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
        String assignment = words.remove(0);
        env.put(assignment.substring(0, assignment.indexOf('=')), assignment.substring(assignment.indexOf('=') + 1));
      }
      if (words.size() < 2 || !Set.of("./constellation", "constellation").contains(words.get(0))) {
        return Optional.empty();
      }
      return Optional.of(new Command(line, env, List.copyOf(words.subList(1, words.size())), text));
    }

    /** run, compile and modules lines whose files all exist in the repository run for real. */
    boolean runsForReal() {
      return RUN_FOR_REAL.contains(args.get(0)) && args.stream().skip(1)
          .filter(a -> !a.startsWith("-") && PATH_LIKE.matcher(a).matches())
          .allMatch(a -> Files.exists(ROOT.resolve(a)));
    }

    /** The words with files of the repository (and the given created ones) found from this module's directory. */
    List<String> atRoot(Map<String, Path> created) {
      return args.stream().map(a -> {
        if (created.containsKey(a)) return created.get(a).toString();
        boolean file = !a.startsWith("-") && PATH_LIKE.matcher(a).matches() && Files.exists(ROOT.resolve(a));
        return file ? ROOT.resolve(a).toString() : a;
      }).toList();
    }

    /** The words with the probe flag before any {@code --}, so it is parsed as an option. */
    List<String> withProbe() {
      List<String> probed = new ArrayList<>(args);
      int end = probed.indexOf("--");
      probed.add(end < 0 ? probed.size() : end, PROBE);
      return probed;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /**
   * One form of a command in {@link Main}'s usage: "cache keys", "topics create", "run" taking a positional
   * FILE, "history" taking none.
   */
  record Form(String command, String sub, boolean positional, String usage) {
    private static final String SUB = "[a-z][a-z-]*";

    static List<Form> ofUsage(String help) {
      List<Form> forms = new ArrayList<>();
      List<String> lines = help.lines().toList();
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (!line.matches(" {2}[a-z].*")) continue;
        StringBuilder block = new StringBuilder(line);
        for (int j = i + 1; j < lines.size() && lines.get(j).startsWith("   "); j++) {
          block.append('\n').append(lines.get(j));
        }
        String[] words = line.strip().split("\\s+");
        if (words.length > 1 && words[1].matches(SUB + "(\\|" + SUB + ")*")) {
          for (String sub : words[1].split("\\|")) forms.add(new Form(words[0], sub, false, block.toString()));
        } else {
          boolean positional = words.length > 1 && Character.isUpperCase(words[1].charAt(0));
          forms.add(new Form(words[0], null, positional, block.toString()));
        }
        for (int k = 2; k + 1 < words.length; k++) {
          if (words[k].equals("|") && words[k + 1].matches(SUB)) {
            forms.add(new Form(words[0], words[k + 1], false, block.toString()));
          }
        }
      }
      assertThat(forms).as("forms parsed from 'constellation help'").hasSizeGreaterThan(20);
      return forms;
    }

    /** Why {@code words} (command first) match no form, or empty when one matches. */
    static Optional<String> problem(List<Form> forms, List<String> words) {
      List<Form> ofCommand = forms.stream().filter(f -> f.command().equals(words.get(0))).toList();
      if (ofCommand.isEmpty()) return Optional.of("'" + words.get(0) + "' is not a command of 'constellation help'");
      String second = words.size() > 1 ? words.get(1).replaceFirst("^[\\[(]+", "") : "";
      List<String> alternatives = second.isEmpty() || second.startsWith("-") ? List.of("")
          : List.of(second.split("\\|"));
      for (String word : alternatives) {
        boolean matches = ofCommand.stream().anyMatch(f -> f.sub() != null ? f.sub().equals(word)
            : word.isEmpty() || f.positional());
        if (!matches) return Optional.of("'" + words.get(0) + " " + word + "' matches no form of 'constellation help'");
      }
      return Optional.empty();
    }
  }

  /** README.md: its lines, its fenced code blocks and what is in them. */
  record Readme(List<String> lines, List<Block> blocks, List<String> prose) {
    static Readme load() {
      List<String> lines;
      try {
        lines = Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read README.md", e);
      }
      List<Block> blocks = new ArrayList<>();
      List<String> prose = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (!line.startsWith("```")) {
          prose.add(line);
          continue;
        }
        int start = i + 1;
        int end = start;
        while (end < lines.size() && !lines.get(end).startsWith("```")) end++;
        assertThat(end).as("unclosed code block at README.md:%d", i + 1).isLessThan(lines.size());
        blocks.add(new Block(line.substring(3).strip(), start + 1, List.copyOf(lines.subList(start, end))));
        i = end;
      }
      return new Readme(lines, blocks, prose);
    }

    String text() {
      return String.join("\n", lines);
    }

    List<String> codeLines() {
      return blocks.stream().flatMap(b -> Block.logicalLines(b.lines()).stream()).toList();
    }

    List<Command> commands() {
      List<Command> commands = new ArrayList<>();
      for (Block block : blocks) {
        if (!block.language().equals("bash")) continue;
        int line = block.firstLine();
        StringBuilder current = new StringBuilder();
        int start = line;
        for (String text : block.lines()) {
          if (current.isEmpty()) start = line;
          line++;
          if (text.endsWith("\\")) {
            current.append(text, 0, text.length() - 1).append(' ');
            continue;
          }
          Command.parse(start, current.append(text).toString().strip()).ifPresent(commands::add);
          current.setLength(0);
        }
      }
      return commands;
    }

    /** Inline code spans of the prose that start with "constellation ", with the line of their first use. */
    Map<String, Integer> synopses() {
      Map<String, Integer> synopses = new LinkedHashMap<>();
      Pattern span = Pattern.compile("`([^`]+)`");
      int inBlock = 0;
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).startsWith("```")) inBlock ^= 1;
        if (inBlock == 1 || lines.get(i).startsWith("```")) continue;
        Matcher m = span.matcher(lines.get(i));
        while (m.find()) {
          String code = m.group(1).replace("\\|", "|").strip().replaceFirst("^\\./", "");
          if (code.startsWith("constellation ")) synopses.putIfAbsent(code, i + 1);
        }
      }
      return synopses;
    }

    List<String> section(String heading) {
      int start = lines.indexOf(heading);
      assertThat(start).as("README.md has the section '%s'", heading).isNotNegative();
      int end = start + 1;
      boolean inBlock = false;
      for (; end < lines.size(); end++) {
        if (lines.get(end).startsWith("```")) inBlock = !inBlock;
        if (!inBlock && lines.get(end).startsWith("## ")) break;
      }
      return lines.subList(start, end);
    }

    List<Block> blocksIn(String heading) {
      int start = lines.indexOf(heading) + 1;
      int end = start + section(heading).size();
      return blocks.stream().filter(b -> b.firstLine() > start && b.firstLine() <= end).toList();
    }

    /** The table rows of the configuration reference. */
    List<String> configurationRows() {
      return section(CONFIGURATION).stream().filter(l -> l.startsWith("| `")).toList();
    }

    /** Variables in the first cell of the configuration reference's rows. */
    Set<String> configurationVariables() {
      Set<String> variables = new TreeSet<>();
      for (String row : configurationRows()) {
        String firstCell = row.substring(1, row.indexOf(" | ", 1) < 0 ? row.length() : row.indexOf(" | ", 1));
        Matcher m = ANY_VARIABLE.matcher(firstCell);
        while (m.find()) variables.add(m.group());
      }
      return variables;
    }

    Set<String> variablesAnywhere() {
      Set<String> variables = new TreeSet<>();
      Matcher m = OUR_VARIABLE.matcher(text());
      while (m.find()) variables.add(m.group());
      return variables;
    }

    Block providerBlock() {
      return blocks.stream().filter(b -> b.language().equals("java")
          && String.join("\n", b.lines()).contains("implements ModuleProvider")).findFirst().orElseThrow();
    }
  }

  /** The main code: Java sources under {@code *}{@code /src/main/java} and the launcher scripts. */
  static final class Code {
    private Code() {}

    static List<Path> javaSources() throws IOException {
      List<Path> sources = new ArrayList<>();
      try (Stream<Path> modules = Files.list(ROOT)) {
        for (Path main : modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
          try (Stream<Path> files = Files.walk(main)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(sources::add);
          }
        }
      }
      assertThat(sources).hasSizeGreaterThan(100);
      return sources;
    }

    static List<Path> scripts() throws IOException {
      List<Path> scripts = new ArrayList<>(List.of(ROOT.resolve("constellation"), ROOT.resolve(".ci/run")));
      try (Stream<Path> files = Files.list(ROOT.resolve("ops/scripts"))) {
        files.forEach(scripts::add);
      }
      return scripts;
    }

    /** Everything the code says, comments included: where a variable's name is looked for. */
    static String text() throws IOException {
      StringBuilder text = new StringBuilder();
      for (Path file : javaSources()) text.append(Files.readString(file)).append('\n');
      for (Path file : scripts()) text.append(Files.readString(file)).append('\n');
      return text.toString();
    }

    /** The variable names in string literals of the Java sources, and in the launcher scripts. */
    static Set<String> variables() throws IOException {
      Set<String> variables = new TreeSet<>();
      for (Path file : javaSources()) {
        for (String literal : stringLiterals(Files.readString(file))) {
          Matcher m = OUR_VARIABLE.matcher(literal);
          while (m.find()) variables.add(m.group());
        }
      }
      for (Path file : scripts()) {
        Matcher m = OUR_VARIABLE.matcher(Files.readString(file));
        while (m.find()) variables.add(m.group());
      }
      return variables;
    }

    /** The string literals and text blocks of a Java source; comments and char literals are skipped. */
    static List<String> stringLiterals(String source) {
      List<String> literals = new ArrayList<>();
      int n = source.length();
      int i = 0;
      while (i < n) {
        if (source.startsWith("//", i)) {
          int end = source.indexOf('\n', i);
          i = end < 0 ? n : end;
        } else if (source.startsWith("/*", i)) {
          int end = source.indexOf("*/", i + 2);
          i = end < 0 ? n : end + 2;
        } else if (source.startsWith("\"\"\"", i)) {
          int end = source.indexOf("\"\"\"", i + 3);
          end = end < 0 ? n : end;
          literals.add(source.substring(i + 3, end));
          i = end + 3;
        } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
          char quote = source.charAt(i);
          int j = i + 1;
          while (j < n && source.charAt(j) != quote && source.charAt(j) != '\n') j += source.charAt(j) == '\\' ? 2 : 1;
          if (quote == '"') literals.add(source.substring(i + 1, Math.min(j, n)));
          i = j + 1;
        } else {
          i++;
        }
      }
      return literals;
    }
  }
}
