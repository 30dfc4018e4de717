package io.logdump.objectstore.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.logdump.objectstore.ObjectStorage;
import io.logdump.objectstore.ObjectStorageContractTest;
import io.logdump.objectstore.ObjectStore;
import io.logdump.testutil.S3ProxyServer;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/** The object storage contract against a real S3 server (S3Proxy) on loopback. */
class S3ObjectStorageIT extends ObjectStorageContractTest {
    /** Small parts, so that {@link #LARGE_OBJECT_BYTES} (12 MiB) is a 3-part upload. */
    static final long PART_SIZE = S3ObjectStore.MIN_PART_SIZE;

    static S3ProxyServer s3;
    static S3ObjectStorage storage;
    /** A plain client, to look at what the store did. */
    static S3Client client;

    @BeforeAll
    static void start() throws Exception {
        s3 = new S3ProxyServer();
        S3ObjectStorage.Settings settings = settings(S3ProxyServer.SECRET_KEY);
        storage = new S3ObjectStorage(settings, PART_SIZE);
        client = S3ObjectStorage.client(settings);
    }

    static S3ObjectStorage.Settings settings(String secret) {
        return new S3ObjectStorage.Settings(s3.endpoint(), true, "us-east-1", S3ProxyServer.ACCESS_KEY, secret);
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        storage.close();
        s3.close();
    }

    @Override
    protected ObjectStorage createObjectUnderTest() {
        return storage;
    }

    /**
     * AWS S3 allows {@code a} next to {@code a/b}, but S3Proxy's stores (both in memory and on disk)
     * keep objects as files and answer HTTP 500, so against S3Proxy the put must fail cleanly.
     */
    @Override
    protected boolean aKeyMayAlsoBeAFolderOfKeys() {
        return false;
    }

    @Override
    protected void assertNothingLeftBehind(String bucket) {
        assertThat(client.listMultipartUploads(b -> b.bucket(bucket)).uploads()).as("open multipart uploads").isEmpty();
    }

    /** A store of {@code bucket} (created) whose requests go through {@code intercepting}. */
    private ObjectStore store(String bucket, InterceptingClient intercepting, int listPageSize) throws Exception {
        storage.createBucket(bucket);
        return new S3ObjectStore(intercepting, s3.endpoint(), bucket, PART_SIZE, listPageSize);
    }

    @Test
    void wrongKeysAreAnIOExceptionWithTheStatus() {
        try (S3ObjectStorage wrong = new S3ObjectStorage(settings("not-the-secret"))) {
            assertThatThrownBy(wrong::listBuckets).isInstanceOf(IOException.class)
                    .hasMessageContaining(s3.endpoint()).hasMessageContaining("HTTP 403");
        }
    }

    @Test
    void anUnreachableEndpointIsAnIOExceptionNamingIt() {
        try (S3ObjectStorage down = new S3ObjectStorage(new S3ObjectStorage.Settings("http://127.0.0.1:1", true, "us-east-1",
                "a", "b"))) {
            assertThatThrownBy(down::listBuckets).isInstanceOf(IOException.class).hasMessageContaining("http://127.0.0.1:1");
        }
    }

    /**
     * The refused object operations name the bucket and the key. (A refused put reports no status:
     * S3Proxy answers 403 and closes before reading the body, which the URL-connection client
     * reports only as a failed write.)
     */
    @Test
    void objectOperationsWithWrongKeysAreIOExceptionsNamingBucketAndKey() throws Exception {
        String bucket = uniqueBucket();
        storage.createBucket(bucket);
        Path file = file("f", "x");
        try (S3ObjectStorage wrong = new S3ObjectStorage(settings("not-the-secret"))) {
            ObjectStore store = wrong.bucket(bucket);
            assertThatThrownBy(() -> store.put("k", file, null, null)).isInstanceOf(IOException.class)
                    .hasMessageContaining(bucket).hasMessageContaining("'k'").hasMessageContaining(s3.endpoint());
            assertThatThrownBy(() -> store.get("k")).isInstanceOf(IOException.class)
                    .hasMessageContaining(bucket).hasMessageContaining("'k'").hasMessageContaining("HTTP 403");
            assertThatThrownBy(() -> store.list("")).isInstanceOf(IOException.class)
                    .hasMessageContaining(bucket).hasMessageContaining("HTTP 403");
            assertThatThrownBy(() -> store.delete("k")).isInstanceOf(IOException.class)
                    .hasMessageContaining(bucket).hasMessageContaining("'k'").hasMessageContaining("HTTP 403");
        }
    }

    @Test
    void thePartSizeIsAtLeastTheS3Minimum() {
        assertThatThrownBy(() -> new S3ObjectStorage(settings(S3ProxyServer.SECRET_KEY), PART_SIZE - 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5242880");
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 5 << 20, LARGE_OBJECT_BYTES})
    void contentTypeAndEncodingAreSetOnTheObject(int size) throws Exception {
        String bucket = uniqueBucket();
        ObjectStore store = newBucket(bucket);
        store.put("with", file("f", randomBytes(size, 4)), "application/x-ndjson", "gzip");
        store.put("without", file("f", randomBytes(size, 5)), null, null);

        HeadObjectResponse with = client.headObject(b -> b.bucket(bucket).key("with"));
        assertThat(with.contentType()).isEqualTo("application/x-ndjson");
        assertThat(with.contentEncoding()).isEqualTo("gzip");
        assertThat(with.contentLength()).isEqualTo(size);
        HeadObjectResponse without = client.headObject(b -> b.bucket(bucket).key("without"));
        assertThat(without.contentType()).isEqualTo("application/octet-stream");
        assertThat(without.contentEncoding()).isNull();
    }

    @Test
    void aFileUpToThePartSizeIsOnePutObject() throws Exception {
        InterceptingClient intercepting = new InterceptingClient(client);
        ObjectStore store = store(uniqueBucket(), intercepting, 1000);
        store.put("exactly-one-part", file("f", randomBytes((int) PART_SIZE, 6)), null, null);
        assertThat(intercepting.calls).containsExactly("putObject " + PART_SIZE);
    }

    @Test
    void aLargerFileIsUploadedInPartsOfThePartSize() throws Exception {
        String bucket = uniqueBucket();
        InterceptingClient intercepting = new InterceptingClient(client);
        ObjectStore store = store(bucket, intercepting, 1000);
        Path file = file("f", randomBytes(LARGE_OBJECT_BYTES, 7));
        store.put("large", file, null, null);
        // parts go in parallel, so in any order between the creation and the completion
        assertThat(intercepting.calls).hasSize(5).startsWith("createMultipartUpload").endsWith("completeMultipartUpload");
        assertThat(intercepting.calls.subList(1, 4)).containsExactlyInAnyOrder("uploadPart 1 " + PART_SIZE,
                "uploadPart 2 " + PART_SIZE, "uploadPart 3 " + (LARGE_OBJECT_BYTES - 2 * PART_SIZE));
        assertThat(client.headObject(b -> b.bucket(bucket).key("large")).eTag()).as("a 3-part object's ETag").endsWith("-3\"");
        assertThat(sha256(store.get("large"))).isEqualTo(sha256(Files.newInputStream(file)));
    }

    @Test
    void partsAreSentSeveralAtOnceButNoMoreThanTheBound() throws Exception {
        String bucket = uniqueBucket();
        InterceptingClient intercepting = new InterceptingClient(client);
        CountDownLatch secondPartStarted = new CountDownLatch(1);
        intercepting.beforePart = part -> {
            if (part == 1) { // holds part 1 until part 2 is being sent: only parallel parts get past this
                try {
                    assertThat(secondPartStarted.await(30, TimeUnit.SECONDS)).as("part 2 started while part 1 was held").isTrue();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            } else if (part == 2) {
                secondPartStarted.countDown();
            }
        };
        ObjectStore store = store(bucket, intercepting, 1000);
        int parts = 2 * S3ObjectStore.PARTS_IN_FLIGHT + 1;
        Path file = file("f", randomBytes((int) (parts * PART_SIZE - 1000), 10));
        store.put("parallel", file, null, null);
        assertThat(intercepting.mostPartsAtOnce.get()).isBetween(2, S3ObjectStore.PARTS_IN_FLIGHT);
        assertThat(intercepting.calls).hasSize(parts + 2).endsWith("completeMultipartUpload");
        assertThat(client.headObject(b -> b.bucket(bucket).key("parallel")).eTag()).endsWith("-" + parts + "\"");
        assertThat(sha256(store.get("parallel"))).isEqualTo(sha256(Files.newInputStream(file)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"uploadPart 2", "completeMultipartUpload"})
    void aFailedMultipartUploadIsAbortedAndReportedWithItsStatus(String failingCall) throws Exception {
        String bucket = uniqueBucket();
        InterceptingClient intercepting = new InterceptingClient(client);
        intercepting.failing = failingCall;
        ObjectStore store = store(bucket, intercepting, 1000);

        Throwable failure = catchThrowable(() -> store.put("logs/big", file("f", randomBytes(LARGE_OBJECT_BYTES, 8)), null, null));

        assertThat(failure).isInstanceOf(IOException.class).hasMessageContaining(bucket).hasMessageContaining("'logs/big'")
                .hasMessageContaining(s3.endpoint()).hasMessageContaining("HTTP 503").hasMessageContaining("injected");
        assertThat(intercepting.calls).last().isEqualTo("abortMultipartUpload");
        assertNothingLeftBehind(bucket);
        assertThat(storage.bucket(bucket).list("")).isEmpty();
    }

    @Test
    void aSourceThatShrinksDuringTheUploadAbortsIt() throws Exception {
        String bucket = uniqueBucket();
        Path file = file("f", randomBytes(LARGE_OBJECT_BYTES, 9));
        InterceptingClient intercepting = new InterceptingClient(client);
        intercepting.afterPart = part -> {
            if (part == 1) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.truncate(PART_SIZE + 1000);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        };
        ObjectStore store = store(bucket, intercepting, 1000);

        assertThatThrownBy(() -> store.put("shrinking", file, null, null)).isInstanceOf(IOException.class)
                .hasMessageContaining(bucket).hasMessageContaining("'shrinking'").hasMessageContaining("shorter");
        assertThat(intercepting.calls).last().isEqualTo("abortMultipartUpload");
        assertNothingLeftBehind(bucket);
        assertThat(storage.bucket(bucket).list("")).isEmpty();
    }

    @Test
    void theLeftoverCheckSeesAnOpenUpload() throws Exception {
        String bucket = uniqueBucket();
        storage.createBucket(bucket);
        String uploadId = client.createMultipartUpload(b -> b.bucket(bucket).key("open")).uploadId();
        assertThatThrownBy(() -> assertNothingLeftBehind(bucket)).isInstanceOf(AssertionError.class);
        client.abortMultipartUpload(b -> b.bucket(bucket).key("open").uploadId(uploadId));
        assertNothingLeftBehind(bucket);
    }

    @Test
    void listingFollowsThePages() throws Exception {
        InterceptingClient intercepting = new InterceptingClient(client);
        ObjectStore store = store(uniqueBucket(), intercepting, 2);
        for (String key : List.of("e", "d", "c", "b", "a")) {
            store.put(key, file("f", key), null, null);
        }
        intercepting.calls.clear();
        assertThat(store.list("")).containsExactly("a", "b", "c", "d", "e");
        assertThat(intercepting.calls).containsExactly("listObjectsV2", "listObjectsV2", "listObjectsV2");
    }

    /** Passes the store's requests to a real client, records them, and fails one on request. */
    static final class InterceptingClient implements S3Client {
        final S3Client real;
        final List<String> calls = new CopyOnWriteArrayList<>();
        /** The call that fails with HTTP 503, as recorded in {@link #calls} (e.g. {@code "uploadPart 2"}). */
        volatile String failing = "";
        volatile IntConsumer afterPart = part -> {};
        volatile IntConsumer beforePart = part -> {};
        final AtomicInteger partsAtOnce = new AtomicInteger();
        final AtomicInteger mostPartsAtOnce = new AtomicInteger();

        InterceptingClient(S3Client real) {
            this.real = real;
        }

        private void record(String call) {
            calls.add(call);
            if (!failing.isEmpty() && (call.equals(failing) || call.startsWith(failing + " "))) {
                throw (S3Exception) S3Exception.builder().statusCode(503).message("injected failure of " + call).build();
            }
        }

        @Override
        public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
            record("putObject " + request.contentLength());
            return real.putObject(request, body);
        }

        @Override
        public CreateMultipartUploadResponse createMultipartUpload(CreateMultipartUploadRequest request) {
            record("createMultipartUpload");
            return real.createMultipartUpload(request);
        }

        @Override
        public UploadPartResponse uploadPart(UploadPartRequest request, RequestBody body) {
            record("uploadPart " + request.partNumber() + " " + request.contentLength());
            mostPartsAtOnce.accumulateAndGet(partsAtOnce.incrementAndGet(), Math::max);
            try {
                beforePart.accept(request.partNumber());
                UploadPartResponse response = real.uploadPart(request, body);
                afterPart.accept(request.partNumber());
                return response;
            } finally {
                partsAtOnce.decrementAndGet();
            }
        }

        @Override
        public CompleteMultipartUploadResponse completeMultipartUpload(CompleteMultipartUploadRequest request) {
            record("completeMultipartUpload");
            return real.completeMultipartUpload(request);
        }

        @Override
        public AbortMultipartUploadResponse abortMultipartUpload(AbortMultipartUploadRequest request) {
            record("abortMultipartUpload");
            return real.abortMultipartUpload(request);
        }

        @Override
        public <T> T getObject(GetObjectRequest request, ResponseTransformer<GetObjectResponse, T> transformer) {
            record("getObject");
            return real.getObject(request, transformer);
        }

        @Override
        public ResponseInputStream<GetObjectResponse> getObject(GetObjectRequest request) {
            record("getObject");
            return real.getObject(request);
        }

        @Override
        public ListObjectsV2Response listObjectsV2(ListObjectsV2Request request) {
            record("listObjectsV2");
            return real.listObjectsV2(request);
        }

        @Override
        public DeleteObjectResponse deleteObject(DeleteObjectRequest request) {
            record("deleteObject");
            return real.deleteObject(request);
        }

        @Override
        public String serviceName() {
            return real.serviceName();
        }

        @Override
        public void close() {
            // the real client belongs to the test class
        }
    }
}
