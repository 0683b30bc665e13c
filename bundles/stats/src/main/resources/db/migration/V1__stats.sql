-- Statistics: one row per user and LOCAL day (in the user's time zone) with any activity. Rows are derived data:
-- recomputed from the journal and the guided sessions whenever something of that day changes, and rebuilt from
-- scratch by the operator command. "day" is the plan's "date" column (DATE is a reserved word in SQL).
CREATE TABLE user_analytics (
    user_id           VARCHAR(64)  NOT NULL,
    day               DATE         NOT NULL,
    zone              VARCHAR(64)  NOT NULL,
    journals_written  INT          NOT NULL,
    total_words       INT          NOT NULL,
    dominant_mood     VARCHAR(40),
    mood_sum          DOUBLE       NOT NULL,
    mood_count        INT          NOT NULL,
    voice_entries     INT          NOT NULL,
    guided_started    INT          NOT NULL,
    guided_completed  INT          NOT NULL,
    engagement_score  INT          NOT NULL,
    updated_at        TIMESTAMP    NOT NULL,
    PRIMARY KEY (user_id, day)
);

-- Per user and day: how many entries carried each mood label (kind 'mood') and how many guided sessions were
-- started per topic (kind 'topic'), so that periods can name their dominant mood and most used topics.
CREATE TABLE user_analytics_counts (
    user_id  VARCHAR(64)  NOT NULL,
    day      DATE         NOT NULL,
    kind     VARCHAR(16)  NOT NULL,
    name     VARCHAR(200) NOT NULL,
    title    VARCHAR(200),
    total    INT          NOT NULL,
    PRIMARY KEY (user_id, day, kind, name)
);
