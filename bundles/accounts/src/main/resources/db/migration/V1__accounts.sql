-- Accounts: people, the identities they sign in with, and their sessions.
CREATE TABLE users (
    id            VARCHAR(36)   NOT NULL PRIMARY KEY,
    email         VARCHAR(320)  NOT NULL,
    name          VARCHAR(200),
    picture_url   VARCHAR(2000),
    preferences   CLOB,
    password_hash VARCHAR(200),
    created_at    TIMESTAMP     NOT NULL,
    last_active   TIMESTAMP     NOT NULL,
    CONSTRAINT users_email_unique UNIQUE (email)
);

CREATE TABLE user_identities (
    provider   VARCHAR(64)  NOT NULL,
    subject    VARCHAR(255) NOT NULL,
    user_id    VARCHAR(36)  NOT NULL,
    created_at TIMESTAMP    NOT NULL,
    PRIMARY KEY (provider, subject),
    CONSTRAINT user_identities_user FOREIGN KEY (user_id) REFERENCES users (id)
);

CREATE TABLE user_sessions (
    id          VARCHAR(36) NOT NULL PRIMARY KEY,
    user_id     VARCHAR(36) NOT NULL,
    token_hash  CHAR(64)    NOT NULL,
    provider    VARCHAR(64) NOT NULL,
    created_at  TIMESTAMP   NOT NULL,
    expires_at  TIMESTAMP   NOT NULL,
    revoked_at  TIMESTAMP,
    CONSTRAINT user_sessions_token UNIQUE (token_hash),
    CONSTRAINT user_sessions_user FOREIGN KEY (user_id) REFERENCES users (id)
);

CREATE INDEX user_sessions_by_user ON user_sessions (user_id);
