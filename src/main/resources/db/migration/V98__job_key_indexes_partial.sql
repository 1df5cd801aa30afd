-- A job's idempotency key and external id are optional, and most jobs have no external id (and
-- many no key); their unique indexes held an entry for every job anyway, one more index insert
-- per submitted job. Partial indexes hold only the jobs that have the key: uniqueness is the same
-- (NULLs never conflicted). The submission's look-ups say "is not null" so a generic plan of the
-- prepared statement can still use them.
alter table job drop constraint job_tenant_external_id_key;
create unique index job_tenant_external_id_key on job (tenant, external_id) where external_id is not null;
alter table job drop constraint job_tenant_request_id_key;
create unique index job_tenant_request_id_key on job (tenant, request_id) where request_id is not null;
