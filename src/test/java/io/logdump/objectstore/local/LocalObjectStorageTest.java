package io.logdump.objectstore.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.logdump.objectstore.ObjectStorage;
import io.logdump.objectstore.ObjectStorageContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStorageTest extends ObjectStorageContractTest {
    @TempDir
    Path root;

    @Override
    protected ObjectStorage createObjectUnderTest() {
        return new LocalObjectStorage(root.resolve("buckets"));
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
}
