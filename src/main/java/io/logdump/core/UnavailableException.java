package io.logdump.core;

import java.util.List;

/** A dependency such as a region's object store cannot be reached right now (HTTP 503). */
public final class UnavailableException extends LogdumpException {
    public UnavailableException(String detail, Throwable cause) {
        super(detail, List.of());
        initCause(cause);
    }
}
