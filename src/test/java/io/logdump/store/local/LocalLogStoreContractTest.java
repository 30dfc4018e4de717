package io.logdump.store.local;

import io.logdump.store.LogStore;
import io.logdump.store.LogStoreContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The {@link LogStore} contract on the embedded segment log. */
class LocalLogStoreContractTest extends LogStoreContractTest {
    @TempDir
    Path dir;
    private LocalLogStore store;

    @Override
    protected LogStore createObjectUnderTest() throws Exception {
        store = new LocalLogStore(dir, new LocalLogStore.Settings(100_000, true));
        return store;
    }

    @AfterEach
    void close() throws Exception {
        if (store != null) {
            store.close();
        }
    }
}
