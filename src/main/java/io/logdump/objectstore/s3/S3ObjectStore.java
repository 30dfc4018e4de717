package io.logdump.objectstore.s3;

import io.logdump.objectstore.ObjectKeys;
import io.logdump.objectstore.ObjectStore;
import io.logdump.objectstore.ObjectStoreException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * The objects of one S3 bucket.
 * <p>
 * <b>Put.</b> A file of at most the part size is one PutObject. A larger one is a multipart
 * upload: CreateMultipartUpload, one UploadPart per part (each streamed from the file at its
 * offset, so no more than a copy buffer per part is in memory; up to {@value #PARTS_IN_FLIGHT}
 * parts are sent at once), CompleteMultipartUpload. On any failure the
 * upload is aborted (AbortMultipartUpload) before the {@link IOException} is thrown, so neither a
 * partial object nor stored parts remain (unless the abort itself fails, which is then recorded as
 * a suppressed exception). S3 allows at most 10,000 parts, so a file larger than 10,000 parts
 * uses bigger parts. The bytes uploaded are the file's first {@code size} bytes, its size when
 * the put began; a file that becomes shorter meanwhile fails the put.
 * <p>
 * <b>Errors.</b> SDK exceptions become {@link IOException}s naming the bucket, the key, the
 * endpoint, the HTTP status when the server answered, and the cause; a missing key on get is a
 * {@link NoSuchFileException}. Failures are {@link ObjectStoreException}s that say whether they are
 * transient (see {@link S3Errors}). Reading the stream of {@link #get} also reports only
 * {@link IOException}s. This class does not retry, and the SDK only repeats a request whose
 * connection failed before any answer (see {@link S3ObjectStorage}): the caller decides. Thread-safe, like the client.
 */
final class S3ObjectStore implements ObjectStore {
    /** The smallest part S3 accepts (except for the last part). */
    static final long MIN_PART_SIZE = 5L << 20;
    static final int MAX_PARTS = 10_000;
    /** The most keys ListObjectsV2 returns in one page. */
    static final int MAX_LIST_PAGE = 1000;
    /** Parts of one multipart upload sent at once. */
    static final int PARTS_IN_FLIGHT = 4;
    /**
     * The threads that send parts, shared by every store: daemons, created as parts need them
     * (at most {@link #PARTS_IN_FLIGHT} per multipart upload going on) and ended after a minute idle.
     */
    private static final ExecutorService PART_UPLOADS = Executors.newCachedThreadPool(new ThreadFactory() {
        private final AtomicInteger seq = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "logdump-s3-part-" + seq.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    });
    /** The content type of an object put without one. */
    private static final String OCTET_STREAM = "application/octet-stream";

    private final S3Client s3;
    private final String endpoint;
    private final String bucket;
    private final long partSize;
    private final int listPageSize;

    // visible for testing: the client, the part size and the list page size can be chosen
    S3ObjectStore(S3Client s3, String endpoint, String bucket, long partSize, int listPageSize) {
        checkPartSize(partSize);
        if (listPageSize < 1 || listPageSize > MAX_LIST_PAGE) {
            throw new IllegalArgumentException("list page size " + listPageSize + " is not between 1 and " + MAX_LIST_PAGE);
        }
        this.s3 = s3;
        this.endpoint = endpoint;
        this.bucket = bucket;
        this.partSize = partSize;
        this.listPageSize = listPageSize;
    }

    static void checkPartSize(long partSize) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("part size " + partSize + " is below the S3 minimum of " + MIN_PART_SIZE + " bytes");
        }
    }

    @Override
    public void put(String key, Path file, String contentType, String contentEncoding) throws IOException {
        ObjectKeys.check(key);
        try (FileChannel source = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = source.size();
            if (size <= partSize) {
                s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentLength(size)
                        .contentType(contentType).contentEncoding(contentEncoding).build(), body(source, 0, size));
            } else {
                putInParts(key, source, size, contentType, contentEncoding);
            }
        } catch (IOException | SdkException | UncheckedIOException e) {
            if (e instanceof NoSuchFileException) { // named by its file name: a server path is not for users
                throw new ObjectStoreException("putting '" + key + "' in bucket " + bucket + " failed: no such file "
                        + file.getFileName(), e, ObjectStoreException.Kind.PERMANENT);
            }
            throw failure("putting", key, e);
        }
    }

    private void putInParts(String key, FileChannel source, long size, String contentType, String contentEncoding)
            throws IOException {
        String uploadId = s3.createMultipartUpload(CreateMultipartUploadRequest.builder().bucket(bucket).key(key)
                .contentType(contentType == null ? OCTET_STREAM : contentType).contentEncoding(contentEncoding).build())
                .uploadId();
        try {
            long part = Math.max(partSize, (size + MAX_PARTS - 1) / MAX_PARTS);
            List<CompletedPart> parts = uploadParts(key, uploadId, source, size, part);
            if (source.size() < size) {
                throw new IOException("the source file is " + source.size() + " bytes, fewer than the " + size
                        + " it had when the put began: it became shorter during the upload");
            }
            s3.completeMultipartUpload(CompleteMultipartUploadRequest.builder().bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()).build());
        } catch (Throwable e) {
            try {
                s3.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(bucket).key(key).uploadId(uploadId).build());
            } catch (RuntimeException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }

    /**
     * Uploads the parts, at most {@link #PARTS_IN_FLIGHT} at a time, and returns them in part order.
     * On a failure no further part starts, the parts in flight are waited for (so that none lands
     * after the abort), and the first failure is thrown as it was.
     */
    private List<CompletedPart> uploadParts(String key, String uploadId, FileChannel source, long size, long part)
            throws IOException {
        int count = (int) ((size + part - 1) / part);
        CompletedPart[] done = new CompletedPart[count];
        ArrayDeque<Future<?>> inFlight = new ArrayDeque<>();
        Throwable failure = null;
        for (int i = 0; i < count && failure == null; i++) {
            int number = i + 1;
            long offset = i * part;
            long length = Math.min(part, size - offset);
            while (inFlight.size() >= PARTS_IN_FLIGHT && failure == null) {
                failure = await(inFlight.poll());
            }
            if (failure == null) {
                inFlight.add(PART_UPLOADS.submit(() -> {
                    String eTag = s3.uploadPart(UploadPartRequest.builder().bucket(bucket).key(key).uploadId(uploadId)
                            .partNumber(number).contentLength(length).build(), body(source, offset, length)).eTag();
                    done[number - 1] = CompletedPart.builder().partNumber(number).eTag(eTag).build();
                }));
            }
        }
        while (!inFlight.isEmpty()) {
            Throwable f = await(inFlight.poll());
            failure = failure == null ? f : failure;
        }
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IOException(failure);
        }
        return List.of(done);
    }

    /** Waits for a part; its failure, or null. */
    private static Throwable await(Future<?> part) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    part.get();
                    return null;
                } catch (InterruptedException e) {
                    interrupted = true; // the part is waited for all the same: it must not land after an abort
                } catch (ExecutionException e) {
                    return e.getCause();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public InputStream get(String key) throws IOException {
        ObjectKeys.check(key);
        try {
            InputStream in = s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build());
            return new SdkSafeInputStream(in, key);
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key, null, "no such object in bucket " + bucket + " at " + endpoint);
        } catch (SdkException e) {
            throw failure("getting", key, e);
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        Objects.requireNonNull(prefix, "prefix");
        List<String> keys = new ArrayList<>();
        try {
            String token = null;
            do {
                ListObjectsV2Response page = s3.listObjectsV2(ListObjectsV2Request.builder().bucket(bucket)
                        .prefix(prefix.isEmpty() ? null : prefix).maxKeys(listPageSize).continuationToken(token).build());
                page.contents().stream().map(S3Object::key).forEach(keys::add);
                token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            } while (token != null);
        } catch (SdkException e) {
            throw S3Errors.failure("listing '" + prefix + "' in bucket " + bucket, endpoint, e);
        }
        keys.sort(null); // S3 sorts by UTF-8 bytes; the contract is String order
        return keys;
    }

    @Override
    public void delete(String key) throws IOException {
        ObjectKeys.check(key);
        try {
            s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(key).build());
        } catch (SdkException e) {
            throw failure("deleting", key, e);
        }
    }

    @Override
    public String toString() {
        return "s3 bucket " + bucket + " at " + endpoint;
    }

    private ObjectStoreException failure(String what, String key, Exception e) {
        return S3Errors.failure(what + " '" + key + "' in bucket " + bucket, endpoint, e);
    }

    /** {@code length} bytes of the file from {@code offset}; the SDK may open it again to retry or sign. */
    private static RequestBody body(FileChannel source, long offset, long length) {
        return RequestBody.fromContentProvider(() -> new FileRangeInputStream(source, offset, length), length,
                OCTET_STREAM);
    }

    /** A range of a file, read with positional reads, so several can share one channel. */
    private static final class FileRangeInputStream extends InputStream {
        private final FileChannel channel;
        private final long end;
        private long position;

        FileRangeInputStream(FileChannel channel, long offset, long length) {
            this.channel = channel;
            this.position = offset;
            this.end = offset + length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (position >= end) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - position)), position);
            if (n < 0) {
                throw new IOException("the source file ended at byte " + position + ", before the " + end
                        + " bytes needed: it became shorter during the upload");
            }
            position += n;
            return n;
        }
    }

    /** The object's stream, with the SDK's unchecked exceptions turned into {@link IOException}s. */
    private final class SdkSafeInputStream extends FilterInputStream {
        private final String key;

        SdkSafeInputStream(InputStream in, String key) {
            super(in);
            this.key = key;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (SdkException e) {
                throw failure("reading", key, e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (SdkException e) {
                throw failure("reading", key, e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return super.skip(n);
            } catch (SdkException e) {
                throw failure("reading", key, e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } catch (SdkException e) {
                throw failure("closing", key, e);
            }
        }
    }
}
