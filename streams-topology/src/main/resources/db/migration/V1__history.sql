-- The execution history: one row per execution (first result wins, by execution_id), its node trace, the pipelines
-- seen, and the replays submitted. Written by io.constellation.history.TraceWriter, read by ExecutionStorage.
-- Statuses are not constrained here: a status added to the result schema must not make trace writes fail.

create table pipelines (
  pipeline        text primary key,      -- io.constellation.history.PipelineName
  source_hash     text,                  -- hashes of the newest execution seen
  structural_hash text,
  first_seen      timestamptz not null,
  last_seen       timestamptz not null
);

create table executions (
  execution_id    text primary key,
  pipeline        text not null,
  status          text not null,
  node_id         text not null,
  attempt         int not null,
  replay_of       text,
  source_hash     text,
  structural_hash text,
  queued_at       timestamptz,
  started_at      timestamptz,
  completed_at    timestamptz not null,
  duration_ms     bigint,
  queue_ms        bigint,
  outputs         jsonb not null,
  errors          jsonb not null,
  warnings        jsonb not null,
  metadata        jsonb not null,
  from_cache      boolean not null,
  source          text,
  inputs          text,                  -- as submitted (a JSON object text): replay sends it back unchanged
  recorded_at     timestamptz not null default now()
);

-- Listing is newest first under one optional equality filter; the planner ties break by execution_id with an
-- incremental sort. A pipeline filter also matches either hash (a BitmapOr of the three).
create index executions_completed_at_idx on executions (completed_at desc);
create index executions_status_idx on executions (status, completed_at desc);
create index executions_pipeline_idx on executions (pipeline, completed_at desc);
create index executions_node_idx on executions (node_id, completed_at desc);
create index executions_structural_hash_idx on executions (structural_hash, completed_at desc);
create index executions_source_hash_idx on executions (source_hash, completed_at desc);
create index executions_replay_of_idx on executions (replay_of) where replay_of is not null;

-- No foreign key to executions: its per-row check (a locking lookup of the parent) cost about 40% of a trace
-- write. Node rows are only ever inserted with their execution, in the same statement, and deleted with it
-- (ExecutionStorage.prune), so no orphan can arise through the history's code.
create table node_results (
  execution_id    text not null,
  seq             int not null,          -- position in the result's trace
  name            text not null,
  module          text,
  status          text not null,
  started_at      timestamptz,
  duration_micros bigint not null,
  attempts        int not null,
  cache_hit       boolean not null,
  error           text,
  primary key (execution_id, seq)
);

create table replays (
  replay_id       text primary key,      -- the execution id the replay was submitted under
  original_id     text not null,
  attempt         int not null,
  requested_at    timestamptz not null
);
create index replays_original_id_idx on replays (original_id);
