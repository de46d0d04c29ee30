package io.constellation.history;

import io.constellation.schemas.avro.ExecutionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which stored executions to list, count or replay: filters (all of them must match) and a page.
 *
 * <pre>{@code
 * ExecutionQuery failedToday = ExecutionQuery.builder()
 *     .status("failed").pipeline("checkout").since(Instant.now().minus(Duration.ofDays(1))).limit(50).build();
 * }</pre>
 *
 * <p>Every value is validated when it is set, and {@link Builder#build()} checks that {@code since} is not after
 * {@code until}; a bad value is an {@link IllegalArgumentException} naming the field. Strings are at most
 * {@value #MAX_STRING_LENGTH} characters of text without control characters. The values are always bound as
 * statement parameters, never written into SQL.
 *
 * <p>Immutable.
 */
public final class ExecutionQuery {

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 10_000;
  public static final int MAX_OFFSET = 10_000_000;
  public static final int MAX_STRING_LENGTH = 256;
  public static final int MAX_IDS = 10_000;
  /** Earliest and latest instants a filter accepts (PostgreSQL's range is wider; nothing useful is outside). */
  public static final Instant MIN_INSTANT = Instant.parse("0001-01-01T00:00:00Z");
  public static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59.999999Z");

  private static final List<String> STATUSES =
      Arrays.stream(ExecutionStatus.values()).map(Enum::name).toList();

  private final Set<String> statuses;
  private final String pipeline;
  private final String node;
  private final Instant since;
  private final Instant until;
  private final List<String> ids;
  private final int limit;
  private final int offset;

  private ExecutionQuery(Builder builder) {
    this.statuses = Collections.unmodifiableSet(new LinkedHashSet<>(builder.statuses));
    this.pipeline = builder.pipeline;
    this.node = builder.node;
    this.since = builder.since;
    this.until = builder.until;
    this.ids = List.copyOf(builder.ids);
    this.limit = builder.limit;
    this.offset = builder.offset;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A query matching every execution, first page of {@value #DEFAULT_LIMIT}. */
  public static ExecutionQuery all() {
    return builder().build();
  }

  /** A builder starting from this query's values (to ask for the next page, say). */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.statuses.addAll(statuses);
    builder.pipeline = pipeline;
    builder.node = node;
    builder.since = since;
    builder.until = until;
    builder.ids.addAll(ids);
    builder.limit = limit;
    builder.offset = offset;
    return builder;
  }

  /** Upper-case status names to match; empty matches every status. */
  public Set<String> statuses() {
    return statuses;
  }

  /** A pipeline name, or a structural or source hash, to match exactly. */
  public Optional<String> pipeline() {
    return Optional.ofNullable(pipeline);
  }

  /** The worker node id to match exactly. */
  public Optional<String> node() {
    return Optional.ofNullable(node);
  }

  /** Only executions completed at or after this instant. */
  public Optional<Instant> since() {
    return Optional.ofNullable(since);
  }

  /** Only executions completed before this instant. */
  public Optional<Instant> until() {
    return Optional.ofNullable(until);
  }

  /** Execution ids to match; empty matches every id. */
  public List<String> ids() {
    return ids;
  }

  public int limit() {
    return limit;
  }

  public int offset() {
    return offset;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ExecutionQuery q && statuses.equals(q.statuses) && Objects.equals(pipeline, q.pipeline)
        && Objects.equals(node, q.node) && Objects.equals(since, q.since) && Objects.equals(until, q.until)
        && ids.equals(q.ids) && limit == q.limit && offset == q.offset;
  }

  @Override
  public int hashCode() {
    return Objects.hash(statuses, pipeline, node, since, until, ids, limit, offset);
  }

  @Override
  public String toString() {
    return "ExecutionQuery[statuses=" + statuses + ", pipeline=" + pipeline + ", node=" + node + ", since=" + since
        + ", until=" + until + ", ids=" + ids.size() + ", limit=" + limit + ", offset=" + offset + "]";
  }

  /**
   * Collects the filters. A null, empty or blank string, and a null instant, mean "no filter" (so request parameters
   * can be passed as they come); strings are stripped. Not thread-safe.
   */
  public static final class Builder {
    private final Set<String> statuses = new LinkedHashSet<>();
    private String pipeline;
    private String node;
    private Instant since;
    private Instant until;
    private final List<String> ids = new ArrayList<>();
    private int limit = DEFAULT_LIMIT;
    private int offset;

    private Builder() {}

    /** Replaces the statuses to match (case-insensitive names); an empty collection matches every status. */
    public Builder statuses(Collection<String> names) {
      Objects.requireNonNull(names, "statuses");
      Set<String> checked = new LinkedHashSet<>();
      for (String name : names) {
        String status = checkedStatus(name);
        if (status != null) checked.add(status);
      }
      statuses.clear();
      statuses.addAll(checked);
      return this;
    }

    /** Adds one status to match, e.g. {@code "failed"}; null or blank adds nothing. */
    public Builder status(String name) {
      String status = checkedStatus(name);
      if (status != null) statuses.add(status);
      return this;
    }

    /** Matches a pipeline name, or exactly a structural or source hash. */
    public Builder pipeline(String value) {
      pipeline = checkedText("pipeline", value);
      return this;
    }

    /** Matches the id of the worker node that produced the result. */
    public Builder node(String value) {
      node = checkedText("node", value);
      return this;
    }

    /** Executions completed at or after this instant. */
    public Builder since(Instant value) {
      since = checkedInstant("since", value);
      return this;
    }

    /** Executions completed before this instant. */
    public Builder until(Instant value) {
      until = checkedInstant("until", value);
      return this;
    }

    /** Replaces the execution ids to match (at most {@value #MAX_IDS}); empty matches every id. */
    public Builder ids(Collection<String> values) {
      Objects.requireNonNull(values, "ids");
      if (values.size() > MAX_IDS) {
        throw new IllegalArgumentException("ids must name at most " + MAX_IDS + " executions, was " + values.size());
      }
      Set<String> checked = new LinkedHashSet<>();
      for (String value : values) {
        String id = checkedText("id", value);
        if (id == null) throw new IllegalArgumentException("id must not be blank");
        checked.add(id);
      }
      ids.clear();
      ids.addAll(checked);
      return this;
    }

    /** Page size, 1 to {@value #MAX_LIMIT}; default {@value #DEFAULT_LIMIT}. */
    public Builder limit(int value) {
      if (value < 1 || value > MAX_LIMIT) {
        throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + value);
      }
      limit = value;
      return this;
    }

    /** Matching executions to skip, 0 to {@value #MAX_OFFSET}; default 0. */
    public Builder offset(int value) {
      if (value < 0 || value > MAX_OFFSET) {
        throw new IllegalArgumentException("offset must be between 0 and " + MAX_OFFSET + ", was " + value);
      }
      offset = value;
      return this;
    }

    /**
     * @throws IllegalArgumentException if {@code since} is after {@code until}
     */
    public ExecutionQuery build() {
      if (since != null && until != null && since.isAfter(until)) {
        throw new IllegalArgumentException("since must not be after until, was since " + since + ", until " + until);
      }
      return new ExecutionQuery(this);
    }

    private static String checkedStatus(String name) {
      String value = checkedText("status", name);
      if (value == null) return null;
      String status = value.toUpperCase(Locale.ROOT);
      if (!STATUSES.contains(status)) {
        throw new IllegalArgumentException("status must be one of " + String.join(", ", STATUSES) + " (any case), was '"
            + quoted(value) + "'");
      }
      return status;
    }

    private static String checkedText(String field, String value) {
      if (value == null || value.isBlank()) return null;
      String text = value.strip();
      if (text.length() > MAX_STRING_LENGTH) {
        throw new IllegalArgumentException(field + " must be at most " + MAX_STRING_LENGTH + " characters, was "
            + text.length());
      }
      for (int i = 0; i < text.length(); i++) {
        if (Character.isISOControl(text.charAt(i))) {
          throw new IllegalArgumentException(field + " must not contain control characters, found U+"
              + String.format(Locale.ROOT, "%04X", (int) text.charAt(i)) + " at index " + i);
        }
      }
      return text;
    }

    private static Instant checkedInstant(String field, Instant value) {
      if (value != null && (value.isBefore(MIN_INSTANT) || value.isAfter(MAX_INSTANT))) {
        throw new IllegalArgumentException(field + " must be between " + MIN_INSTANT + " and " + MAX_INSTANT
            + ", was " + value);
      }
      return value;
    }

    private static String quoted(String value) {
      return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
  }

  /** The status names in their declared order. */
  static List<String> statusNames() {
    return STATUSES;
  }
}
