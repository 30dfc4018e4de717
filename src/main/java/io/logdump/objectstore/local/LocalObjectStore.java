package io.logdump.objectstore.local;

import io.logdump.objectstore.ObjectKeys;
import io.logdump.objectstore.ObjectStore;
import io.logdump.objectstore.ObjectStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The objects of one local bucket: the object {@code k} is the regular file
 * {@code <bucket folder>/k}, with one folder per key segment.
 * <p>
 * <b>Put.</b> The parent folders are created one by one, each checked to be, by its real path,
 * inside the bucket folder's real path, so a symbolic link cannot lead a put (or a get or a
 * delete) outside the bucket. The source is hard-linked as {@code .<name>.<16 hex digits>.tmp} in
 * the target folder when both are on one file system (no byte is copied: the caller must not
 * change the file afterwards, though it may delete it), or else copied there; either way forced
 * to disk, renamed over the key with an atomic move, and then the folder (and the parent of each
 * folder the put created) is forced where the platform allows it.
 * <p>
 * <b>Crash behaviour.</b> A crash before the rename leaves the old object (or none) and a
 * temporary file that {@link #list} never shows and nothing removes; a crash after it leaves the
 * whole new object. Keys whose file name has the temporary form are refused, so no object can be
 * mistaken for one.
 * <p>
 * <b>Differences from S3.</b> Content type and encoding are ignored. A key cannot also be a
 * prefix folder of other keys ({@code a} next to {@code a/b}). Deleting the last key of a folder
 * leaves the empty folder. {@link #list} does not follow symbolic links and shows only files whose
 * path is a valid key. Thread-safe: it holds no state besides its folder.
 */
final class LocalObjectStore implements ObjectStore {
    private static final Pattern TEMP_NAME = Pattern.compile("\\..+\\.[0-9a-f]{16}\\.tmp");

    private final String bucket;
    private final Path folder;

    LocalObjectStore(String bucket, Path folder) {
        this.bucket = bucket;
        this.folder = folder;
    }

    @Override
    public void put(String key, Path file, String contentType, String contentEncoding) throws IOException {
        resolve(key);
        String[] segments = key.split("/");
        Path tmp = null;
        try (FileChannel source = FileChannel.open(file, StandardOpenOption.READ)) {
            Path realBucket = realBucket();
            List<Path> created = new ArrayList<>();
            Path dir = realBucket;
            for (int i = 0; i < segments.length - 1; i++) {
                dir = enterFolder(realBucket, dir, segments[i], created);
            }
            String name = segments[segments.length - 1];
            Path target = dir.resolve(name);
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                throw permanent("it is a folder of other keys here");
            }
            Path temporary = dir.resolve("." + name + "." + String.format("%016x", ThreadLocalRandom.current().nextLong()) + ".tmp");
            if (link(file, temporary)) {
                tmp = temporary;
                source.force(true);
            } else {
                FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                tmp = temporary; // ours to delete from now on
                try (out) {
                    long position = 0;
                    for (long n; (n = source.transferTo(position, 1L << 30, out)) > 0; ) {
                        position += n;
                    }
                    out.force(true);
                }
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
            forceFolder(dir);
            for (Path made : created) {
                forceFolder(made.getParent());
            }
        } catch (IOException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw failure("putting", key, e);
        }
    }

    @Override
    public InputStream get(String key) throws IOException {
        Path path = resolve(key);
        try {
            Path realBucket = realBucket();
            if (!Files.exists(path)) {
                throw noSuchKey(key);
            }
            Path real = inside(realBucket, path.toRealPath());
            if (!Files.isRegularFile(real)) {
                throw noSuchKey(key);
            }
            return Files.newInputStream(real);
        } catch (NoSuchFileException e) {
            throw noSuchKey(key);
        } catch (IOException e) {
            throw failure("getting", key, e);
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        Objects.requireNonNull(prefix, "prefix");
        try {
            return walk(prefix);
        } catch (IOException e) {
            throw new IOException("listing '" + prefix + "' in local bucket " + bucket + " failed: " + describe(e), e);
        }
    }

    private List<String> walk(String prefix) throws IOException {
        Path realBucket = realBucket();
        // Walk only the folder that the prefix names in full, if it can be a key's folder at all.
        Path start = realBucket;
        int slash = prefix.lastIndexOf('/');
        if (slash >= 0) {
            String folders = prefix.substring(0, slash);
            if (!ObjectKeys.isValid(folders)) {
                return List.of();
            }
            start = realBucket.resolve(folders);
            if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
                return List.of();
            }
        }
        List<String> keys = new ArrayList<>();
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (dir.equals(realBucket)) {
                    return FileVisitResult.CONTINUE;
                }
                String folderPrefix = key(realBucket, dir) + "/";
                return folderPrefix.startsWith(prefix) || prefix.startsWith(folderPrefix)
                        ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && !isTemporary(file.getFileName().toString())) {
                    String key = key(realBucket, file);
                    if (key.startsWith(prefix) && ObjectKeys.isValid(key)) {
                        keys.add(key);
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // deleted while we walked
                }
                throw e;
            }
        });
        keys.sort(null);
        return keys;
    }

    @Override
    public void delete(String key) throws IOException {
        Path path = resolve(key);
        try {
            Path realBucket = realBucket();
            Path parent = path.getParent();
            if (!Files.isDirectory(parent)) {
                return;
            }
            Path target = inside(realBucket, parent.toRealPath()).resolve(path.getFileName());
            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(target);
            }
        } catch (IOException e) {
            throw failure("deleting", key, e);
        }
    }

    @Override
    public String toString() {
        return "local bucket " + bucket + " at " + folder;
    }

    /** The key's segments, after the shared rules and the local ones. */
    private static String[] segments(String key) {
        ObjectKeys.check(key);
        String[] segments = key.split("/");
        if (isTemporary(segments[segments.length - 1])) {
            throw new IllegalArgumentException("object key '" + key + "' has the form of a temporary file of a local bucket");
        }
        return segments;
    }

    /** The key's path under the bucket folder (not resolving links). */
    private Path resolve(String key) {
        segments(key);
        Path path;
        try {
            path = folder.resolve(key).normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("object key '" + key + "' is not a valid file path here: " + e.getReason(), e);
        }
        if (!path.startsWith(folder) || path.equals(folder)) {
            throw new IllegalArgumentException("object key '" + key + "' leads outside the bucket folder");
        }
        return path;
    }

    private Path realBucket() throws IOException {
        if (!Files.isDirectory(folder)) {
            throw permanent("the bucket does not exist (the region has no folder " + bucket + ")");
        }
        return folder.toRealPath();
    }

    /** {@code dir/name}, created if missing, as a real path checked to be inside the bucket. */
    private static Path enterFolder(Path realBucket, Path dir, String name, List<Path> created) throws IOException {
        Path next = dir.resolve(name);
        try {
            Files.createDirectory(next);
            created.add(0, next);
        } catch (FileAlreadyExistsException e) {
            // a folder, a file or a link: checked below
        }
        Path real = inside(realBucket, next.toRealPath());
        if (!Files.isDirectory(real)) {
            throw permanent("'" + key(realBucket, next) + "' is an object here, so it cannot be a folder");
        }
        return real;
    }

    private static Path inside(Path realBucket, Path real) throws IOException {
        if (!real.startsWith(realBucket)) {
            throw permanent("the key leads outside the bucket folder, through a symbolic link to " + real);
        }
        return real;
    }

    /** Forces a folder's entries to disk; a platform that cannot open a folder keeps its own order. */
    /** Hard-links {@code file} as {@code temporary}; false when links are not possible here (another file system). */
    private static boolean link(Path file, Path temporary) throws IOException {
        try {
            Files.createLink(temporary, file);
            return true;
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            if (e instanceof java.nio.file.FileAlreadyExistsException) {
                throw (IOException) e;
            }
            return false;
        }
    }

    private static void forceFolder(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // not possible here (e.g. Windows); the rename itself is still atomic
        }
    }

    private static boolean isTemporary(String fileName) {
        return TEMP_NAME.matcher(fileName).matches();
    }

    private static String key(Path realBucket, Path path) {
        StringBuilder key = new StringBuilder();
        for (Path name : realBucket.relativize(path)) {
            if (key.length() > 0) {
                key.append('/');
            }
            key.append(name);
        }
        return key.toString();
    }

    private NoSuchFileException noSuchKey(String key) {
        return new NoSuchFileException(key, null, "no such object in local bucket " + bucket);
    }

    /**
     * The failure of a call: permanent when the bucket, the key or the source file is wrong (missing
     * bucket, key that cannot be an object here, no such source file), otherwise transient.
     */
    private ObjectStoreException failure(String what, String key, IOException e) {
        ObjectStoreException.Kind kind = e instanceof NoSuchFileException ? ObjectStoreException.Kind.PERMANENT
                : ObjectStoreException.kindOf(e);
        return new ObjectStoreException(what + " '" + key + "' in local bucket " + bucket + " failed: " + describe(e), e, kind);
    }

    private static ObjectStoreException permanent(String message) {
        return new ObjectStoreException(message, null, ObjectStoreException.Kind.PERMANENT);
    }

    /**
     * The cause in words shown to users (the dump history, API answers): a file system error names
     * its file by its name alone, never by the server's path.
     */
    private static String describe(IOException e) {
        if (e instanceof FileSystemException f) { // its message is the path, then the reason
            String file = f.getFile() == null ? "" : f.getFile().substring(f.getFile().lastIndexOf('/') + 1);
            String what = e instanceof NoSuchFileException ? "no such file" : e.getClass().getSimpleName();
            return what + (file.isEmpty() ? "" : " " + file) + (f.getReason() == null ? "" : ": " + f.getReason());
        }
        return e.getClass() == IOException.class || e instanceof ObjectStoreException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
