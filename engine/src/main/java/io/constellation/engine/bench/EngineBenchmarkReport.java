package io.constellation.engine.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The figures of one {@link EngineBenchmark} run. Times are microseconds, throughputs executions per second.
 *
 * @param compileMedianMicros median full-compile time by generated pipeline size in nodes (10, 100, 1000)
 * @param perNodeOverheadMicros runtime cost per node: (median execution of a chain of 100 trivial stdlib calls
 *     minus median execution of an empty pipeline) / 100, floored at 0 because noise can make it negative
 * @param oneThreadExecutionsPerSecond precompiled Uppercase/WordCount executions per second from one caller
 * @param allCoresExecutionsPerSecond the same with many executions in flight
 * @param fixtures per fixture name, when a fixtures directory was given
 */
public record EngineBenchmarkReport(Map<Integer, Double> compileMedianMicros, double perNodeOverheadMicros,
    double oneThreadExecutionsPerSecond, double allCoresExecutionsPerSecond,
    Optional<Map<String, FixtureFigures>> fixtures) {

  public EngineBenchmarkReport {
    compileMedianMicros.values().forEach(v -> requireFigure(v, "compileMedianMicros"));
    requireFigure(perNodeOverheadMicros, "perNodeOverheadMicros");
    requireFigure(oneThreadExecutionsPerSecond, "oneThreadExecutionsPerSecond");
    requireFigure(allCoresExecutionsPerSecond, "allCoresExecutionsPerSecond");
    fixtures.ifPresent(f -> f.values().forEach(figures -> {
      requireFigure(figures.compileMeanMicros(), "compileMeanMicros");
      requireFigure(figures.executeMeanMicros(), "executeMeanMicros");
    }));
    compileMedianMicros = Collections.unmodifiableSortedMap(new TreeMap<>(compileMedianMicros));
    fixtures = fixtures.map(f -> Collections.unmodifiableSortedMap(new TreeMap<>(f)));
  }

  /** Mean full-compile and mean precompiled-execute time of one fixture, in microseconds. */
  public record FixtureFigures(double compileMeanMicros, double executeMeanMicros) {}

  /**
   * One line of JSON, members in this order: {@code {"compileMedianMicros": {"10": n, "100": n, "1000": n},
   * "perNodeOverheadMicros": n, "executionsPerSecond": {"oneThread": n, "allCores": n}, "fixtures": {"NAME":
   * {"compileMeanMicros": n, "executeMeanMicros": n}}}}; {@code fixtures} only when fixtures were measured, in
   * name order. Micros have one decimal (overhead two), throughputs are whole numbers.
   */
  public String toJson() {
    List<String> sizes = new ArrayList<>();
    compileMedianMicros.forEach((size, micros) -> sizes.add(quote(size.toString()) + ": " + micros(micros)));
    StringBuilder out = new StringBuilder("{\"compileMedianMicros\": {").append(String.join(", ", sizes))
        .append("}, \"perNodeOverheadMicros\": ").append(format("%.2f", perNodeOverheadMicros))
        .append(", \"executionsPerSecond\": {\"oneThread\": ").append(Math.round(oneThreadExecutionsPerSecond))
        .append(", \"allCores\": ").append(Math.round(allCoresExecutionsPerSecond)).append('}');
    fixtures.ifPresent(figures -> {
      List<String> entries = new ArrayList<>();
      figures.forEach((name, f) -> entries.add(quote(name) + ": {\"compileMeanMicros\": "
          + micros(f.compileMeanMicros()) + ", \"executeMeanMicros\": " + micros(f.executeMeanMicros()) + "}"));
      out.append(", \"fixtures\": {").append(String.join(", ", entries)).append('}');
    });
    return out.append('}').toString();
  }

  /** A table for people. */
  public String toText() {
    StringBuilder out = new StringBuilder("Constellation engine benchmark\n\n");
    out.append(format("%-40s %14s%n", "full compile, generated pipeline", "median µs"));
    compileMedianMicros.forEach((size, micros) ->
        out.append(format("%-40s %14.1f%n", "  " + size + " nodes", micros)));
    out.append(format("%n%-40s %14.2f%n", "runtime overhead per node (µs)", perNodeOverheadMicros));
    out.append(format("%-40s %14d%n", "executions/s, one thread", Math.round(oneThreadExecutionsPerSecond)));
    out.append(format("%-40s %14d%n", "executions/s, many in flight", Math.round(allCoresExecutionsPerSecond)));
    fixtures.ifPresent(figures -> {
      out.append(format("%n%-24s %16s %16s%n", "fixture", "compile mean µs", "execute mean µs"));
      figures.forEach((name, f) -> out.append(format("%-24s %16.1f %16.1f%n", name, f.compileMeanMicros(),
          f.executeMeanMicros())));
    });
    return out.toString();
  }

  private static void requireFigure(double value, String name) {
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException(name + " must be a finite, non-negative number, was " + value);
    }
  }

  private static String micros(double value) {
    return format("%.1f", value);
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }

  private static String quote(String text) {
    return io.constellation.engine.json.CanonicalJson.string(text);
  }
}
