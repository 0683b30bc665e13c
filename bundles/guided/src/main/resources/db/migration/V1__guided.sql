-- Guided journal: one row per session. The row is the source of truth for which sessions exist and how far
-- they got; prompts, answers and progress history live in the guided-journals bucket.
CREATE TABLE guided_journal_sessions (
    id                    VARCHAR(36)  NOT NULL PRIMARY KEY,
    user_id               VARCHAR(64)  NOT NULL,
    topic                 VARCHAR(200) NOT NULL,
    pack                  VARCHAR(100) NOT NULL,
    topic_title           VARCHAR(200),
    prompt_count          INT          NOT NULL,
    answered_count        INT          NOT NULL,
    completion_percentage INT          NOT NULL,
    mood_score            DOUBLE,
    mood_label            VARCHAR(40),
    mood_analysis         CLOB,
    status                VARCHAR(16)  NOT NULL,
    started_at            TIMESTAMP    NOT NULL,
    updated_at            TIMESTAMP    NOT NULL,
    completed_at          TIMESTAMP
);

CREATE INDEX gjs_user_started ON guided_journal_sessions (user_id, started_at, id);
