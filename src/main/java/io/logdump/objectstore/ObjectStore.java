package io.logdump.objectstore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The objects of one bucket. Keys are {@code /}-separated paths without a leading {@code /}, no
 * empty, {@code .} or {@code ..} segment, no control character or backslash, and at most 1024
 * bytes in UTF-8 (the full rules are in {@link ObjectKeys}); any other key is refused with
 * {@link IllegalArgumentException} by every method.
 * <ul>
 *   <li>{@code local}: an object is the file {@code <bucket folder>/<key>}. {@link #put} writes a
 *       temporary file {@code .<name>.<random>.tmp} in the target folder, forces it to disk and
 *       renames it over the key, so a reader sees the old object or the whole new one, never part
 *       of one; temporary files are never listed. A key never reaches outside the bucket folder,
 *       not even through a symbolic link. Because folders stand for prefixes, a key cannot also be
 *       a prefix folder of other keys ({@code a} next to {@code a/b}); such a put fails. Content
 *       type and encoding are not stored.</li>
 *   <li>{@code s3}: {@link #put} uploads in one request up to a part size, and above it as a
 *       multipart upload that is completed only when every part is in and aborted on any failure,
 *       so no partial object is ever visible. Content type and encoding become the object's
 *       {@code Content-Type} and {@code Content-Encoding}. Whether a key may also be a prefix
 *       folder of other keys depends on the server: AWS allows it, S3Proxy refuses it.</li>
 * </ul>
 * A put over an existing key replaces it. Failures are {@link IOException}s naming the bucket,
 * key and cause; a bucket that does not exist is such a failure for every method (never a
 * {@link java.nio.file.NoSuchFileException}). Implementations are thread-safe.
 */
public interface ObjectStore {

    /**
     * Uploads {@code file} as {@code key}, atomically, with the given metadata (either may be null).
     * The caller must not change the file afterwards (a local store may link it rather than copy
     * it); deleting it is fine.
     */
    void put(String key, Path file, String contentType, String contentEncoding) throws IOException;

    /** The object's bytes. @throws java.nio.file.NoSuchFileException when there is no such key */
    InputStream get(String key) throws IOException;

    /**
     * The keys starting with {@code prefix} (any string, {@code ""} for all), in {@link String}
     * order.
     */
    List<String> list(String prefix) throws IOException;

    /** Deletes an object; deleting a missing key is not an error. */
    void delete(String key) throws IOException;
}
