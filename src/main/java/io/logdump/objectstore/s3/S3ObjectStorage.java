package io.logdump.objectstore.s3;

import io.logdump.objectstore.ObjectStorage;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
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
 * servers which do not support the newer checksum headers work. Thread-safe.
 */
public final class S3ObjectStorage implements ObjectStorage {
    private final S3Client s3;
    private final String endpoint;

    /** The settings of an {@code s3} region; {@code secretKey} is never printed. */
    public record Settings(String endpoint, boolean pathStyle, String signingRegion, String accessKey, String secretKey) {
        @Override
        public String toString() {
            return "Settings[endpoint=" + endpoint + ", pathStyle=" + pathStyle + ", signingRegion=" + signingRegion
                    + ", accessKey=" + accessKey + ", secretKey=" + (secretKey == null ? "null" : "****") + "]";
        }
    }

    public S3ObjectStorage(Settings settings) {
        this.endpoint = settings.endpoint();
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(settings.signingRegion()))
                .forcePathStyle(settings.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(settings.accessKey() == null
                        ? DefaultCredentialsProvider.builder().build()
                        : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())));
        if (settings.endpoint() != null) {
            builder.endpointOverride(URI.create(settings.endpoint()));
        }
        this.s3 = builder.build();
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

    @Override
    public void close() {
        s3.close();
    }

    private IOException failure(String what, SdkException e) {
        String status = e instanceof S3Exception s ? " (HTTP " + s.statusCode() + ")" : "";
        return new IOException(what + " at " + endpoint + " failed" + status + ": " + firstSentence(e.getMessage()), e);
    }

    private static String firstSentence(String message) {
        if (message == null) {
            return "no detail";
        }
        int cut = message.indexOf(" (Service:");
        return cut > 0 ? message.substring(0, cut) : message;
    }

    @Override
    public io.logdump.objectstore.ObjectStore bucket(String bucket) {
        throw new UnsupportedOperationException("objects are not built yet");
    }
}
