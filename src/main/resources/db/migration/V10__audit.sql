-- Security and audit (issue 8).
--
-- 1. The application's database role. Flyway migrates as the schema owner; the service connects
--    as ${appRole}, which owns nothing, may read and write the feature tables, and can only READ
--    the audit trail: it appends through audit_append() (security definer), never by INSERT, and
--    cannot UPDATE, DELETE or TRUNCATE audit rows. In production the DBA gives it a password.
do $$
begin
    if not exists (select 1 from pg_roles where rolname = '${appRole}') then
        create role ${appRole} login;
    end if;
exception when duplicate_object or unique_violation then
    null; -- another database of the same cluster created it at the same moment
end $$;

-- 2. The audit trail: append-only, hash-chained over the canonical bytes stored as they are.
--    id is the position in the chain (1, 2, ...); tx feeds the commit-ordered reader.
create table audit_record (
    id bigint primary key,
    tx xid8 not null default pg_current_xact_id(),
    canonical bytea not null,
    prev_hash bytea not null,
    hash bytea not null
);
create index audit_record_tx_id on audit_record (tx, id);

-- The chain head: its row lock serializes appenders from audit_append() to commit. Writers call
-- audit_append() as the last statement of their transaction, so the lock is held for one call
-- and the commit.
create table audit_head (
    id int primary key check (id = 1),
    seq bigint not null,
    hash bytea not null
);
insert into audit_head values (1, 0, decode(repeat('00', 32), 'hex'));

-- Appends a JSON array of canonical texts (each stored as its UTF-8 bytes), in order.
create function audit_append(entries json) returns integer
    language plpgsql security definer set search_path = public as $$
declare
    entry text;
    pos bigint;
    prev_h bytea;
    cur_h bytea;
    appended integer := 0;
begin
    select seq, hash into pos, cur_h from audit_head where id = 1 for update;
    for entry in select value from json_array_elements_text(entries) loop
        pos := pos + 1;
        prev_h := cur_h;
        cur_h := sha256(prev_h || convert_to(entry, 'UTF8'));
        insert into audit_record (id, canonical, prev_hash, hash)
            values (pos, convert_to(entry, 'UTF8'), prev_h, cur_h);
        appended := appended + 1;
    end loop;
    update audit_head set seq = pos, hash = cur_h where id = 1;
    return appended;
end $$;

-- 3. Grants. Tables created later by the owner (other features' migrations) get the same DML grants.
grant usage on schema public to ${appRole};
grant select, insert, update, delete on all tables in schema public to ${appRole};
grant usage, select, update on all sequences in schema public to ${appRole};
alter default privileges in schema public grant select, insert, update, delete on tables to ${appRole};
alter default privileges in schema public grant usage, select, update on sequences to ${appRole};
revoke all on audit_record, audit_head, flyway_schema_history from ${appRole};
grant select on audit_record to ${appRole};
revoke all on function audit_append(json) from public;
grant execute on function audit_append(json) to ${appRole};
