-- Tentative plans are rewritten all the time (the live search moves them; a move deletes and
-- inserts the plan and its task rows), so these two tables collect dead rows far faster than the
-- default autovacuum settings clear them: in the 5-minute live benchmark job_plan held 32,000 live
-- and 161,000 dead rows, and every index scan of the commit and first-plan writes went through
-- them. Vacuum them after 2 % churn instead of 20 %, without the cost-based pauses.
alter table job_plan set (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 1000,
    autovacuum_vacuum_cost_delay = 0, autovacuum_analyze_scale_factor = 0.05);
alter table job_plan_task set (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 1000,
    autovacuum_vacuum_cost_delay = 0, autovacuum_analyze_scale_factor = 0.05);
