-- Who may do what: users (each of one account), API tokens, console sessions and the audit log.
-- Secrets are never stored: passwords as Argon2id strings, tokens and session ids as SHA-256 digests.

CREATE TABLE users (
    name          VARCHAR(64)  NOT NULL PRIMARY KEY,
    account       VARCHAR(64)  NOT NULL REFERENCES accounts (name),
    role          VARCHAR(16)  NOT NULL,
    system_admin  INTEGER      NOT NULL,
    password_hash VARCHAR(256) NOT NULL,
    created_at    BIGINT       NOT NULL
);
CREATE INDEX users_account ON users (account);

CREATE TABLE api_tokens (
    id           VARCHAR(32)  NOT NULL PRIMARY KEY,
    account      VARCHAR(64)  NOT NULL REFERENCES accounts (name),
    owner        VARCHAR(64),
    name         VARCHAR(64)  NOT NULL,
    prefix       VARCHAR(16)  NOT NULL,
    secret_hash  VARCHAR(64)  NOT NULL UNIQUE,
    role         VARCHAR(16)  NOT NULL,
    subjects     TEXT         NOT NULL,
    created_by   VARCHAR(128) NOT NULL,
    created_at   BIGINT       NOT NULL,
    expires_at   BIGINT,
    last_used_at BIGINT
);
CREATE INDEX api_tokens_account ON api_tokens (account, owner);

CREATE TABLE sessions (
    id_hash      VARCHAR(64) NOT NULL PRIMARY KEY,
    user_name    VARCHAR(64) NOT NULL,
    created_at   BIGINT      NOT NULL,
    last_seen_at BIGINT      NOT NULL
);

CREATE TABLE audit_log (
    id      VARCHAR(32)   NOT NULL PRIMARY KEY,
    account VARCHAR(64),
    time    BIGINT        NOT NULL,
    actor   VARCHAR(128)  NOT NULL,
    action  VARCHAR(32)   NOT NULL,
    target  VARCHAR(256),
    client  VARCHAR(64),
    detail  VARCHAR(1024)
);
CREATE INDEX audit_log_account_time ON audit_log (account, time, id);
