CREATE TABLE accounts (
    name       VARCHAR(64) NOT NULL PRIMARY KEY,
    created_at BIGINT      NOT NULL
);
INSERT INTO accounts (name, created_at) VALUES ('default', 0);
