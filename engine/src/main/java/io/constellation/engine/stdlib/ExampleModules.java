package io.constellation.engine.stdlib;

import static io.constellation.engine.stdlib.StandardLibrary.fn;

import io.constellation.engine.spi.Module;
import io.constellation.engine.types.Type;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The bundled example modules of LANGUAGE.md 12: no namespace, module name = function name. */
public final class ExampleModules {
  private ExampleModules() {}

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Type INTS = Type.list(Type.INT);

  public static List<Module> modules() {
    return List.of(
        fn(null, "Uppercase", Type.STRING, a -> text(a).toUpperCase(Locale.ROOT), "text", Type.STRING),
        fn(null, "Lowercase", Type.STRING, a -> text(a).toLowerCase(Locale.ROOT), "text", Type.STRING),
        fn(null, "Trim", Type.STRING, a -> text(a).trim(), "text", Type.STRING),
        fn(null, "Replace", Type.STRING,
            a -> text(a).replace((String) a.get("find"), (String) a.get("replace")),
            "text", Type.STRING, "find", Type.STRING, "replace", Type.STRING),
        fn(null, "WordCount", Type.INT, a -> wordCount(text(a)), "text", Type.STRING),
        fn(null, "TextLength", Type.INT, a -> (long) text(a).length(), "text", Type.STRING),
        fn(null, "Contains", Type.BOOLEAN, a -> text(a).contains((String) a.get("substring")),
            "text", Type.STRING, "substring", Type.STRING),
        fn(null, "SplitLines", Type.list(Type.STRING), a -> List.of(text(a).split("\n")), "text", Type.STRING),
        fn(null, "Split", Type.list(Type.STRING), a -> List.of(text(a).split((String) a.get("delimiter"))),
            "text", Type.STRING, "delimiter", Type.STRING),
        fn(null, "SumList", Type.INT, a -> sum(numbers(a)), "numbers", INTS),
        fn(null, "Average", Type.FLOAT, a -> {
          List<Long> numbers = numbers(a);
          return numbers.isEmpty() ? 0.0 : (double) sum(numbers) / numbers.size();
        }, "numbers", INTS),
        fn(null, "Max", Type.INT, a -> numbers(a).stream().mapToLong(Long::longValue).max().orElse(0L),
            "numbers", INTS),
        fn(null, "Min", Type.INT, a -> numbers(a).stream().mapToLong(Long::longValue).min().orElse(0L),
            "numbers", INTS),
        fn(null, "FilterGreaterThan", INTS, a -> {
          long threshold = (Long) a.get("threshold");
          return numbers(a).stream().filter(n -> n > threshold).toList();
        }, "numbers", INTS, "threshold", Type.INT),
        fn(null, "MultiplyEach", INTS, a -> {
          long multiplier = (Long) a.get("multiplier");
          return numbers(a).stream().map(n -> n * multiplier).toList();
        }, "numbers", INTS, "multiplier", Type.INT),
        fn(null, "Range", INTS, a -> range((Long) a.get("start"), (Long) a.get("end")),
            "start", Type.INT, "end", Type.INT),
        fn(null, "FormatNumber", Type.STRING,
            a -> NumberFormat.getIntegerInstance(Locale.ROOT).format((long) (Long) a.get("number")),
            "number", Type.INT));
  }

  private static final int MAX_RANGE = 10_000_000;

  private static List<Long> range(long start, long end) {
    if (start > end) return List.of();
    if (end - start >= MAX_RANGE || end - start < 0) {
      throw new IllegalArgumentException("Range of more than " + MAX_RANGE + " elements");
    }
    List<Long> out = new ArrayList<>((int) (end - start + 1));
    for (long i = start; i <= end; i++) out.add(i);
    return List.copyOf(out);
  }

  private static long wordCount(String text) {
    return Arrays.stream(WHITESPACE.split(text)).filter(piece -> !piece.isEmpty()).count();
  }

  private static long sum(List<Long> numbers) {
    long total = 0;
    for (long n : numbers) total += n;
    return total;
  }

  private static String text(Map<String, Object> args) {
    return (String) args.get("text");
  }

  @SuppressWarnings("unchecked")
  private static List<Long> numbers(Map<String, Object> args) {
    return (List<Long>) args.get("numbers");
  }
}
