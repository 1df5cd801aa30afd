-- The FOCUS export of one tenant reads its records in (starts_at, id) order. With only the
-- (starts_at, id) index, a table without statistics yet (just after a bulk load, before
-- autovacuum analyzed it) got a parallel sequential scan and a sort for every page of 4,000
-- records: 62 s instead of 7 s for a million records. With the tenant in front, the index
-- gives the rows of one tenant in export order whatever the statistics say.
create index usage_record_tenant_period_idx on usage_record (tenant, starts_at, id);
