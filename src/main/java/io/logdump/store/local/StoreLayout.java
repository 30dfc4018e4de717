package io.logdump.store.local;

import io.logdump.core.Accounts;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The layout of the local log store's folder, named by the number in its file {@value #MARKER},
 * and the move from an older layout when the store opens.
 * <ul>
 *   <li>1 (no {@value #MARKER} file): {@code <root>/<logset>/<subject>/<partition>/}, from before accounts;</li>
 *   <li>2: {@code <root>/<account>/<logset>/<subject>/<partition>/}.</li>
 * </ul>
 * Layout 1 becomes 2 by putting every log-set folder under the default account, in three steps
 * that a crash may interrupt anywhere, each resumed by the next open:
 * <ol>
 *   <li>each log-set folder is renamed into {@code <root>/}{@value #STAGING} (one atomic rename
 *       each, on one file system; a log set may itself be named {@code default});</li>
 *   <li>{@value #MARKER} is written (a temporary file moved into place): from here on the folder is
 *       layout 2, even while the default account's folder still has its staging name;</li>
 *   <li>{@value #STAGING} is renamed {@code default}.</li>
 * </ol>
 * Without {@value #MARKER}, a {@value #STAGING} folder means step 1 was interrupted (the log sets
 * left at the top are moved too); with it, that step 3 was. Folders whose names begin with a dot
 * are never log sets (their names cannot have one).
 */
final class StoreLayout {
    static final int CURRENT = 2;
    static final String MARKER = "LAYOUT";
    static final String STAGING = ".default-account";
    private static final Logger LOG = LoggerFactory.getLogger(StoreLayout.class);

    private StoreLayout() {}

    /** Brings the folder {@code root} (which exists) to the current layout. */
    static void upgrade(Path root) throws IOException {
        Path staging = root.resolve(STAGING);
        Integer layout = read(root);
        if (layout == null) {
            List<Path> logSets = topFolders(root);
            if (logSets.isEmpty() && !Files.isDirectory(staging)) {
                write(root); // a new store
                return;
            }
            LOG.info("moving the log store {} to the layout with accounts: its {} log set(s) go to account '{}'",
                    root, logSets.size(), Accounts.DEFAULT);
            if (!Files.isDirectory(staging)) {
                Files.createDirectory(staging);
                force(root);
            }
            for (Path logSet : logSets) {
                Files.move(logSet, staging.resolve(logSet.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            }
            force(staging);
            force(root);
            write(root);
        } else if (layout != CURRENT) {
            throw new IOException("the log store " + root + " has layout " + layout + " (in its file " + MARKER
                    + "); this Logdump knows layouts up to " + CURRENT + ": use a newer Logdump");
        }
        if (Files.isDirectory(staging)) {
            Files.move(staging, root.resolve(Accounts.DEFAULT), StandardCopyOption.ATOMIC_MOVE);
            force(root);
            LOG.info("the log store {} has its accounts' layout", root);
        }
    }

    /** The layout number of {@value #MARKER}, or null without one. */
    private static Integer read(Path root) throws IOException {
        Path marker = root.resolve(MARKER);
        if (!Files.exists(marker)) {
            return null;
        }
        String text = Files.readString(marker, StandardCharsets.UTF_8).trim();
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IOException("the log store's file " + marker + " should hold a layout number, not '" + text + "'");
        }
    }

    /** Writes {@value #MARKER} with the current layout, durably, through a temporary file and an atomic move. */
    private static void write(Path root) throws IOException {
        Path tmp = root.resolve(MARKER + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(StandardCharsets.UTF_8.encode(CURRENT + "\n"));
            ch.force(true);
        }
        Files.move(tmp, root.resolve(MARKER), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        force(root);
    }

    /** The folders at the top of {@code root} that may be log sets (or accounts): those whose names do not begin with a dot. */
    static List<Path> topFolders(Path root) throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    private static void force(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // not every platform can force a directory
        }
    }
}
