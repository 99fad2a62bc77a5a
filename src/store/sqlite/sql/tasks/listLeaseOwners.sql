-- listLeaseOwners: the owners holding leases on running tasks.
-- Params: none.
SELECT DISTINCT lease_owner FROM tasks WHERE status = 'running' AND lease_owner IS NOT NULL
