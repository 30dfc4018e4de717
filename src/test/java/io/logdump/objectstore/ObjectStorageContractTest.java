package io.logdump.objectstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The semantics every {@link ObjectStorage} must have; one subclass per backend. */
public abstract class ObjectStorageContractTest {
    private static final AtomicInteger SEQ = new AtomicInteger();

    /** A storage for this backend; the same instance may be asked for several times. */
    protected abstract ObjectStorage createObjectUnderTest() throws Exception;

    protected static String uniqueBucket() {
        return "contract-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
    }

    @Test
    void aCreatedBucketExistsAndIsListed() throws Exception {
        ObjectStorage storage = createObjectUnderTest();
        String bucket = uniqueBucket();
        assertThat(storage.bucketExists(bucket)).isFalse();
        storage.createBucket(bucket);
        assertThat(storage.bucketExists(bucket)).isTrue();
        assertThat(storage.listBuckets()).contains(bucket);
    }

    @Test
    void creatingAnExistingBucketOfOursIsHarmless() throws Exception {
        ObjectStorage storage = createObjectUnderTest();
        String bucket = uniqueBucket();
        storage.createBucket(bucket);
        storage.createBucket(bucket);
        assertThat(storage.listBuckets()).containsOnlyOnce(bucket);
    }

    @Test
    void bucketsAreListedSorted() throws Exception {
        ObjectStorage storage = createObjectUnderTest();
        String a = uniqueBucket() + "-b";
        String b = uniqueBucket() + "-a";
        storage.createBucket(a);
        storage.createBucket(b);
        assertThat(storage.listBuckets()).isSorted().contains(a, b);
    }
}
