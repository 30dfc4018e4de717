package io.logdump.objectstore.s3;

import io.logdump.objectstore.ObjectStorage;
import io.logdump.objectstore.ObjectStore;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An S3-compatible object store reached with the AWS SDK v2: a custom endpoint, path-style or
 * virtual-host addressing, static keys (or the SDK's default credential chain when none are
 * configured). Checksums are computed only where the S3 API requires them, so that S3-compatible
 * servers which do not support the newer checksum headers work. Objects are put in one request up
 * to {@link #DEFAULT_PART_SIZE} and as a multipart upload above it.
 * <p>
 * Retries happen in one place, the caller (the dump's upload policy): the SDK does not retry an
 * answer of the server (5xx, throttling) nor wait between tries. It only repeats a request once,
 * at once, when the connection failed before any answer (typically a kept-alive connection that
 * the server had closed). A failed call is an {@link io.logdump.objectstore.ObjectStoreException}
 * saying whether it is transient. Thread-safe.
 */
public final class S3ObjectStorage implements ObjectStorage {
    /** The part size of multipart uploads; objects up to this size are put in one request. */
    public static final long DEFAULT_PART_SIZE = 8L << 20;

    private final S3Client s3;
    private final String endpoint;
    private final long partSize;

    /** The settings of an {@code s3} region; {@code secretKey}, and user info in the endpoint, are never printed. */
    public record Settings(String endpoint, boolean pathStyle, String signingRegion, String accessKey, String secretKey) {
        @Override
        public String toString() {
            return "Settings[endpoint=" + S3Errors.withoutUserInfo(endpoint) + ", pathStyle=" + pathStyle + ", signingRegion=" + signingRegion
                    + ", accessKey=" + (accessKey == null ? "null" : accessKey.substring(0, Math.min(4, accessKey.length())) + "****")
                    + ", secretKey=" + (secretKey == null ? "null" : "****") + "]";
        }
    }

    public S3ObjectStorage(Settings settings) {
        this(settings, DEFAULT_PART_SIZE);
    }

    // visible for testing: a smaller part size makes a multipart upload of a small file
    S3ObjectStorage(Settings settings, long partSize) {
        S3ObjectStore.checkPartSize(partSize);
        this.endpoint = S3Errors.withoutUserInfo(settings.endpoint());
        this.partSize = partSize;
        this.s3 = client(settings);
    }

    /** The SDK client for these settings (tests use it to look at what a store did). */
    static S3Client client(Settings settings) {
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(settings.signingRegion()))
                .forcePathStyle(settings.pathStyle())
                .overrideConfiguration(o -> o.retryStrategy(StandardRetryStrategy.builder()
                        .maxAttempts(2)
                        .backoffStrategy(BackoffStrategy.retryImmediately())
                        .circuitBreakerEnabled(false)
                        .useClientDefaults(false) // else the SDK adds its own conditions (5xx, throttling)
                        .retryOnException(S3ObjectStorage::isConnectionFailure)
                        .build()))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(settings.accessKey() == null
                        ? DefaultCredentialsProvider.builder().build()
                        : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())));
        if (settings.endpoint() != null) {
            builder.endpointOverride(URI.create(settings.endpoint()));
        }
        return builder.build();
    }

    /** A failure without an answer from the server: an I/O error underneath, no service exception. */
    private static boolean isConnectionFailure(Throwable e) {
        boolean io = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SdkServiceException) {
                return false;
            }
            io |= t instanceof IOException;
        }
        return io;
    }

    @Override
    public List<String> listBuckets() throws IOException {
        try {
            return s3.listBuckets().buckets().stream().map(Bucket::name).sorted().toList();
        } catch (SdkException e) {
            throw failure("listing buckets", e);
        }
    }

    @Override
    public boolean bucketExists(String bucket) throws IOException {
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw failure("checking bucket " + bucket, e);
        } catch (SdkException e) {
            throw failure("checking bucket " + bucket, e);
        }
    }

    @Override
    public void createBucket(String bucket) throws IOException {
        try {
            s3.createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException e) {
            // ours already
        } catch (SdkException e) {
            throw failure("creating bucket " + bucket, e);
        }
    }

    /**
     * The objects of a bucket: one PutObject up to the part size, a multipart upload above it; see
     * {@link S3ObjectStore}.
     */
    @Override
    public ObjectStore bucket(String bucket) {
        return new S3ObjectStore(s3, endpoint, bucket, partSize, S3ObjectStore.MAX_LIST_PAGE);
    }

    @Override
    public void close() {
        s3.close();
    }

    private IOException failure(String what, SdkException e) {
        return S3Errors.failure(what, endpoint, e);
    }
}
