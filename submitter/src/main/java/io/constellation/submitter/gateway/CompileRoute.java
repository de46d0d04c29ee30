package io.constellation.submitter.gateway;

import io.constellation.engine.Compiler;
import io.constellation.submitter.CompileReport;
import java.io.IOException;
import java.util.Set;

/**
 * {@code POST /compile {"source": "..."}}: checks a pipeline without running it. Always 200 for a well-formed
 * request, the verdict in the body ({@link CompileReport}, as {@code constellation compile --json} prints it).
 *
 * <p>Thread-safety: thread-safe (the compiler is immutable).
 */
final class CompileRoute {
  private static final Set<String> FIELDS = Set.of("source");

  private final Compiler compiler;

  CompileRoute(Compiler compiler) {
    this.compiler = compiler;
  }

  Response compile(GatewayRequest request) throws IOException {
    request.query(Set.of());
    String source = BodyFields.of(request.jsonBody(), FIELDS).requiredString("source");
    return Response.ok(CompileReport.toJson(compiler.compile(source)));
  }
}
