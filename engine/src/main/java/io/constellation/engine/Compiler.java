package io.constellation.engine;

import io.constellation.engine.dag.Dag;
import io.constellation.engine.dag.DagCodec;
import io.constellation.engine.lower.Lowering;
import io.constellation.engine.parse.ParseResult;
import io.constellation.engine.parse.Parser;
import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.engine.syntax.SourceText;
import io.constellation.engine.syntax.Span;
import io.constellation.engine.types.TypeChecker;
import io.constellation.engine.types.TypedPipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compiles constellation-lang source into a {@link CompiledPipeline}: parse, type check, lower to a DAG. Never
 * throws for bad source: every problem is a {@link Diagnostic} in the {@link CompileResult}.
 *
 * <p>Thread-safety: a {@code Compiler} is immutable; {@link #compile} may be called from any thread.
 */
public final class Compiler {
  private final ModuleRegistry modules;
  private final CompilerLimits limits;

  private Compiler(ModuleRegistry modules, CompilerLimits limits) {
    this.modules = modules;
    this.limits = limits;
  }

  public static Compiler create(ModuleRegistry modules) {
    return new Compiler(modules, CompilerLimits.DEFAULTS);
  }

  public static Compiler create(ModuleRegistry modules, CompilerLimits limits) {
    return new Compiler(modules, limits);
  }

  public ModuleRegistry modules() {
    return modules;
  }

  public CompileResult compile(String source) {
    SourceText text = new SourceText(source);
    try {
      ParseResult parsed = Parser.parse(text, limits);
      if (!parsed.ok()) {
        return new CompileResult(Optional.empty(), parsed.diagnostics(), List.of(), parsed.sourceHash());
      }
      TypedPipeline typed = TypeChecker.check(parsed.pipeline(), modules, text);
      List<Diagnostic> errors = new ArrayList<>();
      List<Diagnostic> warnings = new ArrayList<>();
      for (Diagnostic d : typed.diagnostics()) (d.isError() ? errors : warnings).add(d);
      if (!errors.isEmpty()) {
        return new CompileResult(Optional.empty(), errors, warnings, parsed.sourceHash());
      }
      Dag dag = Lowering.lower(typed);
      CompiledPipeline pipeline = new CompiledPipeline(dag, parsed.sourceHash(), DagCodec.structuralHash(dag),
          modules.registryHash());
      return new CompileResult(Optional.of(pipeline), List.of(), warnings, parsed.sourceHash());
    } catch (StackOverflowError | RuntimeException e) {
      // A compiler bug must still come out as a diagnostic, never as an exception to the caller.
      Diagnostic internal = Diagnostic.error("E900", "Internal compiler error: " + e, Span.NONE, text);
      return new CompileResult(Optional.empty(), List.of(internal), List.of(), null);
    }
  }
}
