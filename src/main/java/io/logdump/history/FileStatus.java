package io.logdump.history;

/**
 * The life of a dump file: WRITING while its batch is read and encoded (not in the file table
 * yet), UPLOADING once sealed (its spool file is complete and recorded), then SUCCEEDED, or FAILED
 * after its upload attempts ran out (retryable for an hour), then EXPIRED.
 */
public enum FileStatus { WRITING, UPLOADING, SUCCEEDED, FAILED, EXPIRED }
