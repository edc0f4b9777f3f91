-- Defaults people set from chat for a whole server/workspace (scope '*') or one channel (scope = its id).
-- A new session starts with: its command's parameters, then its channel's, then its server's, then config.
CREATE TABLE scoped_defaults (
    platform       VARCHAR(16)   NOT NULL,
    tenant         VARCHAR(128)  NOT NULL,
    scope          VARCHAR(128)  NOT NULL,
    defaults_json  VARCHAR(2000) NOT NULL,
    updated_by     VARCHAR(128)  NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (platform, tenant, scope)
);
