package io.logdump.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The semantics every {@link ObjectStorage} and its {@link ObjectStore}s must have; one subclass
 * per backend, which declares where backends differ through the capability hooks.
 */
public abstract class ObjectStorageContractTest {
    private static final AtomicInteger SEQ = new AtomicInteger();
    /** Bigger than the part size the S3 test uses (5 MiB), so it is a 3-part upload there. */
    protected static final int LARGE_OBJECT_BYTES = 12 << 20;

    @TempDir
    protected Path sources;

    /** A storage for this backend; the same instance may be asked for several times. */
    protected abstract ObjectStorage createObjectUnderTest() throws Exception;

    /** Whether a key may also be a prefix folder of other keys ({@code a} and {@code a/b}). */
    protected abstract boolean aKeyMayAlsoBeAFolderOfKeys();

    /** Fails if the bucket holds leftovers of failed or finished puts (temporary files, open uploads). */
    protected abstract void assertNothingLeftBehind(String bucket) throws Exception;

    protected static String uniqueBucket() {
        return "contract-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
    }

    /** A new, empty bucket's objects. */
    protected ObjectStore newBucket(String bucket) throws Exception {
        ObjectStorage storage = createObjectUnderTest();
        storage.createBucket(bucket);
        return storage.bucket(bucket);
    }

    /** A new source file (a new one each time: a put's file must not change afterwards). */
    protected Path file(String name, byte[] content) throws IOException {
        Files.deleteIfExists(sources.resolve(name));
        return Files.write(sources.resolve(name), content);
    }

    protected Path file(String name, String content) throws IOException {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    protected static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    protected static byte[] read(ObjectStore store, String key) throws IOException {
        try (InputStream in = store.get(key)) {
            return in.readAllBytes();
        }
    }

    protected static String readString(ObjectStore store, String key) throws IOException {
        return new String(read(store, key), StandardCharsets.UTF_8);
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

    @Test
    void putThenGetReturnsTheSameBytes() throws Exception {
        ObjectStore store = newBucket(uniqueBucket());
        byte[] content = randomBytes(100_000, 1);
        store.put("logs/2026/01/02/part-0.jsonl.gz", file("part", content), null, null);
        assertThat(read(store, "logs/2026/01/02/part-0.jsonl.gz")).isEqualTo(content);
        assertThat(store.list("")).containsExactly("logs/2026/01/02/part-0.jsonl.gz");
    }

    @Test
    void anEmptyFileIsAnEmptyObject() throws Exception {
        ObjectStore store = newBucket(uniqueBucket());
        store.put("empty", file("empty", new byte[0]), null, null);
        assertThat(read(store, "empty")).isEmpty();
        assertThat(store.list("")).containsExactly("empty");
    }

    @Test
    void contentTypeAndEncodingAreAcceptedAndDoNotChangeTheBytes() throws Exception {
        ObjectStore store = newBucket(uniqueBucket());
        byte[] content = randomBytes(1000, 2);
        store.put("a.jsonl.gz", file("a", content), "application/x-ndjson", "gzip");
        assertThat(read(store, "a.jsonl.gz")).as("the stored bytes, not decoded").isEqualTo(content);
    }

    @Test
    void keysWithUnusualButValidCharactersRoundTrip() throws Exception {
        ObjectStore store = newBucket(uniqueBucket());
        List<String> keys = List.of("a b/\u00fc\u00df/\u540d\u524d/\ud83d\ude00.txt", "dots/..a/a../.../x", ".hidden/y",
                "signs/+=&$@,;:!~'()[]{}^`#%25", "x".repeat(200) + "/" + "y".repeat(200));
        for (String key : keys) {
            store.put(key, file("f", key), null, null);
        }
        for (String key : keys) {
            assertThat(readString(store, key)).as(key).isEqualTo(key);
        }
        assertThat(store.list("")).containsExactlyElementsOf(keys.stream().sorted().toList());
    }

    @Test
    void aPutOverAnExistingKeyReplacesIt() throws Exception {
        String bucket = uniqueBucket();
        ObjectStore store = newBucket(bucket);
        store.put("k/v", file("one", "first version, which is longer"), null, null);
        store.put("k/v", file("two", "second"), null, null);
        assertThat(readString(store, "k/v")).isEqualTo("second");
        assertThat(store.list("")).as("no duplicate").containsExactly("k/v");
        assertNothingLeftBehind(bucket);
    }

    @Test
    void listReturnsTheKeysWithThePrefixSortedAndNoOthers() throws Exception {
        ObjectStore store = newBucket(uniqueBucket());
        for (String key : List.of("logs/b/2", "logs/a/9", "logs/a/1", "logs/a/10", "logs-x/3", "other/4", "logs/c")) {
            store.put(key, file("f", key), null, null);
        }
        assertThat(store.list("logs/")).containsExactly("logs/a/1", "logs/a/10", "logs/a/9", "logs/b/2", "logs/c");
        assertThat(store.list("logs/a/1")).as("a prefix may end inside a segment").containsExactly("logs/a/1", "logs/a/10");
        assertThat(store.list("logs")).containsExactly("logs-x/3", "logs/a/1", "logs/a/10", "logs/a/9", "logs/b/2", "logs/c");
        assertThat(store.list("")).hasSize(7).isSorted();
        assertThat(store.list("nothing/")).isEmpty();
        assertThat(store.list("logs/../other/")).as("a prefix no key can have").isEmpty();
        assertThat(store.list("logs/c/")).as("an object is not a folder").isEmpty();
    }

    @Test
    void getOfAMissingKeyIsNoSuchFileExceptionNamingTheKey() throws Exception {
        ObjectStore store = newBucket(uniqueBucket());
        store.put("folder/object", file("f", "x"), null, null);
        for (String missing : List.of("missing", "folder", "folder/object/below", "folder/other")) {
            assertThatThrownBy(() -> store.get(missing)).as(missing)
                    .isInstanceOf(NoSuchFileException.class).hasMessageContaining(missing);
        }
    }

    @Test
    void deleteThenGetIsNoSuchFileException() throws Exception {
        ObjectStore store = newBucket(uniqueBucket());
        store.put("a/b", file("f", "x"), null, null);
        store.put("a/c", file("f", "y"), null, null);
        store.delete("a/b");
        assertThatThrownBy(() -> store.get("a/b")).isInstanceOf(NoSuchFileException.class);
        assertThat(store.list("")).containsExactly("a/c");
    }

    @Test
    void deletingAMissingKeyIsFine() throws Exception {
        ObjectStore store = newBucket(uniqueBucket());
        store.put("a/b", file("f", "x"), null, null);
        for (String missing : List.of("missing", "a", "a/b/c", "deep/ly/missing")) {
            assertThatCode(() -> store.delete(missing)).as(missing).doesNotThrowAnyException();
        }
        assertThat(store.list("")).containsExactly("a/b");
    }

    static Stream<String> badKeys() {
        return Stream.of("", "/a", "a/", "a//b", ".", "..", "./a", "a/.", "a/./b", "../a", "a/..", "a/../b",
                "a\u0000b", "a\nb", "a\tb", "a\u007fb", "a\u0085b", "a\\b", "\\", "a\ud800b", "x".repeat(1025),
                "\u00e9".repeat(513));
    }

    @ParameterizedTest
    @MethodSource("badKeys")
    void everyBadKeyIsRefusedByEveryMethod(String key) throws Exception {
        ObjectStore store = newBucket(uniqueBucket());
        Path file = file("f", "x");
        assertThatThrownBy(() -> store.put(key, file, null, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("object key");
        assertThatThrownBy(() -> store.get(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.delete(key)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void aLargeObjectAboveThePartSizeRoundTripsByteExact() throws Exception {
        String bucket = uniqueBucket();
        ObjectStore store = newBucket(bucket);
        Path file = file("large", randomBytes(LARGE_OBJECT_BYTES, 3));
        store.put("large/object.bin", file, null, null);
        try (InputStream in = store.get("large/object.bin")) {
            assertThat(sha256(in)).isEqualTo(sha256(Files.newInputStream(file)));
        }
        assertThat(store.list("large/")).containsExactly("large/object.bin");
        assertNothingLeftBehind(bucket);
    }

    @Test
    void aPutWhoseSourceIsMissingFailsAndLeavesNothing() throws Exception {
        String bucket = uniqueBucket();
        ObjectStore store = newBucket(bucket);
        Path missing = sources.resolve("missing");
        Throwable failure = catchThrowable(() -> store.put("k", missing, null, null));
        assertThat(failure).isInstanceOf(IOException.class).isNotInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(bucket).hasMessageContaining("'k'").hasMessageContaining("no such file missing")
                .as("users see no server path").hasMessageNotContaining(sources.toString());
        assertThat(store.list("")).isEmpty();
        assertNothingLeftBehind(bucket);
    }

    @Test
    void aFailedPutLeavesTheOldObject() throws Exception {
        String bucket = uniqueBucket();
        ObjectStore store = newBucket(bucket);
        store.put("k", file("old", "old"), null, null);
        assertThatThrownBy(() -> store.put("k", sources.resolve("missing"), null, null)).isInstanceOf(IOException.class);
        assertThat(readString(store, "k")).isEqualTo("old");
        assertNothingLeftBehind(bucket);
    }

    @Test
    void aKeyNextToAFolderOfKeysWithTheSameNameDependsOnTheBackend() throws Exception {
        String bucket = uniqueBucket();
        ObjectStore store = newBucket(bucket);
        store.put("a/b", file("f", "a/b"), null, null);
        store.put("x", file("f", "x"), null, null);
        if (aKeyMayAlsoBeAFolderOfKeys()) {
            store.put("a", file("f", "a"), null, null);
            store.put("x/y", file("f", "x/y"), null, null);
            assertThat(store.list("")).containsExactly("a", "a/b", "x", "x/y");
        } else {
            assertThatThrownBy(() -> store.put("a", file("f", "a"), null, null)).isInstanceOf(IOException.class)
                    .hasMessageContaining(bucket).hasMessageContaining("'a'");
            assertThatThrownBy(() -> store.put("x/y", file("f", "x/y"), null, null)).isInstanceOf(IOException.class)
                    .hasMessageContaining(bucket).hasMessageContaining("'x/y'");
            assertThat(store.list("")).containsExactly("a/b", "x");
            assertThat(readString(store, "x")).isEqualTo("x");
        }
        assertNothingLeftBehind(bucket);
    }

    @Test
    void everyMethodOnAMissingBucketIsAnIOExceptionNamingIt() throws Exception {
        String bucket = uniqueBucket();
        ObjectStore store = createObjectUnderTest().bucket(bucket);
        Path file = file("f", "x");
        List<Throwable> failures = new ArrayList<>();
        failures.add(catchThrowable(() -> store.put("k", file, null, null)));
        failures.add(catchThrowable(() -> store.get("k")));
        failures.add(catchThrowable(() -> store.list("")));
        failures.add(catchThrowable(() -> store.delete("k")));
        for (Throwable failure : failures) {
            assertThat(failure).isInstanceOf(IOException.class).as("not a missing object")
                    .isNotInstanceOf(NoSuchFileException.class).hasMessageContaining(bucket);
        }
        assertThat(createObjectUnderTest().bucketExists(bucket)).as("not created by a put").isFalse();
    }

    @Test
    void concurrentPutsOfOneKeyLeaveOneWholeVersion() throws Exception {
        String bucket = uniqueBucket();
        ObjectStore store = newBucket(bucket);
        List<byte[]> versions = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            versions.add(randomBytes(200_000 + i, 10 + i));
            files.add(file("v" + i, versions.get(i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (Path f : files) {
                puts.add(pool.submit(() -> {
                    store.put("same", f, null, null);
                    return null;
                }));
            }
            for (Future<?> put : puts) {
                put.get();
            }
        } finally {
            pool.shutdown();
        }
        byte[] stored = read(store, "same");
        assertThat(versions).as("the object is one of the versions, whole").anyMatch(v -> Arrays.equals(v, stored));
        assertThat(store.list("")).containsExactly("same");
        assertNothingLeftBehind(bucket);
    }

    protected static String sha256(InputStream in) throws Exception {
        try (in) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
