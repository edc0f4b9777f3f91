-- The extra images a turn was given besides the one it edits ("the hat from image 2"): image 2 at position 0, image 3
-- at 1, ... Existing turns have none. turn.reference_count lets the common turn, which has none, be read without
-- looking here.
ALTER TABLE turn ADD COLUMN reference_count INT DEFAULT 0 NOT NULL;

CREATE TABLE turn_reference (
    turn_id   BIGINT      NOT NULL REFERENCES turn (id),
    position  INT         NOT NULL,
    image     VARCHAR(64) NOT NULL REFERENCES image (sha256),
    PRIMARY KEY (turn_id, position)
);
