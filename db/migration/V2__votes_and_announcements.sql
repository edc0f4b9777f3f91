-- One vote per person per variant; variant.votes is the count kept beside the variant for rendering.
CREATE TABLE vote (
    turn_id     BIGINT       NOT NULL REFERENCES turn (id),
    idx         INT          NOT NULL,
    voter       VARCHAR(128) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (turn_id, idx, voter)
);

-- Where a chat adapter announced a turn (the message it updates in place), so buttons, reactions and
-- progress keep working after a restart.
CREATE TABLE announcement (
    turn_id     BIGINT       NOT NULL REFERENCES turn (id),
    platform    VARCHAR(16)  NOT NULL,
    channel_id  VARCHAR(128) NOT NULL,
    message_id  VARCHAR(128) NOT NULL,
    -- platform ids of the uploaded variant images, comma-separated, so the message can be redrawn
    media       VARCHAR(2000),
    PRIMARY KEY (turn_id),
    CONSTRAINT announcement_message UNIQUE (platform, channel_id, message_id)
);
