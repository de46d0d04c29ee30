package io.constellation.engine.types;

import io.constellation.engine.spi.FunctionSignature;
import io.constellation.engine.syntax.Ast;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Function name resolution (LANGUAGE.md 6.2): simple names through imports (or everything when the pipeline has
 * no {@code use}), qualified names through aliases. Reports E002, E004 and E005 and returns null after reporting.
 */
final class FunctionResolver {
  private final Environment env;
  private final Reporter reporter;

  FunctionResolver(Environment env, Reporter reporter) {
    this.env = env;
    this.reporter = reporter;
  }

  FunctionSignature resolve(Ast.QualifiedName name) {
    return name.segments().size() == 1 ? simple(name) : qualified(name);
  }

  private boolean visible(FunctionSignature signature) {
    return signature.namespace() == null || !env.anyUse || env.imports.contains(signature.namespace());
  }

  private FunctionSignature simple(Ast.QualifiedName name) {
    String f = name.text();
    List<FunctionSignature> all = env.modules.withSimpleName(f);
    List<String> candidates = new ArrayList<>();
    FunctionSignature found = null;
    for (FunctionSignature signature : all) {
      if (visible(signature)) {
        candidates.add(signature.qualifiedName());
        found = signature;
      }
    }
    candidates.sort(Type::compareCodePoints);
    if (candidates.size() == 1) return found;
    if (candidates.size() > 1) {
      reporter.error("E005", "Ambiguous function '" + f + "'. Candidates: " + String.join(", ", candidates),
          name.span());
      return null;
    }
    if (!all.isEmpty()) {
      List<String> hidden = new ArrayList<>();
      for (FunctionSignature signature : all) hidden.add(signature.qualifiedName());
      hidden.sort(Type::compareCodePoints);
      reporter.error("E002", "Undefined function: " + f + " (did you mean to import " + String.join(", ", hidden)
          + "?)", name.span());
      return null;
    }
    Set<String> callable = new LinkedHashSet<>();
    for (FunctionSignature signature : env.modules.signatures()) {
      if (visible(signature)) callable.add(signature.name());
    }
    reporter.error("E002", "Undefined function: " + f + Suggestions.suffix(f, callable), name.span());
    return null;
  }

  private FunctionSignature qualified(Ast.QualifiedName name) {
    List<Ast.Ident> segments = name.segments();
    String first = segments.get(0).name();
    StringBuilder written = new StringBuilder(first);
    StringBuilder namespace = new StringBuilder(env.aliases.getOrDefault(first, first));
    for (int i = 1; i < segments.size() - 1; i++) {
      written.append('.').append(segments.get(i).name());
      namespace.append('.').append(segments.get(i).name());
    }
    String function = segments.get(segments.size() - 1).name();
    var found = env.modules.find(namespace + "." + function);
    if (found.isPresent()) return found.get();
    if (!env.modules.isNamespace(namespace.toString())) {
      reporter.error("E004", "Undefined namespace: " + written, name.span());
      return null;
    }
    // Suggestions keep the prefix as written, so an alias stays an alias (LANGUAGE.md 13.13).
    List<String> sameNamespace = new ArrayList<>();
    for (FunctionSignature signature : env.modules.signatures()) {
      if (namespace.toString().equals(signature.namespace())) sameNamespace.add(written + "." + signature.name());
    }
    String text = name.text();
    reporter.error("E002", "Undefined function: " + text + Suggestions.suffix(text, sameNamespace), name.span());
    return null;
  }
}
