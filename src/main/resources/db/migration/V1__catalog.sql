-- Catalog: log sets, log subjects (with their collection configuration), dump tasks and the
-- operations done on them. Portable SQL: the same file runs on SQLite and PostgreSQL.
-- Times are epoch milliseconds (BIGINT); structured settings are JSON text.

CREATE TABLE logsets (
    name        VARCHAR(64)   NOT NULL PRIMARY KEY,
    region      VARCHAR(64)   NOT NULL,
    description VARCHAR(1024),
    created_at  BIGINT        NOT NULL
);

CREATE TABLE subjects (
    logset          VARCHAR(64)   NOT NULL REFERENCES logsets (name),
    name            VARCHAR(64)   NOT NULL,
    description     VARCHAR(1024),
    retention_hours INTEGER       NOT NULL,
    collection      TEXT,
    created_at      BIGINT        NOT NULL,
    PRIMARY KEY (logset, name)
);

CREATE TABLE dump_tasks (
    id                  VARCHAR(16)  NOT NULL PRIMARY KEY,
    name                VARCHAR(128) NOT NULL,
    logset              VARCHAR(64)  NOT NULL,
    subject             VARCHAR(64)  NOT NULL,
    bucket              VARCHAR(63)  NOT NULL,
    prefix              VARCHAR(256) NOT NULL,
    partition_format    VARCHAR(128) NOT NULL,
    time_zone           VARCHAR(64)  NOT NULL,
    max_file_size_mb    INTEGER      NOT NULL,
    interval_seconds    INTEGER      NOT NULL,
    format              TEXT         NOT NULL,
    compression         VARCHAR(16)  NOT NULL,
    start_delay_seconds INTEGER      NOT NULL,
    start_from          VARCHAR(64)  NOT NULL,
    status              VARCHAR(16)  NOT NULL,
    created_at          BIGINT       NOT NULL,
    updated_at          BIGINT       NOT NULL,
    starts_at           BIGINT       NOT NULL,
    next_batch          BIGINT       NOT NULL,
    FOREIGN KEY (logset, subject) REFERENCES subjects (logset, name),
    UNIQUE (logset, subject, name)
);

-- Kept after a task is deleted, so that what happened to it stays visible.
CREATE TABLE task_operations (
    task_id   VARCHAR(16)  NOT NULL,
    seq       INTEGER      NOT NULL,
    time      BIGINT       NOT NULL,
    operation VARCHAR(16)  NOT NULL,
    detail    TEXT         NOT NULL,
    PRIMARY KEY (task_id, seq)
);
