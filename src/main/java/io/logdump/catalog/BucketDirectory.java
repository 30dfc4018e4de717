package io.logdump.catalog;

import java.io.IOException;
import java.util.List;

/** The buckets of each region's object store, as the catalog needs them. Thread-safe. */
public interface BucketDirectory {

    List<String> list(String region) throws IOException;

    boolean exists(String region, String bucket) throws IOException;

    /** Creates a bucket; creating one that exists (and is ours) is not an error. */
    void create(String region, String bucket) throws IOException;
}
