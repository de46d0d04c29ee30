package io.constellation.testkit;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving tests the JVM's shared PostgreSQL ({@link TestInfrastructure#postgres()}).
 *
 * <pre>{@code
 * @ExtendWith(PostgresExtension.class)
 * final class SomethingTest {
 *   @Test void something_condition_outcome(PostgresService postgres) { ... }
 * }
 * }</pre>
 *
 * <p>Resolves {@link PostgresService} parameters (constructor, lifecycle and test methods) and, before each test,
 * starts the shared service again if an earlier fault test stopped it and did not restart it, so one failed
 * test does not fail the rest of the JVM's tests.
 *
 * <p>Thread-safety: stateless.
 */
public final class PostgresExtension implements ParameterResolver, BeforeEachCallback {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == PostgresService.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return TestInfrastructure.postgres();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    PostgresService service = TestInfrastructure.postgres();
    if (!service.external() && !service.running()) {
      service.start();
    }
  }
}
