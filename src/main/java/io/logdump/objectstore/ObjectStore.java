package io.logdump.objectstore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The objects of one bucket. Keys are {@code /}-separated paths without a leading {@code /}, no
 * empty, {@code .} or {@code ..} segment and no control character; any other key is refused with
 * {@link IllegalArgumentException}.
 * <ul>
 *   <li>{@code local}: an object is a file under the bucket folder; {@link #put} writes a
 *       temporary file in the target folder, forces it to disk and renames it over the key, so a
 *       reader sees the old object or the whole new one, never part of one.</li>
 *   <li>{@code s3}: {@link #put} uploads in one request up to a part size, and above it as a
 *       multipart upload that is completed only when every part is in and aborted on any failure,
 *       so no partial object is ever visible.</li>
 * </ul>
 * A put over an existing key replaces it. Failures are {@link IOException}s naming the bucket,
 * key and cause. Implementations are thread-safe.
 */
public interface ObjectStore {

    /** Uploads {@code file} as {@code key}, atomically, with the given metadata (either may be null). */
    void put(String key, Path file, String contentType, String contentEncoding) throws IOException;

    /** The object's bytes. @throws java.nio.file.NoSuchFileException when there is no such key */
    InputStream get(String key) throws IOException;

    /** The keys starting with {@code prefix}, sorted. */
    List<String> list(String prefix) throws IOException;

    /** Deletes an object; deleting a missing key is not an error. */
    void delete(String key) throws IOException;
}
