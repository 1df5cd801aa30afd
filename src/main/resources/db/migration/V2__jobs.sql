-- Jobs, their lifecycle events, and idempotent submission.

create table job (
    id                  uuid primary key,
    tenant              text collate "C" not null references tenant (name),
    external_id         text collate "C" check (external_id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$'),
    -- Idempotency: the client's key, scoped to the tenant, and a digest of the request it came with.
    request_id          text check (length(request_id) between 1 and 200),
    request_digest      bytea,
    tasks               integer not null check (tasks between 1 and 10000),
    cpu_cores           integer not null check (cpu_cores between 0 and 100000),
    memory_gib          double precision not null check (memory_gib >= 0 and memory_gib <= 1000000),
    gpus                integer not null check (gpus between 0 and 1024),
    gpu_model           text check (gpus > 0 or gpu_model is null),
    duration_hours      integer not null check (duration_hours between 1 and 8760),
    earliest_start      timestamptz not null,
    deadline            timestamptz,
    priority            integer not null check (priority between 1 and 1000000),
    data_site           text collate "C",
    max_latency_ms      double precision check (max_latency_ms >= 0 and (max_latency_ms is null or data_site is not null)),
    allowed_regions     text[] not null default '{}',
    max_price_per_hour  numeric(20, 6) check (max_price_per_hour >= 0),
    image               text,
    command             text[] not null default '{}',
    args                text[] not null default '{}',
    env                 text not null default '{}',
    max_retries         integer not null default 0 check (max_retries between 0 and 10),
    labels              text not null default '{}',
    state               text not null check (state in
                            ('QUEUED', 'PLANNED', 'PLACED', 'DISPATCHED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    reason              text,
    attempt             integer not null default 0 check (attempt >= 0),
    last_event_seq      integer not null check (last_event_seq >= 1),
    submitted_at        timestamptz not null,
    updated_at          timestamptz not null,
    check (deadline is null or deadline >= earliest_start + make_interval(hours => duration_hours)),
    unique (tenant, external_id),
    unique (tenant, request_id)
);
create index job_tenant_idx on job (tenant, id);
create index job_state_idx on job (state, id);

-- The lifecycle history. tx is the writing transaction's id: readers of the feed order by
-- (tx, id) and stop below the oldest transaction still running, so a late commit is never skipped.
-- Ids are taken a thousand at a time: bulk submissions would otherwise wait on the sequence.
create sequence job_event_seq start with 1 increment by 1000;
create table job_event (
    id       bigint primary key,
    job_id   uuid not null references job (id),
    seq      integer not null check (seq >= 1),
    state    text not null,
    at       timestamptz not null,
    reason   text,
    tx       xid8 not null default pg_current_xact_id(),
    unique (job_id, seq)
);
create index job_event_feed_idx on job_event (tx, id);
