-- Why a turn ended without images, typed (the engine's TurnFailure as JSON: {"kind": "Failed", ...}), so every reader
-- words it in its own language. error_message keeps the same in English for logs, exports and older readers; NULL
-- here (every row from before) reads as that English.
ALTER TABLE turn ADD COLUMN error_detail VARCHAR(4000);
