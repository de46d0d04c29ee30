package io.constellation.ops.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The arguments of one command: positional words, flags without a value ({@code --json}) and options with one
 * ({@code --input n=v}, {@code --format=dot}), each option possibly repeated. Unknown flags are usage errors.
 */
final class Arguments {
  private final List<String> positional = new ArrayList<>();
  private final Map<String, List<String>> options = new HashMap<>();

  private Arguments() {}

  /**
   * Parses {@code args}; {@code flags} take no value, {@code valued} take exactly one. {@code --} ends options.
   */
  static Arguments parse(List<String> args, Set<String> flags, Set<String> valued) {
    Arguments parsed = new Arguments();
    boolean onlyPositional = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (onlyPositional || !arg.startsWith("--") || arg.equals("-")) {
        parsed.positional.add(arg);
        continue;
      }
      if (arg.equals("--")) {
        onlyPositional = true;
        continue;
      }
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (flags.contains(name)) {
        if (value != null) throw new UsageException(name + " takes no value");
        parsed.options.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
      } else if (valued.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.size()) throw new UsageException(name + " needs a value");
          value = args.get(++i);
        }
        parsed.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      } else {
        throw new UsageException("unknown option " + name);
      }
    }
    return parsed;
  }

  List<String> positional() {
    return positional;
  }

  boolean has(String flag) {
    return options.containsKey(flag);
  }

  List<String> all(String option) {
    return options.getOrDefault(option, List.of());
  }

  /** The single value of an option, or {@code fallback}; repeating a single-valued option is a usage error. */
  String one(String option, String fallback) {
    List<String> values = all(option);
    if (values.size() > 1) throw new UsageException(option + " may be given once");
    return values.isEmpty() ? fallback : values.get(0);
  }

  /** The whole number value of {@code option} from {@code min} to {@code max}, {@code fallback} when absent. */
  int number(String option, int fallback, int min, int max) {
    String text = one(option, null);
    if (text == null) return fallback;
    try {
      int value = Integer.parseInt(text.strip());
      if (value >= min && value <= max) return value;
    } catch (NumberFormatException e) {
      // reported below
    }
    String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
    throw new UsageException(option + " expects a number from " + min + " to " + max + ", got '"
        + Printable.of(shown) + "'");
  }

  /** The one positional argument this command takes, named {@code what} in the error. */
  String single(String what) {
    if (positional.isEmpty()) throw new UsageException("missing " + what);
    if (positional.size() > 1) throw new UsageException("unexpected argument " + positional.get(1));
    return positional.get(0);
  }
}
