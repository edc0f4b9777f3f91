-- Variants of a running turn that arrived before its other variants (BFL runs one task per variant, and a result
-- URL may work only once): stored as they arrive, so a restart between two polls neither fetches them again nor
-- loses them. They become the turn's variants when it completes.
CREATE TABLE arrival (
    turn_id        BIGINT      NOT NULL REFERENCES turn (id),
    idx            INT         NOT NULL,
    image          VARCHAR(64) NOT NULL REFERENCES image (sha256),
    context_image  VARCHAR(64) NOT NULL REFERENCES image (sha256),
    seed           BIGINT      NOT NULL,
    PRIMARY KEY (turn_id, idx)
);
