package io.logdump.app;

import io.logdump.catalog.BucketDirectory;
import io.logdump.objectstore.ObjectStorage;
import io.logdump.objectstore.local.LocalObjectStorage;
import io.logdump.objectstore.s3.S3ObjectStorage;
import java.io.Closeable;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One object storage client per configured region; the catalog sees them as a {@link BucketDirectory}. */
final class RegionStores implements BucketDirectory, Closeable {
    private final Map<String, ObjectStorage> stores = new LinkedHashMap<>();

    RegionStores(List<Config.RegionConfig> regions) {
        for (Config.RegionConfig r : regions) {
            stores.put(r.name(), r.type().equals("s3") ? new S3ObjectStorage(r.s3()) : new LocalObjectStorage(r.root()));
        }
    }

    @Override
    public List<String> list(String region) throws IOException {
        return store(region).listBuckets();
    }

    @Override
    public boolean exists(String region, String bucket) throws IOException {
        return store(region).bucketExists(bucket);
    }

    @Override
    public void create(String region, String bucket) throws IOException {
        store(region).createBucket(bucket);
    }

    /** The object storage of a region. */
    ObjectStorage store(String region) {
        ObjectStorage store = stores.get(region);
        if (store == null) {
            throw new IllegalArgumentException("no region " + region);
        }
        return store;
    }

    @Override
    public void close() throws IOException {
        for (ObjectStorage s : stores.values()) {
            s.close();
        }
    }
}
