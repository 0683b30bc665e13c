-- Free journal: one row per entry (the text itself is in the free-journals bucket), the search index, and transcription jobs.
CREATE TABLE free_journal_metadata (
    entry_id             VARCHAR(36)  NOT NULL PRIMARY KEY,
    user_id              VARCHAR(36)  NOT NULL,
    title                VARCHAR(200),
    preview              VARCHAR(400),
    word_count           INT          NOT NULL,
    mood_score           DOUBLE,
    mood_label           VARCHAR(40),
    has_audio            BOOLEAN      NOT NULL,
    transcription_status VARCHAR(16),
    source               VARCHAR(16)  NOT NULL,
    external_id          VARCHAR(200),
    created_at           TIMESTAMP    NOT NULL,
    updated_at           TIMESTAMP    NOT NULL,
    version              INT          NOT NULL,
    CONSTRAINT fjm_external UNIQUE (user_id, external_id)
);

CREATE INDEX fjm_user_created ON free_journal_metadata (user_id, created_at, entry_id);

-- Inverted index: one row per distinct normalised word of an entry, so search never reads the blobs.
CREATE TABLE free_journal_terms (
    user_id  VARCHAR(36) NOT NULL,
    term     VARCHAR(64) NOT NULL,
    entry_id VARCHAR(36) NOT NULL,
    PRIMARY KEY (user_id, term, entry_id)
);

CREATE INDEX fjt_entry ON free_journal_terms (entry_id);

CREATE TABLE free_journal_transcriptions (
    entry_id      VARCHAR(36)   NOT NULL PRIMARY KEY,
    user_id       VARCHAR(36)   NOT NULL,
    status        VARCHAR(16)   NOT NULL,
    media_type    VARCHAR(100)  NOT NULL,
    audio_key     VARCHAR(512)  NOT NULL,
    audio_bytes   BIGINT        NOT NULL,
    audio_seconds DOUBLE        NOT NULL,
    language      VARCHAR(35),
    engine        VARCHAR(64),
    attempts      INT           NOT NULL,
    error         VARCHAR(1000),
    created_at    TIMESTAMP     NOT NULL,
    updated_at    TIMESTAMP     NOT NULL,
    CONSTRAINT fjtr_entry FOREIGN KEY (entry_id) REFERENCES free_journal_metadata (entry_id) ON DELETE CASCADE
);

CREATE INDEX fjtr_status ON free_journal_transcriptions (status, created_at);
