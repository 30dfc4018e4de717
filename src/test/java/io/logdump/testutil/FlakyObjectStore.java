package io.logdump.testutil;

import io.logdump.objectstore.ObjectStore;
import io.logdump.objectstore.ObjectStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** An object store that fails the next puts on demand (with {@link #failure}), or "crashes" (throws an Error) like a killed process. */
public final class FlakyObjectStore implements ObjectStore {
    private final ObjectStore delegate;
    public final AtomicInteger failNextPuts = new AtomicInteger();
    public volatile boolean crashOnPut;
    public final AtomicInteger puts = new AtomicInteger();
    /** What the failing puts throw; by default a transient 503. */
    public volatile IOException failure = new ObjectStoreException("simulated failure: HTTP 503 Slow Down", null,
            ObjectStoreException.Kind.TRANSIENT);

    public FlakyObjectStore(ObjectStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void put(String key, Path file, String contentType, String contentEncoding) throws IOException {
        if (crashOnPut) {
            throw new Error("simulated crash before uploading " + key);
        }
        if (failNextPuts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw failure;
        }
        puts.incrementAndGet();
        delegate.put(key, file, contentType, contentEncoding);
    }

    @Override
    public InputStream get(String key) throws IOException {
        return delegate.get(key);
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        return delegate.list(prefix);
    }

    @Override
    public void delete(String key) throws IOException {
        delegate.delete(key);
    }
}
