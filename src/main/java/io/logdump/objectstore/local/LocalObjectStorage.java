package io.logdump.objectstore.local;

import io.logdump.objectstore.ObjectStorage;
import io.logdump.objectstore.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Buckets as folders under a root folder ({@code <dataDir>/buckets} by default). Bucket names
 * are checked by the caller against the S3 rules, which admit no path separator and no {@code .}
 * or {@code ..}, so a bucket cannot escape the root. An object is the file
 * {@code <root>/<bucket>/<key>}, written by {@link LocalObjectStore} with a temporary file and an
 * atomic rename. Thread-safe.
 */
public final class LocalObjectStorage implements ObjectStorage {
    private final Path root;

    public LocalObjectStorage(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public List<String> listBuckets() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith(".")).sorted().toList();
        }
    }

    @Override
    public boolean bucketExists(String bucket) {
        return Files.isDirectory(folder(bucket));
    }

    @Override
    public void createBucket(String bucket) throws IOException {
        Files.createDirectories(folder(bucket));
    }

    private Path folder(String bucket) {
        Path folder = root.resolve(bucket).normalize();
        if (!folder.getParent().equals(root)) {
            throw new IllegalArgumentException("bucket name '" + bucket + "' is not a plain folder name");
        }
        return folder;
    }

    /** The objects of a bucket folder; see {@link LocalObjectStore} for the layout and crash behaviour. */
    @Override
    public ObjectStore bucket(String bucket) {
        return new LocalObjectStore(bucket, folder(bucket));
    }
}
