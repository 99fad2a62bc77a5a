-- The claim walks tasks_claim_idx from its head, where claimed tasks leave dead index entries until VACUUM:
-- measured at 1,000,000 pending tasks (docs/benchmarks.md, "Claim at 1,000,000 pending tasks"), the pages a
-- claim reads grew about 6 per 1,000 tasks claimed (154 → 1,570 after 272,000 claims) and fell back to 28 after
-- a VACUUM with index clean-up. PostgreSQL's defaults vacuum a table only after a fifth of its rows died (200,000
-- of a million) and may skip the index pass; the task table is a queue, so it is vacuumed every 20,000 dead rows,
-- without cost-based pauses, always cleaning its indexes. (Nothing here helps while another session holds an old
-- snapshot: see docs/task-lifecycle.md.)
ALTER TABLE tasks SET (
  autovacuum_vacuum_scale_factor = 0,
  autovacuum_vacuum_threshold = 20000,
  autovacuum_vacuum_cost_delay = 0,
  vacuum_index_cleanup = on
);
