package io.logdump.auth;

import java.time.Instant;

/** An account: it owns buckets, log sets, dump tasks and their files, users and tokens. */
public record Account(String name, Instant createdAt) {}
