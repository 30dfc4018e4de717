-- Ranges of records the log store deleted before every dump task that needed them had them
-- (only when the operator's hard disk limit forces it), so that the dump history can show them.
CREATE TABLE lost_ranges (
    logset       VARCHAR(64) NOT NULL,
    subject      VARCHAR(64) NOT NULL,
    partition_no INTEGER     NOT NULL,
    from_offset  BIGINT      NOT NULL,
    to_offset    BIGINT      NOT NULL,
    time         BIGINT      NOT NULL,
    reason       TEXT        NOT NULL
);
CREATE INDEX lost_ranges_subject ON lost_ranges (logset, subject);
