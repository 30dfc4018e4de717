package io.logdump.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The operating system's exclusive lock on {@code <dataDir>/.lock}, held for the life of the
 * process that serves the data folder. It is taken before anything else in the folder is read or
 * written (store, spool, metadata database, buckets), so a second server or demo on the same
 * folder refuses to start without touching it. The lock file holds the owner's process id, for
 * the message a second process prints; the kernel drops the lock when the owner dies, even by
 * SIGKILL, so a stale file never blocks a start. Thread-safe.
 */
final class DataFolderLock implements AutoCloseable {
    static final String FILE = ".lock";

    /** Another process (or another server in this process) holds the data folder. */
    static final class BusyException extends IllegalStateException {
        BusyException(String message) {
            super(message);
        }
    }

    private final FileChannel channel;
    private final FileLock lock;

    private DataFolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the data folder if needed and locks it.
     *
     * @throws BusyException when another Logdump process holds the folder
     * @throws UncheckedIOException when the folder or the lock file cannot be created
     */
    static DataFolderLock acquire(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        FileChannel channel;
        try {
            Files.createDirectories(dataDir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder's lock file " + file, e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by another server in this same process
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock the data folder " + dataDir, e);
        }
        if (lock == null) {
            String owner = owner(channel);
            closeQuietly(channel);
            throw new BusyException("the data folder " + dataDir.toAbsolutePath().normalize() + " is in use by another Logdump process"
                    + (owner.isEmpty() ? "" : " (pid " + owner + ")") + "; stop it, or give this one another --data-dir");
        }
        try {
            byte[] pid = Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0);
        } catch (IOException e) {
            // the pid is only for the message of a second process
        }
        return new DataFolderLock(channel, lock);
    }

    private static String owner(FileChannel channel) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(32);
            channel.read(buf, 0);
            String text = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
            return text.matches("\\d{1,19}") ? text : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was locked
        }
    }

    /** Releases the lock (the file stays: removing it could race with the next owner's open). */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }
}
