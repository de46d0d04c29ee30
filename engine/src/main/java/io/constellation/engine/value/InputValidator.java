package io.constellation.engine.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.constellation.engine.dag.Dag;
import io.constellation.engine.types.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Input validation before anything runs (LANGUAGE.md 8.5): one problem for all missing required inputs, one per
 * unexpected key (sorted), one per value that does not decode (8.2, 13.6, 13.9).
 *
 * <p>Thread-safety: stateless.
 */
public final class InputValidator {
  private InputValidator() {}

  /** One INPUT_VALIDATION problem; {@code input} is null for the missing-inputs problem. */
  public record Problem(String input, String message) {}

  /** The decoded values (omitted Optionals as None) when {@code problems} is empty. */
  public record Validated(Map<String, Object> values, List<Problem> problems) {
    public Validated {
      problems = List.copyOf(problems);
    }

    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /**
   * Validates and decodes {@code given} against the declared inputs. The missing-inputs message lists inputs in
   * the order of {@code declared}.
   */
  public static Validated validate(List<Dag.InputDecl> declared, Map<String, JsonNode> given) {
    List<Problem> problems = new ArrayList<>();
    Map<String, Object> values = new HashMap<>(declared.size() * 2);
    StringBuilder missing = new StringBuilder();
    int present = 0;
    for (Dag.InputDecl input : declared) {
      if (!given.containsKey(input.name())) {
        if (input.type() instanceof Type.OptionalType) {
          values.put(input.name(), Optional.empty());
        } else {
          if (!missing.isEmpty()) missing.append(", ");
          missing.append(input.name()).append(" (").append(input.type().render()).append(')');
        }
        continue;
      }
      present++;
      JsonNode json = given.get(input.name());
      try {
        values.put(input.name(), JsonValues.decode(json == null ? NullNode.instance : json, input.type(),
            input.name()));
      } catch (UnableToDecodeValueException e) {
        String where = e.path().equals(input.name()) ? "" : "field '" + e.path() + "': ";
        problems.add(new Problem(input.name(), "invalid input '" + input.name() + "': " + where + e.reason()));
      }
    }
    if (!missing.isEmpty()) problems.add(new Problem(null, "missing required inputs: " + missing));
    if (present < given.size()) {
      // Only here is a set of declared names worth building: the common case has no unexpected key.
      Set<String> declaredNames = new HashSet<>();
      for (Dag.InputDecl input : declared) declaredNames.add(input.name());
      List<String> unexpected = new ArrayList<>();
      for (String key : given.keySet()) {
        if (!declaredNames.contains(key)) unexpected.add(key);
      }
      unexpected.sort(Type::compareCodePoints);
      for (String key : unexpected) problems.add(new Problem(key, "unexpected input '" + key + "'"));
    }
    return new Validated(values, problems);
  }
}
