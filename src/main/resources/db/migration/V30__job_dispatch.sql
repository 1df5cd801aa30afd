-- Dispatch's own record of what it launched: one row per job attempt, written BEFORE the objects
-- are created, so that objects created by a pass that crashed are still found, stopped when the
-- job was cancelled meanwhile, and never created a second time (object names derive from
-- job id, attempt and task). The plan (job_plan) is replaced when a job is re-planned; this is not.
create table job_dispatch (
    job_id       uuid not null references job (id) on delete cascade,
    attempt      integer not null check (attempt >= 0),
    tenant       text collate "C" not null,
    site         text collate "C" not null,
    executor     text not null check (executor in ('SIMULATED', 'KUBERNETES')),
    -- Where the objects are (Kubernetes); null for a simulated site.
    namespace    text,
    wall_time_s  bigint not null check (wall_time_s > 0),
    launched_at  timestamptz not null,
    -- When every task was first seen running (the job became RUNNING).
    running_at   timestamptz,
    ended_at     timestamptz,
    outcome      text check (outcome in ('SUCCEEDED', 'FAILED', 'CANCELLED', 'SUPERSEDED')),
    -- When nothing of this attempt runs any more (objects deleted, or finished by themselves):
    -- rows without it are the ones the dispatch loop still looks after.
    cleaned_at   timestamptz,
    primary key (job_id, attempt)
);
create index job_dispatch_open_idx on job_dispatch (job_id, attempt) where cleaned_at is null;

-- One row per task: its node and its run, for the TaskRunEnded events metering turns into usage.
-- A task's end is written once (ended_at is null until then), so its event is fired once.
create table job_dispatch_task (
    job_id      uuid not null,
    attempt     integer not null,
    task        integer not null check (task >= 0),
    node        text collate "C" not null,
    started_at  timestamptz,
    ended_at    timestamptz,
    outcome     text check (outcome in ('SUCCEEDED', 'FAILED', 'WALLTIME', 'STOPPED')),
    primary key (job_id, attempt, task),
    foreign key (job_id, attempt) references job_dispatch (job_id, attempt) on delete cascade
);
