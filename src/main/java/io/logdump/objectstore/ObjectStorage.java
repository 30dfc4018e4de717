package io.logdump.objectstore;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * The object storage service of one region, at the level of buckets.
 * <ul>
 *   <li>{@code local}: a bucket is a folder under the region's root folder.</li>
 *   <li>{@code s3}: any S3-compatible endpoint, addressed path-style.</li>
 * </ul>
 * Failures of the service (unreachable, refused, throttled) are reported as {@link IOException}
 * whose message names the bucket and the cause; SDK exceptions never leave this package.
 * Implementations are thread-safe.
 */
public interface ObjectStorage extends Closeable {

    /** The names of the buckets, sorted. */
    List<String> listBuckets() throws IOException;

    boolean bucketExists(String bucket) throws IOException;

    /** Creates a bucket; a bucket that exists already and is ours is left as it is. */
    void createBucket(String bucket) throws IOException;

    /** The objects of a bucket (which is not checked to exist until it is used). */
    ObjectStore bucket(String bucket);

    @Override
    default void close() throws IOException {}
}
