-- What the bot measured of each variant against the image it edited (README, "Fidelity score"). A variant
-- whose score could not be computed (an image it cannot read, a text-only generation) has no row.
CREATE TABLE variant_score (
    turn_id          BIGINT           NOT NULL,
    idx              INT              NOT NULL,
    fidelity         INT              NOT NULL,
    ssim             DOUBLE PRECISION NOT NULL,
    hash_distance    INT              NOT NULL,
    -- quality flags, comma-separated wire names (blank, artefacts, resolution_loss); empty when none
    flags            VARCHAR(200)     NOT NULL,
    -- fidelity against the session's source image; null when the session started from text
    source_fidelity  INT,
    PRIMARY KEY (turn_id, idx),
    CONSTRAINT variant_score_variant FOREIGN KEY (turn_id, idx) REFERENCES variant (turn_id, idx)
);
