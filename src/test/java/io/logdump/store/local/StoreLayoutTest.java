package io.logdump.store.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logdump.core.Accounts;
import io.logdump.core.SubjectId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log store folder of the layout from before accounts ({@code <logset>/<subject>/0/}) moves
 * under the default account when it opens, also when an earlier move was interrupted at any step.
 */
class StoreLayoutTest {
    private static final SubjectId NGINX = new SubjectId(Accounts.DEFAULT, "shop", "nginx");
    /** A log set may be named like the default account. */
    private static final SubjectId NAMED_DEFAULT = new SubjectId(Accounts.DEFAULT, "default", "app");
    private static final SubjectId OTHER = new SubjectId(Accounts.DEFAULT, "web", "access");

    @TempDir
    Path dir;

    private LocalLogStore open() throws IOException {
        return new LocalLogStore(dir, new LocalLogStore.Settings(100_000, true));
    }

    /** Writes three subjects, then lays the folder out as a store from before accounts: log sets at the top, no LAYOUT. */
    private void oldStore() throws IOException {
        try (LocalLogStore store = open()) {
            store.append(NGINX, 0, Records.batch(0, 500));
            store.append(NAMED_DEFAULT, 0, Records.batch(1000, 20));
            store.append(OTHER, 0, Records.batch(2000, 5));
        }
        Path accountDir = Files.move(dir.resolve(Accounts.DEFAULT), dir.resolve("account-aside"));
        for (Path logSet : list(accountDir)) {
            Files.move(logSet, dir.resolve(logSet.getFileName()));
        }
        Files.delete(accountDir);
        Files.delete(dir.resolve(StoreLayout.MARKER));
        assertThat(dir.resolve("shop/nginx/0")).isDirectory();
        assertThat(dir.resolve("default/app/0")).as("the log set named default").isDirectory();
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.sorted().toList();
        }
    }

    /** Every record is where it was written, under the default account, and the folder is in the current layout. */
    private void assertMoved() throws IOException {
        try (LocalLogStore store = open()) {
            assertThat(store.read(NGINX, 0, 0, 1 << 20)).extracting(Records::numberOf).hasSize(500).startsWith(0L, 1L).endsWith(499L);
            assertThat(store.read(NAMED_DEFAULT, 0, 0, 1 << 20)).extracting(Records::numberOf).hasSize(20).startsWith(1000L);
            assertThat(store.read(OTHER, 0, 0, 1 << 20)).extracting(Records::numberOf).containsExactly(2000L, 2001L, 2002L, 2003L, 2004L);
            assertThat(store.subjectsOnDisk()).containsExactlyInAnyOrder(NGINX, NAMED_DEFAULT, OTHER);
        }
        assertThat(Files.readString(dir.resolve(StoreLayout.MARKER)).trim()).isEqualTo("2");
        assertThat(list(dir)).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder("LAYOUT", "default");
        assertThat(list(dir.resolve("default"))).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("shop", "default", "web");
    }

    @Test
    void aNewStoreIsWrittenInTheCurrentLayout() throws IOException {
        try (LocalLogStore store = open()) {
            store.append(NGINX, 0, Records.batch(0, 1));
        }
        assertThat(Files.readString(dir.resolve(StoreLayout.MARKER)).trim()).isEqualTo("2");
        assertThat(dir.resolve("default/shop/nginx/0")).isDirectory();
    }

    @Test
    void anOldStoreMovesUnderTheDefaultAccountWhenItOpens() throws IOException {
        oldStore();
        assertMoved();
        assertMoved(); // and opening it again changes nothing
    }

    @Test
    void aMoveInterruptedWhileTheLogSetsWereMovedGoesOnWithThoseLeft() throws IOException {
        oldStore();
        Path staging = Files.createDirectory(dir.resolve(StoreLayout.STAGING));
        Files.move(dir.resolve("default"), staging.resolve("default")); // one log set moved, two left
        assertMoved();
    }

    @Test
    void aMoveInterruptedAfterEveryLogSetWasMovedButBeforeTheMarkerFinishes() throws IOException {
        oldStore();
        Path staging = Files.createDirectory(dir.resolve(StoreLayout.STAGING));
        for (String logSet : List.of("default", "shop", "web")) {
            Files.move(dir.resolve(logSet), staging.resolve(logSet));
        }
        assertMoved();
    }

    @Test
    void aMoveInterruptedAfterTheMarkerGivesTheAccountFolderItsName() throws IOException {
        oldStore();
        Path staging = Files.createDirectory(dir.resolve(StoreLayout.STAGING));
        for (String logSet : List.of("default", "shop", "web")) {
            Files.move(dir.resolve(logSet), staging.resolve(logSet));
        }
        Files.writeString(dir.resolve(StoreLayout.MARKER), "2\n");
        assertMoved();
    }

    @Test
    void aStoreOfALaterLayoutIsNotOpened() throws IOException {
        Files.writeString(dir.resolve(StoreLayout.MARKER), "3\n");
        Files.createDirectories(dir.resolve("someone/shop/nginx/0"));
        assertThatThrownBy(this::open).isInstanceOf(IOException.class).hasMessageContaining("layout 3");
        assertThat(dir.resolve("someone/shop/nginx/0")).as("nothing was moved").isDirectory();
    }
}
