package io.constellation.testkit;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving tests the JVM's shared Kafka ({@link TestInfrastructure#kafka()}).
 *
 * <pre>{@code
 * @ExtendWith(KafkaExtension.class)
 * final class SomethingTest {
 *   @Test void something_condition_outcome(KafkaService kafka) { ... }
 * }
 * }</pre>
 *
 * <p>Resolves {@link KafkaService} parameters (constructor, lifecycle and test methods) and, before each test,
 * starts the shared service again if an earlier fault test stopped it and did not restart it, so one failed
 * test does not fail the rest of the JVM's tests.
 *
 * <p>Thread-safety: stateless.
 */
public final class KafkaExtension implements ParameterResolver, BeforeEachCallback {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KafkaService.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return TestInfrastructure.kafka();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    KafkaService service = TestInfrastructure.kafka();
    if (!service.external() && !service.running()) {
      service.start();
    }
  }
}
