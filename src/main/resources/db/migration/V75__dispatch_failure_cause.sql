-- Who caused a failed attempt (dispatch's verdict): PROVIDER (node lost, pod rejected by the
-- kubelet, site failure) or TENANT (the container's error, its image, a wall-time overrun).
-- Settlement refunds the captured charges of provider-caused failures (docs/settlement.md).
alter table job_dispatch add column failure_cause text check (failure_cause in ('PROVIDER', 'TENANT'));
create index job_dispatch_provider_failure_idx on job_dispatch (job_id, attempt) where failure_cause = 'PROVIDER';
