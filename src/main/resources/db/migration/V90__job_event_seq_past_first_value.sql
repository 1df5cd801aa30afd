-- Job events take their ids from job_event_seq in two ways: Hibernate's pooled optimizer (a block
-- of 1,000 ids below each value it draws) and statements that use nextval() directly (bulk
-- submission, the scheduler's moves). The optimizer treats the sequence's very first value (1)
-- specially: it then takes 1 up to its next draw, a range in which a direct nextval() may have
-- landed meanwhile. Moving the sequence past its first value removes that case.
select setval('job_event_seq', greatest((select last_value from job_event_seq), 1001));
