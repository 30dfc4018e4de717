-- Values of a typed dump format (Parquet) written as null because they could not be converted to
-- their column's type, per file. Portable SQL: the same file runs on SQLite and PostgreSQL.
ALTER TABLE dump_files ADD COLUMN conversion_nulls BIGINT NOT NULL DEFAULT 0;
