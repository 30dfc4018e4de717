-- The dump protocol's state: batches (one read range of a task's partition), the files of each
-- batch with their fate, and each task partition's checkpoint (the next offset to dump).
CREATE TABLE dump_batches (
    task_id      VARCHAR(16) NOT NULL,
    batch        BIGINT      NOT NULL,
    partition_no INTEGER     NOT NULL,
    start_offset BIGINT      NOT NULL,
    end_offset   BIGINT,
    status       VARCHAR(16) NOT NULL,
    created_at   BIGINT      NOT NULL,
    PRIMARY KEY (task_id, batch)
);

CREATE TABLE dump_files (
    id              VARCHAR(64)   NOT NULL PRIMARY KEY,
    task_id         VARCHAR(16)   NOT NULL,
    batch           BIGINT        NOT NULL,
    partition_no    INTEGER       NOT NULL,
    logset          VARCHAR(64)   NOT NULL,
    subject         VARCHAR(64)   NOT NULL,
    bucket          VARCHAR(63)   NOT NULL,
    object_key      VARCHAR(1024) NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    records         BIGINT        NOT NULL,
    raw_bytes       BIGINT        NOT NULL,
    stored_bytes    BIGINT        NOT NULL,
    sha256          VARCHAR(64)   NOT NULL,
    min_log_time    BIGINT,
    max_log_time    BIGINT,
    created_at      BIGINT        NOT NULL,
    finished_at     BIGINT,
    attempts        INTEGER       NOT NULL,
    error           TEXT,
    failed_at       BIGINT,
    retryable_until BIGINT,
    spool_path      VARCHAR(1024),
    content_type    VARCHAR(64),
    content_encoding VARCHAR(16)
);
CREATE INDEX dump_files_task ON dump_files (task_id, batch);
CREATE INDEX dump_files_status ON dump_files (status);

CREATE TABLE dump_checkpoints (
    task_id      VARCHAR(16) NOT NULL,
    partition_no INTEGER     NOT NULL,
    next_offset  BIGINT      NOT NULL,
    PRIMARY KEY (task_id, partition_no)
);
