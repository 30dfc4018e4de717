package io.logdump.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logdump.testutil.FakeClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One data folder, one server: the lock is taken before anything in the folder is touched. */
class DataFolderLockTest {
    @TempDir
    Path dir;

    private Config config() throws Exception {
        return new ConfigLoader().load(null, 0, dir);
    }

    @Test
    void aSecondServerOnAHeldFolderRefusesWithoutCreatingAnythingInIt() throws Exception {
        try (DataFolderLock held = DataFolderLock.acquire(dir)) {
            assertThatThrownBy(() -> LogdumpServer.start(config(), new FakeClock(Instant.EPOCH)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is in use by another Logdump process (pid " + ProcessHandle.current().pid() + ")");
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString()).toList())
                        .as("no metadata database, store, spool or bucket was created").containsExactly(".lock");
            }
        }
    }

    @Test
    void theFolderIsFreeAgainOnceTheServerIsClosed() throws Exception {
        LogdumpServer.start(config(), new FakeClock(Instant.EPOCH)).close();
        try (LogdumpServer again = LogdumpServer.start(config(), new FakeClock(Instant.EPOCH))) {
            assertThatThrownBy(() -> DataFolderLock.acquire(dir)).isInstanceOf(DataFolderLock.BusyException.class);
        }
        DataFolderLock.acquire(dir).close();
    }
}
