-- Facts about the statistics themselves: 'bootstrapped' is set once the rollups were first built from the journal,
-- so that a platform that gets the statistics feature after people have written still counts their past days.
CREATE TABLE stats_state (
    name       VARCHAR(64)  NOT NULL PRIMARY KEY,
    set_at     TIMESTAMP    NOT NULL
);
