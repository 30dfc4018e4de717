package io.logdump.objectstore.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logdump.objectstore.ObjectStorage;
import io.logdump.objectstore.ObjectStorageContractTest;
import io.logdump.objectstore.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStorageTest extends ObjectStorageContractTest {
    @TempDir
    Path root;

    @Override
    protected ObjectStorage createObjectUnderTest() {
        return new LocalObjectStorage(root.resolve("buckets"));
    }

    @Override
    protected boolean aKeyMayAlsoBeAFolderOfKeys() {
        return false;
    }

    @Override
    protected void assertNothingLeftBehind(String bucket) throws IOException {
        assertThat(filesUnder(root.resolve("buckets").resolve(bucket)))
                .as("no temporary file").noneMatch(p -> p.getFileName().toString().endsWith(".tmp"));
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
        }
    }

    @Test
    void aBucketIsAFolderUnderTheRoot() throws Exception {
        createObjectUnderTest().createBucket("logs");
        assertThat(root.resolve("buckets/logs")).isDirectory();
    }

    @Test
    void filesAndHiddenFoldersInTheRootAreNotBuckets() throws Exception {
        Files.createDirectories(root.resolve("buckets/.tmp"));
        Files.writeString(root.resolve("buckets/stray.txt"), "x");
        assertThat(createObjectUnderTest().listBuckets()).isEmpty();
    }

    @Test
    void anObjectIsTheFileAtItsKeyInTheBucketFolder() throws Exception {
        ObjectStore store = newBucket("logs");
        store.put("a/b/c.txt", file("f", "hello"), "text/plain", null);
        assertThat(root.resolve("buckets/logs/a/b/c.txt")).hasContent("hello");
        assertThat(filesUnder(root.resolve("buckets/logs"))).as("and nothing else, no .tmp file")
                .containsExactly(Path.of("a/b/c.txt"));
    }

    @Test
    void noTemporaryFileRemainsAfterPutsOverAnExistingKey() throws Exception {
        ObjectStore store = newBucket("logs");
        store.put("k", file("one", "one"), null, null);
        store.put("k", file("two", "two"), null, null);
        assertThat(filesUnder(root.resolve("buckets/logs"))).containsExactly(Path.of("k"));
    }

    @Test
    void aCrashBeforeTheRenameLeavesTheOldObjectAndAnUnlistedTemporaryFile() throws Exception {
        ObjectStore store = newBucket("logs");
        store.put("dir/k", file("old", "old and whole"), null, null);
        // what a put that died after writing half of its temporary file leaves behind
        Files.writeString(root.resolve("buckets/logs/dir/.k.0123456789abcdef.tmp"), "new but ha");

        assertThat(readString(store, "dir/k")).isEqualTo("old and whole");
        assertThat(store.list("")).containsExactly("dir/k");
        store.put("dir/k", file("new", "new and whole"), null, null);
        assertThat(readString(store, "dir/k")).isEqualTo("new and whole");
        assertThat(store.list("")).containsExactly("dir/k");
    }

    @Test
    void aKeyWithTheFormOfATemporaryFileIsRefused() throws Exception {
        ObjectStore store = newBucket("logs");
        assertThatThrownBy(() -> store.put("dir/.k.0123456789abcdef.tmp", file("f", "x"), null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("temporary");
        store.put("dir/.k.tmp", file("f", "x"), null, null);
        assertThat(store.list("")).containsExactly("dir/.k.tmp");
    }

    @Test
    void filesWhosePathIsNotAValidKeyAreNotListed() throws Exception {
        ObjectStore store = newBucket("logs");
        Files.writeString(root.resolve("buckets/logs/back\\slash"), "x");
        Files.writeString(root.resolve("buckets/logs/line\nbreak"), "x");
        Files.writeString(root.resolve("buckets/logs/ok"), "x");
        assertThat(store.list("")).containsExactly("ok");
    }

    @Test
    void aKeyCannotEscapeTheBucketThroughASymlinkedFolder() throws Exception {
        ObjectStore store = newBucket("logs");
        Path outside = Files.createDirectories(root.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "secret");
        Files.createSymbolicLink(root.resolve("buckets/logs/link"), outside);

        assertThatThrownBy(() -> store.put("link/new", file("f", "x"), null, null))
                .isInstanceOf(IOException.class).hasMessageContaining("'link/new'").hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> store.put("link/deeper/new", file("f", "x"), null, null))
                .isInstanceOf(IOException.class).hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> store.get("link/secret"))
                .isInstanceOf(IOException.class).isNotInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> store.delete("link/secret"))
                .isInstanceOf(IOException.class).hasMessageContaining("symbolic link");
        assertThat(store.list("")).isEmpty();
        assertThat(filesUnder(outside)).as("nothing written or deleted outside").containsExactly(Path.of("secret"));
        assertThat(outside.resolve("deeper")).doesNotExist();
    }

    @Test
    void aSymlinkedObjectOutsideTheBucketIsNotRead() throws Exception {
        ObjectStore store = newBucket("logs");
        Path secret = Files.writeString(Files.createDirectories(root.resolve("outside")).resolve("secret"), "secret");
        Files.createSymbolicLink(root.resolve("buckets/logs/evil"), secret);
        assertThatThrownBy(() -> store.get("evil")).isInstanceOf(IOException.class)
                .isNotInstanceOf(NoSuchFileException.class).hasMessageContaining("symbolic link");
        assertThat(store.list("")).as("links are not followed").isEmpty();
    }

    @Test
    void aSymlinkedFolderInsideTheBucketIsFollowed() throws Exception {
        ObjectStore store = newBucket("logs");
        store.put("real/k", file("f", "inside"), null, null);
        Files.createSymbolicLink(root.resolve("buckets/logs/alias"), root.resolve("buckets/logs/real"));
        assertThat(readString(store, "alias/k")).isEqualTo("inside");
        store.put("alias/j", file("g", "via the alias"), null, null);
        assertThat(root.resolve("buckets/logs/real/j")).hasContent("via the alias");
    }

    @Test
    void theFileIsLeftInPlaceAndTheObjectOutlivesIt() throws Exception {
        ObjectStore store = newBucket("logs");
        Path source = file("f", "content".getBytes(StandardCharsets.UTF_8));
        store.put("k", source, null, null);
        assertThat(source).hasContent("content");
        Files.delete(source);
        assertThat(root.resolve("buckets/logs/k")).hasContent("content");
    }

    @Test
    void onOneFileSystemTheObjectIsALinkToTheFileNotACopy() throws Exception {
        ObjectStore store = newBucket("logs");
        Path source = file("f", "content".getBytes(StandardCharsets.UTF_8));
        store.put("k", source, null, null);
        assertThat(Files.getAttribute(source, "unix:nlink")).as("links to the source file").isEqualTo(2);
        assertThat(Files.isSameFile(source, root.resolve("buckets/logs/k"))).isTrue();
    }
}
