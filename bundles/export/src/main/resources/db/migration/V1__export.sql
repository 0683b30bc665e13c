-- Export jobs: one row per requested export. The row is the source of truth; the file lives in
-- media-storage/pdf-exports/<user>/ under object_key once the job is done.
CREATE TABLE export_jobs (
    id          VARCHAR(36)   NOT NULL PRIMARY KEY,
    user_id     VARCHAR(64)   NOT NULL,
    format      VARCHAR(16)   NOT NULL,
    range_from  TIMESTAMP,
    range_to    TIMESTAMP,
    status      VARCHAR(16)   NOT NULL,
    error       VARCHAR(1000),
    object_key  VARCHAR(512),
    size_bytes  BIGINT,
    entries     INT,
    sessions    INT,
    pages       INT,
    attempts    INT           NOT NULL,
    created_at  TIMESTAMP     NOT NULL,
    started_at  TIMESTAMP,
    finished_at TIMESTAMP
);

CREATE INDEX ej_user_created ON export_jobs (user_id, created_at);
CREATE INDEX ej_status ON export_jobs (status, created_at);
