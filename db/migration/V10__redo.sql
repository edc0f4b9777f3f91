-- Redo: an undone head change stays redoable until the head changes in another way (a new turn, a pick, a vote,
-- an upload), as in any editor. V10, not V9: the bflfal branch takes V9 (arrivals).
ALTER TABLE head_change ADD COLUMN redoable BOOLEAN DEFAULT FALSE NOT NULL;
-- Set by undo, cleared by the next head change of another kind: only then does that change have redoable rows to
-- clear, so the usual change (a turn's result) reads none of the session's head changes (a long session has
-- thousands; clearing them on every change cut the benchmark's persistence rate to a quarter).
ALTER TABLE session ADD COLUMN redo_pending BOOLEAN DEFAULT FALSE NOT NULL;
