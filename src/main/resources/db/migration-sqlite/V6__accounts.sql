-- Accounts (SQLite). Every catalog resource belongs to an account, and names are unique within
-- one: log sets, subjects and dump tasks have the account in their keys, and the operations log,
-- the dump history and the lost ranges name the account of their rows. Everything that existed
-- before belongs to the account 'default'. The buckets table records which account owns each
-- bucket of a region (a bucket without a row is the default account's).
--
-- SQLite cannot change a primary key in place, so every table that gets an account is rebuilt:
-- each new table is created and filled, then the old tables are dropped (a child before its
-- parent, as foreign keys are enforced) and the new ones renamed, which rewrites the foreign keys
-- that name them. migration-postgresql/V6__accounts.sql gives PostgreSQL the same schema.

CREATE TABLE accounts (
    name       VARCHAR(64) NOT NULL PRIMARY KEY,
    created_at BIGINT      NOT NULL
);
INSERT INTO accounts (name, created_at) VALUES ('default', CAST(strftime('%s', 'now') AS INTEGER) * 1000);

CREATE TABLE buckets (
    region     VARCHAR(64) NOT NULL,
    name       VARCHAR(63) NOT NULL,
    account    VARCHAR(64) NOT NULL REFERENCES accounts (name),
    created_at BIGINT      NOT NULL,
    PRIMARY KEY (region, name)
);

CREATE TABLE logsets_v6 (
    account     VARCHAR(64)   NOT NULL REFERENCES accounts (name),
    name        VARCHAR(64)   NOT NULL,
    region      VARCHAR(64)   NOT NULL,
    description VARCHAR(1024),
    created_at  BIGINT        NOT NULL,
    PRIMARY KEY (account, name)
);
INSERT INTO logsets_v6 (account, name, region, description, created_at)
    SELECT 'default', name, region, description, created_at FROM logsets;

CREATE TABLE subjects_v6 (
    account         VARCHAR(64)   NOT NULL,
    logset          VARCHAR(64)   NOT NULL,
    name            VARCHAR(64)   NOT NULL,
    description     VARCHAR(1024),
    retention_hours INTEGER       NOT NULL,
    collection      TEXT,
    created_at      BIGINT        NOT NULL,
    PRIMARY KEY (account, logset, name),
    FOREIGN KEY (account, logset) REFERENCES logsets_v6 (account, name)
);
INSERT INTO subjects_v6 (account, logset, name, description, retention_hours, collection, created_at)
    SELECT 'default', logset, name, description, retention_hours, collection, created_at FROM subjects;

CREATE TABLE dump_tasks_v6 (
    id                  VARCHAR(16)  NOT NULL PRIMARY KEY,
    account             VARCHAR(64)  NOT NULL,
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
    FOREIGN KEY (account, logset, subject) REFERENCES subjects_v6 (account, logset, name),
    UNIQUE (account, logset, subject, name)
);
INSERT INTO dump_tasks_v6 (id, account, name, logset, subject, bucket, prefix, partition_format, time_zone, max_file_size_mb,
                           interval_seconds, format, compression, start_delay_seconds, start_from, status, created_at,
                           updated_at, starts_at, next_batch)
    SELECT id, 'default', name, logset, subject, bucket, prefix, partition_format, time_zone, max_file_size_mb,
           interval_seconds, format, compression, start_delay_seconds, start_from, status, created_at,
           updated_at, starts_at, next_batch
    FROM dump_tasks;

-- actor: the user or API token that did it; null for the server's own moves and older entries.
CREATE TABLE task_operations_v6 (
    task_id   VARCHAR(16)  NOT NULL,
    seq       INTEGER      NOT NULL,
    account   VARCHAR(64)  NOT NULL,
    time      BIGINT       NOT NULL,
    operation VARCHAR(16)  NOT NULL,
    actor     VARCHAR(256),
    detail    TEXT         NOT NULL,
    PRIMARY KEY (task_id, seq)
);
INSERT INTO task_operations_v6 (task_id, seq, account, time, operation, actor, detail)
    SELECT task_id, seq, 'default', time, operation, NULL, detail FROM task_operations;

CREATE TABLE lost_ranges_v6 (
    account      VARCHAR(64) NOT NULL,
    logset       VARCHAR(64) NOT NULL,
    subject      VARCHAR(64) NOT NULL,
    partition_no INTEGER     NOT NULL,
    from_offset  BIGINT      NOT NULL,
    to_offset    BIGINT      NOT NULL,
    time         BIGINT      NOT NULL,
    reason       TEXT        NOT NULL
);
INSERT INTO lost_ranges_v6 (account, logset, subject, partition_no, from_offset, to_offset, time, reason)
    SELECT 'default', logset, subject, partition_no, from_offset, to_offset, time, reason FROM lost_ranges;

CREATE TABLE dump_files_v6 (
    id               VARCHAR(64)   NOT NULL PRIMARY KEY,
    task_id          VARCHAR(16)   NOT NULL,
    batch            BIGINT        NOT NULL,
    partition_no     INTEGER       NOT NULL,
    account          VARCHAR(64)   NOT NULL,
    logset           VARCHAR(64)   NOT NULL,
    subject          VARCHAR(64)   NOT NULL,
    bucket           VARCHAR(63)   NOT NULL,
    object_key       VARCHAR(1024) NOT NULL,
    status           VARCHAR(16)   NOT NULL,
    records          BIGINT        NOT NULL,
    raw_bytes        BIGINT        NOT NULL,
    stored_bytes     BIGINT        NOT NULL,
    sha256           VARCHAR(64)   NOT NULL,
    min_log_time     BIGINT,
    max_log_time     BIGINT,
    created_at       BIGINT        NOT NULL,
    finished_at      BIGINT,
    attempts         INTEGER       NOT NULL,
    error            TEXT,
    failed_at        BIGINT,
    retryable_until  BIGINT,
    spool_path       VARCHAR(1024),
    content_type     VARCHAR(64),
    content_encoding VARCHAR(16),
    conversion_nulls BIGINT        NOT NULL DEFAULT 0,
    from_offset      BIGINT,
    to_offset        BIGINT
);
INSERT INTO dump_files_v6 (id, task_id, batch, partition_no, account, logset, subject, bucket, object_key, status, records,
                           raw_bytes, stored_bytes, sha256, min_log_time, max_log_time, created_at, finished_at, attempts,
                           error, failed_at, retryable_until, spool_path, content_type, content_encoding, conversion_nulls,
                           from_offset, to_offset)
    SELECT id, task_id, batch, partition_no, 'default', logset, subject, bucket, object_key, status, records,
           raw_bytes, stored_bytes, sha256, min_log_time, max_log_time, created_at, finished_at, attempts,
           error, failed_at, retryable_until, spool_path, content_type, content_encoding, conversion_nulls,
           from_offset, to_offset
    FROM dump_files;

DROP TABLE dump_tasks;
DROP TABLE subjects;
DROP TABLE logsets;
DROP TABLE task_operations;
DROP TABLE lost_ranges;
DROP TABLE dump_files;

ALTER TABLE logsets_v6 RENAME TO logsets;
ALTER TABLE subjects_v6 RENAME TO subjects;
ALTER TABLE dump_tasks_v6 RENAME TO dump_tasks;
ALTER TABLE task_operations_v6 RENAME TO task_operations;
ALTER TABLE lost_ranges_v6 RENAME TO lost_ranges;
ALTER TABLE dump_files_v6 RENAME TO dump_files;

CREATE INDEX lost_ranges_subject ON lost_ranges (account, logset, subject);
CREATE INDEX dump_files_task ON dump_files (task_id, batch);
CREATE INDEX dump_files_status ON dump_files (status);
CREATE INDEX dump_files_created ON dump_files (created_at, id);
CREATE INDEX dump_files_account ON dump_files (account, created_at, id);
