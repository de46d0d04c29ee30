package io.constellation.history;

/**
 * Every SQL statement of the history, besides the Flyway migrations. Values are always bound parameters; the only
 * text ever added to these is {@link QueryFilter}'s fixed fragments.
 */
final class HistorySql {
  private HistorySql() {}

  // ---- trace writes (TraceWriter) ----------------------------------------------------------------------------

  /*
   * Staging tables are per-connection temporary tables emptied at commit: COPY fills them, and one statement moves
   * the rows across. They live as long as the pooled connection, so each transaction only checks they exist.
   */
  static final String CREATE_STAGE_EXECUTIONS = """
      create temp table if not exists history_stage_executions (
        execution_id text, pipeline text, status text, node_id text, attempt int, replay_of text,
        source_hash text, structural_hash text, queued_at timestamptz, started_at timestamptz,
        completed_at timestamptz, duration_ms bigint, queue_ms bigint, outputs jsonb, errors jsonb,
        warnings jsonb, metadata jsonb, from_cache boolean, source text, inputs text
      ) on commit delete rows""";

  static final String CREATE_STAGE_NODES = """
      create temp table if not exists history_stage_nodes (
        execution_id text, seq int, name text, module text, status text, started_at timestamptz,
        duration_micros bigint, attempts int, cache_hit boolean, error text
      ) on commit delete rows""";

  static final String STAGE_EXECUTIONS_COLUMNS = "execution_id, pipeline, status, node_id, attempt, replay_of,"
      + " source_hash, structural_hash, queued_at, started_at, completed_at, duration_ms, queue_ms, outputs, errors,"
      + " warnings, metadata, from_cache, source, inputs";

  static final String STAGE_NODES_COLUMNS =
      "execution_id, seq, name, module, status, started_at, duration_micros, attempts, cache_hit, error";

  static final String COPY_EXECUTIONS = "copy pg_temp.history_stage_executions (" + STAGE_EXECUTIONS_COLUMNS
      + ") from stdin";

  static final String COPY_NODES = "copy pg_temp.history_stage_nodes (" + STAGE_NODES_COLUMNS + ") from stdin";

  /*
   * One statement: new executions (an id already stored is skipped: the first result wins), the node rows of
   * those only, and the pipelines they name. Rows go in key order so that concurrent writers take row locks in
   * the same order and cannot deadlock. Returns how many executions were new.
   */
  static final String MOVE_STAGED = """
      with fresh as (
        insert into executions (%1$s)
        select %1$s from pg_temp.history_stage_executions
        order by execution_id
        on conflict (execution_id) do nothing
        returning execution_id, pipeline, source_hash, structural_hash, completed_at
      ), nodes as (
        insert into node_results (%2$s)
        select %3$s from pg_temp.history_stage_nodes n join fresh f on f.execution_id = n.execution_id
        order by n.execution_id, n.seq
      ), seen as (
        insert into pipelines (pipeline, source_hash, structural_hash, first_seen, last_seen)
        select pipeline,
               (array_agg(source_hash order by completed_at desc))[1],
               (array_agg(structural_hash order by completed_at desc))[1],
               min(completed_at), max(completed_at)
        from fresh group by pipeline order by pipeline
        on conflict (pipeline) do update set
          first_seen = least(pipelines.first_seen, excluded.first_seen),
          last_seen = greatest(pipelines.last_seen, excluded.last_seen),
          source_hash = case when excluded.last_seen >= pipelines.last_seen
                             then excluded.source_hash else pipelines.source_hash end,
          structural_hash = case when excluded.last_seen >= pipelines.last_seen
                                 then excluded.structural_hash else pipelines.structural_hash end
        where excluded.first_seen < pipelines.first_seen or excluded.last_seen >= pipelines.last_seen
      )
      select count(*) from fresh""".formatted(STAGE_EXECUTIONS_COLUMNS, STAGE_NODES_COLUMNS,
      "n." + STAGE_NODES_COLUMNS.replace(", ", ", n."));

  // ---- queries (ExecutionStorage) ----------------------------------------------------------------------------

  private static final String SUMMARY_COLUMNS = "e.execution_id, e.pipeline, e.status, e.node_id, e.attempt,"
      + " e.replay_of, e.completed_at, e.duration_ms, e.queue_ms";

  /** Newest first; the id breaks ties so that pages never overlap or skip. */
  static final String ORDER_AND_PAGE = " order by e.completed_at desc, e.execution_id desc limit :limit offset :offset";

  static final String GET_EXECUTION = "select " + SUMMARY_COLUMNS + ", e.source_hash, e.structural_hash,"
      + " e.queued_at, e.started_at, e.outputs::text as outputs, e.errors::text as errors,"
      + " e.warnings::text as warnings, e.metadata::text as metadata, e.from_cache, e.source, e.inputs"
      + " from executions e where e.execution_id = :id";

  static final String GET_NODE_RESULTS = "select seq, name, module, status, started_at, duration_micros, attempts,"
      + " cache_hit, error from node_results where execution_id = :id order by seq";

  static final String LIST = "select " + SUMMARY_COLUMNS + " from executions e where ";

  static final String COUNT_BY_STATUS = "select e.status, count(*) as executions from executions e where %s"
      + " group by e.status";

  static final String PERCENTILES = "select"
      + " percentile_cont(array[0.5, 0.95, 0.99]::float8[]) within group (order by e.duration_ms) as duration_ms,"
      + " percentile_cont(array[0.5, 0.95, 0.99]::float8[]) within group (order by e.queue_ms) as queue_ms"
      + " from executions e where %s";

  /** Without {@code again}: leaves out executions already replayed, by the book or by a replay in the history. */
  static final String NOT_REPLAYED = " and not exists (select 1 from replays r where r.original_id = e.execution_id)"
      + " and not exists (select 1 from executions x where x.replay_of = e.execution_id)";

  static final String REPLAY_CANDIDATES = "select e.execution_id, e.pipeline, e.status, e.attempt, e.source, e.inputs"
      + " from executions e where e.source is not null and %s";

  // ---- writes besides traces -----------------------------------------------------------------------------------

  static final String RECORD_REPLAY = "insert into replays (replay_id, original_id, attempt, requested_at)"
      + " values (:replayId, :originalId, :attempt, :requestedAt) on conflict (replay_id) do nothing";

  static final String NEXT_REPLAY_ATTEMPT = "select 1 + greatest("
      + " coalesce((select attempt from executions where execution_id = :id), 0),"
      + " coalesce((select max(attempt) from replays where original_id = :id), 0))";

  /**
   * Deletes one slice of executions with their node rows (there is no cascading foreign key, see V1), in slices so
   * that a large prune neither holds one huge transaction nor blocks writers for long. Counts executions.
   */
  static final String PRUNE_EXECUTIONS_SLICE = """
      with doomed as (
        select execution_id from executions where completed_at < :before limit :slice
      ), nodes as (
        delete from node_results where execution_id in (select execution_id from doomed)
      )
      delete from executions where execution_id in (select execution_id from doomed)""";

  static final String PRUNE_REPLAYS = "delete from replays where requested_at < :before";

  static final String PRUNE_PIPELINES = "delete from pipelines where last_seen < :before";
}
