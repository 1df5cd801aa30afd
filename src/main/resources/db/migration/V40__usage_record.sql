-- Usage records (feature metering): one row per job task and metering interval (a slot, or the
-- part of it that ran). Quantities and energy are exact decimals; charges are integer minor units
-- of the record's currency, rounded once per record. Rows are never updated or deleted.
create sequence usage_record_seq start with 1 increment by 1 cache 1000;
create table usage_record (
    -- Position in the commit-ordered feed (with tx); the client's id is event_id.
    id                  bigint primary key default nextval('usage_record_seq'),
    -- CloudEvents-style id: a repeat with the same digest is ignored, with another digest refused.
    event_id            text collate "C" not null unique check (length(event_id) between 1 and 200),
    digest              bytea not null,
    source              text not null check (source in ('EXECUTION', 'REPORTED')),
    job_id              uuid not null references job (id),
    attempt             integer not null check (attempt >= 0),
    task                integer not null check (task >= 0),
    tenant              text collate "C" not null,
    site                text collate "C" not null,
    region              text collate "C" not null,
    tier                text not null,
    node                text collate "C" not null,
    gpu_model           text,
    starts_at           timestamptz not null,
    ends_at             timestamptz not null check (ends_at > starts_at),
    cpu_core_hours      numeric(24, 9) not null check (cpu_core_hours >= 0),
    memory_gib_hours    numeric(24, 9) not null check (memory_gib_hours >= 0),
    gpu_hours           numeric(24, 9) not null check (gpu_hours >= 0),
    energy_kwh          numeric(24, 9) not null check (energy_kwh >= 0),
    carbon_kg           numeric(24, 9) not null check (carbon_kg >= 0),
    price_cpu_core      numeric(20, 6) not null check (price_cpu_core >= 0),
    price_memory_gib    numeric(20, 6) not null check (price_memory_gib >= 0),
    price_gpu           numeric(20, 6) not null check (price_gpu >= 0),
    currency            char(3) not null check (currency ~ '^[A-Z]{3}$'),
    list_cost_minor     bigint not null check (list_cost_minor >= 0),
    billed_cost_minor   bigint not null check (billed_cost_minor >= 0),
    -- The statement day (exchange time zone) the record is billed in; differs from the day it
    -- ran (charge_day) only for late usage after that day was closed: an adjustment.
    charge_day          date not null,
    billing_day         date not null,
    recorded_at         timestamptz not null,
    tx                  xid8 not null default pg_current_xact_id()
);
create index usage_record_feed_idx on usage_record (tx, id);
create index usage_record_period_idx on usage_record (starts_at, id);
create index usage_record_job_idx on usage_record (job_id);
create index usage_record_billing_idx on usage_record (billing_day);

create or replace function usage_record_immutable() returns trigger language plpgsql as $$
begin
    raise exception 'usage records are immutable' using errcode = '55000';
end $$;
create trigger usage_record_no_change before update or delete on usage_record
    for each row execute function usage_record_immutable();
