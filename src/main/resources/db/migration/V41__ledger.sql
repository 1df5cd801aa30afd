-- The double-entry ledger (feature settlement). Amounts are integer minor units of a currency.
-- An account's balance is the sum of its postings; balance_minor caches it (updated in the same
-- transaction as the postings, checked by tests and by the reconciliation report).
create table ledger_account (
    id             text collate "C" primary key check (length(id) between 1 and 300),
    kind           text not null check (kind in ('FUNDING', 'TENANT_BUDGET', 'TENANT_HOLD', 'PROVIDER_REVENUE', 'PLATFORM_FEES')),
    owner          text collate "C",
    currency       char(3) not null check (currency ~ '^[A-Z]{3}$'),
    balance_minor  bigint not null default 0,
    -- TENANT_BUDGET only: true once an operator has topped it up; from then on holds may not
    -- take it below zero. A tenant without an enforced budget is not limited (docs/settlement.md).
    enforced       boolean not null default false,
    created_at     timestamptz not null
);

create sequence ledger_entry_seq start with 1 increment by 1 cache 100;
create table ledger_entry (
    id               bigint primary key default nextval('ledger_entry_seq'),
    kind             text not null check (kind in ('TOP_UP', 'HOLD', 'CAPTURE', 'RELEASE', 'REFUND', 'REVERSAL', 'CORRECTION')),
    -- Makes a retried operation a no-op: e.g. hold:<job>:<attempt>.
    idempotency_key  text collate "C" unique,
    job_id           uuid,
    tenant           text collate "C",
    -- The usage hour a capture is for (UTC): reconciliation matches captures to usage by it.
    usage_hour       timestamptz,
    reverses         bigint unique references ledger_entry (id),
    description      text not null,
    at               timestamptz not null,
    tx               xid8 not null default pg_current_xact_id()
);
create index ledger_entry_job_idx on ledger_entry (job_id);
create index ledger_entry_usage_hour_idx on ledger_entry (usage_hour);
create index ledger_entry_feed_idx on ledger_entry (tx, id);

create table ledger_posting (
    entry_id      bigint not null references ledger_entry (id),
    account       text collate "C" not null references ledger_account (id),
    amount_minor  bigint not null check (amount_minor <> 0),
    currency      char(3) not null,
    primary key (entry_id, account)
);
create index ledger_posting_account_idx on ledger_posting (account);

-- Entries and postings are immutable: a correction is a reversal plus a new entry.
create or replace function ledger_immutable() returns trigger language plpgsql as $$
begin
    raise exception 'ledger entries are immutable; post a reversal instead' using errcode = '55000';
end $$;
create trigger ledger_entry_no_change before update or delete on ledger_entry
    for each row execute function ledger_immutable();
create trigger ledger_posting_no_change before update or delete on ledger_posting
    for each row execute function ledger_immutable();

-- Every entry balances per currency. Writers insert all postings of an entry in one statement, so
-- the check runs once per statement over the rows it inserted (a row-level check would cost a
-- query per posting when a million usage records are settled).
create or replace function ledger_postings_balance() returns trigger language plpgsql as $$
declare
    bad bigint;
begin
    select entry_id into bad from new_postings group by entry_id, currency having sum(amount_minor) <> 0 limit 1;
    if bad is not null then
        raise exception 'ledger entry % does not balance', bad using errcode = '23514';
    end if;
    return null;
end $$;
create trigger ledger_posting_balanced after insert on ledger_posting
    referencing new table as new_postings for each statement execute function ledger_postings_balance();

-- Where settlement has read the usage feed to: captured in the same transaction as the captures,
-- so every usage record is settled exactly once.
create table settlement_cursor (
    name        text primary key,
    after_tx    xid8 not null,
    after_id    bigint not null,
    updated_at  timestamptz not null
);
insert into settlement_cursor values ('usage', '0', 0, now());

-- Closed statement days (exchange time zone). Usage for a closed day is billed in the open day as
-- an adjustment naming its day.
create table settlement_period (
    day        date primary key,
    closed_at  timestamptz not null
);
