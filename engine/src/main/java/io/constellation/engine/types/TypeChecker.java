package io.constellation.engine.types;

import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.engine.syntax.Ast;
import io.constellation.engine.syntax.SourceText;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The type checker (LANGUAGE.md 3 to 7): checks declarations strictly in source order with a growing environment,
 * stops after the first declaration that has errors (reporting all of that declaration's errors), and finally
 * warns about assignments no output needs.
 *
 * <pre>{@code
 * TypedPipeline typed = TypeChecker.check(parsed.pipeline(), ModuleRegistry.standard(), source);
 * if (typed.ok()) dag = Lowering.lower(typed);
 * }</pre>
 */
public final class TypeChecker {
  private final Reporter reporter;
  private final Environment env;
  private final TypeResolver resolver;
  private final ExprChecker exprs;
  private final List<TypedPipeline.Input> inputs = new ArrayList<>();
  private final Map<String, TypedPipeline.Assignment> assignments = new LinkedHashMap<>();
  private final Map<String, TypedPipeline.Output> outputs = new LinkedHashMap<>();

  private TypeChecker(ModuleRegistry modules, SourceText source, boolean anyUse) {
    this.reporter = new Reporter(source);
    this.env = new Environment(modules, anyUse);
    this.resolver = new TypeResolver(reporter, env.types);
    this.exprs = new ExprChecker(env, reporter, resolver);
  }

  /** Checks a parsed pipeline against the functions of {@code modules}; never throws for bad source. */
  public static TypedPipeline check(Ast.Pipeline pipeline, ModuleRegistry modules, SourceText source) {
    boolean anyUse = pipeline.declarations().stream().anyMatch(d -> d instanceof Ast.UseDecl);
    TypeChecker checker = new TypeChecker(modules, source, anyUse);
    for (Ast.Decl declaration : pipeline.declarations()) {
      int before = checker.reporter.errorCount();
      checker.declaration(declaration);
      if (checker.reporter.errorCount() > before) break;
    }
    Map<String, TypedPipeline.Assignment> used = checker.reporter.errorCount() == 0
        ? checker.usedAssignments() : Map.of();
    return new TypedPipeline(checker.reporter.inSourceOrder(), checker.inputs, used,
        List.copyOf(checker.outputs.values()));
  }

  private void declaration(Ast.Decl declaration) {
    switch (declaration) {
      case Ast.TypeDef def -> typeDef(def);
      case Ast.InputDecl input -> input(input);
      case Ast.OutputDecl output -> output(output);
      case Ast.UseDecl use -> use(use);
      case Ast.Assignment assignment -> assignment(assignment);
    }
  }

  private void typeDef(Ast.TypeDef def) {
    String name = def.name().name();
    boolean duplicate = TypeResolver.BUILT_IN_NAMES.contains(name) || env.types.containsKey(name);
    if (duplicate) reporter.error("E030", "Duplicate definition: " + name, def.name().span());
    Type type = resolver.resolve(def.type());
    if (!duplicate && type != null) env.types.put(name, type);
  }

  private void input(Ast.InputDecl input) {
    List<TypedExpr> examples = new ArrayList<>();
    List<Ast.Expr> exampleExprs = new ArrayList<>();
    for (Ast.Annotation annotation : input.annotations()) {
      if (annotation.example() != null) {
        TypedExpr example = exprs.check(annotation.example());
        if (example != null) {
          examples.add(example);
          exampleExprs.add(annotation.example());
        }
      } else {
        annotationWarning(annotation);
      }
    }
    String name = input.name().name();
    boolean duplicate = env.values.containsKey(name);
    if (duplicate) reporter.error("E030", "Duplicate definition: " + name, input.name().span());
    Type type = resolver.resolve(input.type());
    if (type == null || duplicate) return;
    for (int i = 0; i < examples.size(); i++) {
      if (!Subtyping.isSubtype(examples.get(i).type(), type)) {
        exprs.mismatch(type.render(), examples.get(i).type(), exampleExprs.get(i).span());
      }
    }
    env.values.put(name, new Environment.Value(true, type));
    inputs.add(new TypedPipeline.Input(name, type, input.name().span()));
  }

  private void annotationWarning(Ast.Annotation annotation) {
    reporter.warning("Annotation '@" + annotation.kind().name() + "' is ignored by the batch runtime",
        annotation.span());
  }

  private void output(Ast.OutputDecl output) {
    for (Ast.Annotation annotation : output.annotations()) annotationWarning(annotation);
    String name = output.name().name();
    Environment.Value value = env.values.get(name);
    if (value == null) {
      reporter.error("E001", "Undefined variable: " + name + Suggestions.suffix(name, env.values.keySet()),
          output.name().span());
      return;
    }
    if (outputs.containsKey(name)) {
      reporter.error("E030", "Duplicate output: " + name, output.name().span());
      return;
    }
    TypedExpr ref = value.input() ? new TypedExpr.InputRef(name, value.type(), output.name().span())
        : new TypedExpr.AssignmentRef(name, value.type(), output.name().span());
    outputs.put(name, new TypedPipeline.Output(name, ref, output.name().span()));
  }

  private void use(Ast.UseDecl use) {
    String namespace = use.namespace().text();
    boolean valid = env.modules.isNamespace(namespace);
    if (!valid) reporter.error("E004", "Undefined namespace: " + namespace, use.namespace().span());
    if (use.alias() != null) {
      String alias = use.alias().name();
      if (env.aliases.containsKey(alias)) {
        reporter.error("E030", "Duplicate definition: " + alias, use.alias().span());
      } else if (valid) {
        env.aliases.put(alias, namespace);
      }
    } else if (valid) {
      env.imports.add(namespace);
    }
  }

  private void assignment(Ast.Assignment assignment) {
    String name = assignment.name().name();
    boolean duplicate = env.values.containsKey(name);
    if (duplicate) reporter.error("E030", "Duplicate definition: " + name, assignment.name().span());
    TypedExpr value = exprs.check(assignment.value());
    if (value == null || duplicate) return;
    env.values.put(name, new Environment.Value(false, value.type()));
    assignments.put(name, new TypedPipeline.Assignment(name, value, assignment.name().span()));
  }

  /**
   * The assignments reachable from the outputs through static dependencies (every arm, fallbacks and lambda
   * bodies count); the others get the warning {@code unused assignment 'x'} (LANGUAGE.md 3).
   */
  private Map<String, TypedPipeline.Assignment> usedAssignments() {
    Set<String> reached = new HashSet<>();
    Deque<String> pending = new ArrayDeque<>();
    for (TypedPipeline.Output output : outputs.values()) {
      if (output.value() instanceof TypedExpr.AssignmentRef ref && reached.add(ref.name())) pending.push(ref.name());
    }
    while (!pending.isEmpty()) {
      for (String dependency : References.assignments(assignments.get(pending.pop()).value())) {
        if (reached.add(dependency)) pending.push(dependency);
      }
    }
    Map<String, TypedPipeline.Assignment> used = new LinkedHashMap<>();
    for (TypedPipeline.Assignment assignment : assignments.values()) {
      if (reached.contains(assignment.name())) {
        used.put(assignment.name(), assignment);
      } else {
        reporter.warning("unused assignment '" + assignment.name() + "'", assignment.span());
      }
    }
    return used;
  }
}
