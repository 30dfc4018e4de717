package io.logdump.objectstore;

import java.io.IOException;

/**
 * A failure of an object store, with whether trying the same call again may help.
 * <ul>
 *   <li>{@link Kind#TRANSIENT}: the service was unreachable, reset the connection, timed out,
 *       throttled (HTTP 429) or failed on its side (HTTP 5xx); the same call may succeed later.</li>
 *   <li>{@link Kind#PERMANENT}: the request itself was refused (HTTP 4xx such as 403 or a missing
 *       bucket, a key that cannot be an object here, a source file that does not exist); the same
 *       call fails again until someone changes something.</li>
 * </ul>
 * The message names the bucket, the key, the HTTP status when the server answered, and the cause.
 */
public final class ObjectStoreException extends IOException {
    /** Whether the same call may succeed when tried again. */
    public enum Kind { TRANSIENT, PERMANENT }

    private final Kind kind;

    public ObjectStoreException(String message, Throwable cause, Kind kind) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The kind of any failure: an {@link ObjectStoreException}'s own, otherwise transient (an I/O error of the moment). */
    public static Kind kindOf(Throwable e) {
        return e instanceof ObjectStoreException o ? o.kind() : Kind.TRANSIENT;
    }
}
