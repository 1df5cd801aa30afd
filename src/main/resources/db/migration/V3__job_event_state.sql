-- Event states are checked like job states: one bad row would break every feed reader reaching it.
alter table job_event add constraint job_event_state_check check (state in
    ('QUEUED', 'PLANNED', 'PLACED', 'DISPATCHED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'));
