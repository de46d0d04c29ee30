package io.constellation.testkit;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving tests the JVM's shared Redis ({@link TestInfrastructure#redis()}).
 *
 * <pre>{@code
 * @ExtendWith(RedisExtension.class)
 * final class SomethingTest {
 *   @Test void something_condition_outcome(RedisService redis) { ... }
 * }
 * }</pre>
 *
 * <p>Resolves {@link RedisService} parameters (constructor, lifecycle and test methods) and, before each test,
 * starts the shared service again if an earlier fault test stopped it and did not restart it, so one failed
 * test does not fail the rest of the JVM's tests.
 *
 * <p>Thread-safety: stateless.
 */
public final class RedisExtension implements ParameterResolver, BeforeEachCallback {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RedisService.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return TestInfrastructure.redis();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    RedisService service = TestInfrastructure.redis();
    if (!service.external() && !service.running()) {
      service.start();
    }
  }
}
