-- Redo: an undone head change stays redoable until the head changes in another way (a new turn, a pick, a vote,
-- an upload), as in any editor. V10, not V9: the bflfal branch takes V9 (arrivals).
ALTER TABLE head_change ADD COLUMN redoable BOOLEAN DEFAULT FALSE NOT NULL;
