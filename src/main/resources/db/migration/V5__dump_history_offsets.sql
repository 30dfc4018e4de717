-- The dump history shows each file's offset range [from_offset, to_offset) and, as EXPIRED
-- entries without an object, the ranges lost to the disk limit before a task dumped them.
-- It is listed newest first and pruned by age, hence the index on the creation time.
ALTER TABLE dump_files ADD COLUMN from_offset BIGINT;
ALTER TABLE dump_files ADD COLUMN to_offset BIGINT;
CREATE INDEX dump_files_created ON dump_files (created_at, id);
