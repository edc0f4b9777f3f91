-- Chat platforms deliver an event again (a gateway resume, a retry) and, with several instances sharing the
-- database, to another instance: the first to store the delivery's key handles it, every later copy does nothing.
-- Kept for a day, far longer than any platform redelivers; claimed_at finds the old ones to delete.
CREATE TABLE delivery_claim (
    delivery_key VARCHAR(200) NOT NULL PRIMARY KEY,
    claimed_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX delivery_claim_claimed ON delivery_claim (claimed_at);
