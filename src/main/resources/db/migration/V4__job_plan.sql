-- Where and when a job runs. A PLANNED job has a tentative plan that the solver replaces as it
-- improves; from PLACED on the plan is committed: it no longer changes, and its unit prices are
-- the ones usage is charged at. One row per job; re-planning after a drain or a retry replaces it.
create table job_plan (
    job_id        uuid primary key references job (id) on delete cascade,
    -- The attempt this plan is for (job.attempt when it was made).
    attempt       integer not null check (attempt >= 0),
    site          text collate "C" not null references site (name),
    starts_at     timestamptz not null,
    -- starts_at + the job's wall-time limit: the end of what it may use.
    ends_at       timestamptz not null check (ends_at > starts_at),
    -- The whole gang's price per hour and its quote (price × wall-time hours), in the exchange currency.
    hourly_price  numeric(20, 6) not null check (hourly_price >= 0),
    quoted_cost   numeric(20, 6) not null check (quoted_cost >= 0),
    -- The solver's carbon estimate for the whole run.
    carbon_kg     double precision not null check (carbon_kg >= 0),
    planned_at    timestamptz not null,
    committed_at  timestamptz
);
create index job_plan_window_idx on job_plan (starts_at, ends_at);

-- One row per task: the node it is pinned to and the node's unit prices when the plan was made
-- (re-read when it is committed, then fixed).
create table job_plan_task (
    job_id                uuid not null references job_plan (job_id) on delete cascade,
    task                  integer not null check (task >= 0),
    node                  text collate "C" not null references node (name),
    price_cpu_core        numeric(20, 6) not null check (price_cpu_core >= 0),
    price_memory_gib      numeric(20, 6) not null check (price_memory_gib >= 0),
    price_gpu             numeric(20, 6) not null check (price_gpu >= 0),
    primary key (job_id, task)
);
create index job_plan_task_node_idx on job_plan_task (node, job_id);
