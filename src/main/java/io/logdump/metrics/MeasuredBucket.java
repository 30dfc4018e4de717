package io.logdump.metrics;

import io.logdump.objectstore.ObjectStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A dump task's bucket that measures its uploads: each {@link #put} is timed (whether it succeeds
 * or fails), the bytes of each successful one counted, and a put of a key whose previous put
 * failed counted as a retry. Reads, lists and deletes pass through. Thread-safe.
 */
final class MeasuredBucket implements ObjectStore {
    private final ObjectStore bucket;
    private final Timer uploads;
    private final Counter uploadedBytes;
    private final Counter retries;
    private final Set<String> failedKeys = ConcurrentHashMap.newKeySet();

    MeasuredBucket(ObjectStore bucket, Timer uploads, Counter uploadedBytes, Counter retries) {
        this.bucket = bucket;
        this.uploads = uploads;
        this.uploadedBytes = uploadedBytes;
        this.retries = retries;
    }

    @Override
    public void put(String key, Path file, String contentType, String contentEncoding) throws IOException {
        if (failedKeys.contains(key)) {
            retries.increment();
        }
        long start = System.nanoTime();
        long size;
        try {
            size = Files.size(file);
            bucket.put(key, file, contentType, contentEncoding);
        } catch (IOException | RuntimeException e) {
            failedKeys.add(key);
            throw e;
        } finally {
            uploads.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
        failedKeys.remove(key);
        uploadedBytes.increment(size);
    }

    @Override
    public InputStream get(String key) throws IOException {
        return bucket.get(key);
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        return bucket.list(prefix);
    }

    @Override
    public void delete(String key) throws IOException {
        bucket.delete(key);
    }
}
