package io.logdump.catalog;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Which account owns each bucket of a region. A bucket name is unique in its region (the buckets
 * are real buckets of the region's object store), so one account at most owns it. A bucket that
 * has no owner recorded belongs to {@link io.logdump.core.Accounts#DEFAULT}: the buckets of an
 * install older than accounts. Implementations are thread-safe.
 */
public interface BucketOwners {

    /** The recorded owner of every bucket of the region that has one, by bucket name. */
    Map<String, String> owners(String region);

    /** The recorded owner of a bucket, if any. */
    Optional<String> owner(String region, String bucket);

    /**
     * Records {@code account} as the owner of the bucket unless an owner is recorded already.
     *
     * @return the owner recorded after the call: {@code account}, or the account that had it
     */
    String claim(String region, String bucket, String account, Instant now);

    /** Forgets that {@code account} owns the bucket (after a claim whose bucket could not be created). */
    void release(String region, String bucket, String account);
}
