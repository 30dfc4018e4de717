-- Accounts (PostgreSQL). Every catalog resource belongs to an account, and names are unique within
-- one: log sets, subjects and dump tasks have the account in their keys, and the operations log,
-- the dump history and the lost ranges name the account of their rows. Everything that existed
-- before belongs to the account 'default'. The buckets table records which account owns each
-- bucket of a region (a bucket without a row is the default account's).
--
-- The keys are changed in place; migration-sqlite/V6__accounts.sql gives SQLite the same schema by
-- rebuilding the tables. A new account column is filled with 'default' and then loses its default,
-- so that every later row names its account.

CREATE TABLE accounts (
    name       VARCHAR(64) NOT NULL PRIMARY KEY,
    created_at BIGINT      NOT NULL
);
INSERT INTO accounts (name, created_at) VALUES ('default', CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT));

CREATE TABLE buckets (
    region     VARCHAR(64) NOT NULL,
    name       VARCHAR(63) NOT NULL,
    account    VARCHAR(64) NOT NULL REFERENCES accounts (name),
    created_at BIGINT      NOT NULL,
    PRIMARY KEY (region, name)
);

-- The constraints of V1 that the account joins, under PostgreSQL's names for them.
ALTER TABLE dump_tasks DROP CONSTRAINT dump_tasks_logset_subject_fkey;
ALTER TABLE dump_tasks DROP CONSTRAINT dump_tasks_logset_subject_name_key;
ALTER TABLE subjects DROP CONSTRAINT subjects_logset_fkey;
ALTER TABLE subjects DROP CONSTRAINT subjects_pkey;
ALTER TABLE logsets DROP CONSTRAINT logsets_pkey;

ALTER TABLE logsets ADD COLUMN account VARCHAR(64) NOT NULL DEFAULT 'default';
ALTER TABLE logsets ALTER COLUMN account DROP DEFAULT;
ALTER TABLE logsets ADD PRIMARY KEY (account, name);
ALTER TABLE logsets ADD FOREIGN KEY (account) REFERENCES accounts (name);

ALTER TABLE subjects ADD COLUMN account VARCHAR(64) NOT NULL DEFAULT 'default';
ALTER TABLE subjects ALTER COLUMN account DROP DEFAULT;
ALTER TABLE subjects ADD PRIMARY KEY (account, logset, name);
ALTER TABLE subjects ADD FOREIGN KEY (account, logset) REFERENCES logsets (account, name);

ALTER TABLE dump_tasks ADD COLUMN account VARCHAR(64) NOT NULL DEFAULT 'default';
ALTER TABLE dump_tasks ALTER COLUMN account DROP DEFAULT;
ALTER TABLE dump_tasks ADD FOREIGN KEY (account, logset, subject) REFERENCES subjects (account, logset, name);
ALTER TABLE dump_tasks ADD UNIQUE (account, logset, subject, name);

-- actor: the user or API token that did it; null for the server's own moves and older entries.
ALTER TABLE task_operations ADD COLUMN account VARCHAR(64) NOT NULL DEFAULT 'default';
ALTER TABLE task_operations ALTER COLUMN account DROP DEFAULT;
ALTER TABLE task_operations ADD COLUMN actor VARCHAR(256);

ALTER TABLE lost_ranges ADD COLUMN account VARCHAR(64) NOT NULL DEFAULT 'default';
ALTER TABLE lost_ranges ALTER COLUMN account DROP DEFAULT;
DROP INDEX lost_ranges_subject;
CREATE INDEX lost_ranges_subject ON lost_ranges (account, logset, subject);

ALTER TABLE dump_files ADD COLUMN account VARCHAR(64) NOT NULL DEFAULT 'default';
ALTER TABLE dump_files ALTER COLUMN account DROP DEFAULT;
CREATE INDEX dump_files_account ON dump_files (account, created_at, id);
