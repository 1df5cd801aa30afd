-- Indexes for the operator dashboard's read models.

-- The queue view lists waiting jobs oldest first (ids are time-ordered), for all tenants or one:
-- partial indexes keep each page an index range however many finished jobs the table holds.
create index job_waiting_idx on job (id) where state in ('QUEUED', 'PLANNED');
create index job_waiting_tenant_idx on job (tenant, id) where state in ('QUEUED', 'PLANNED');

-- The site view reads one site's plans over the horizon.
create index job_plan_site_window_idx on job_plan (site, starts_at);
