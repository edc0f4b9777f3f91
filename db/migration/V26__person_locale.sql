-- The language a person's chat client last reported (Discord sends it with each interaction), so that messages sent
-- to them later with nothing of theirs at hand (a direct message's turns) are in it after a restart and from every
-- instance. locale: a language tag as the platform sent it.
CREATE TABLE person_locale (
    platform    VARCHAR(16)  NOT NULL,
    person      VARCHAR(128) NOT NULL,
    locale      VARCHAR(35)  NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (platform, person)
);
