package io.logdump.core;

/**
 * Accounts own every catalog resource: buckets, log sets with their subjects and stored logs,
 * dump tasks with their files and operations log. An account sees and changes only its own; to
 * it, another account's resource does not exist.
 */
public final class Accounts {
    /**
     * The account that what existed before accounts belongs to: the catalog and stored logs of an
     * older install, and the buckets of the object stores that no account has claimed.
     */
    public static final String DEFAULT = "default";

    private Accounts() {}
}
