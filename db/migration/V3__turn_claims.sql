-- Several bot processes may share one PostgreSQL database. A running turn belongs to the instance that claimed
-- it until lease_until: that instance renews the lease while it works on the turn, and another instance takes
-- the turn over once the lease has run out (its instance died). A null lease_until is a lease given up (a
-- graceful stop, or a turn from before this migration): any instance may take the turn over at once.
ALTER TABLE turn ADD COLUMN instance_id VARCHAR(128);
ALTER TABLE turn ADD COLUMN lease_until TIMESTAMP WITH TIME ZONE;

-- Quota checks count a tenant's turns of the last hour on every new turn: found through this index, not by reading
-- every turn the tenant ever had.
CREATE INDEX turn_created ON turn (created_at);
