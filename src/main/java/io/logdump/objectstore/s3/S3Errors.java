package io.logdump.objectstore.s3;

import java.io.IOException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Turns a failed S3 call into the {@link IOException} this package reports: what, where, HTTP status, cause. */
final class S3Errors {
    private S3Errors() {}

    /** {@code "<what> at <endpoint> failed (HTTP <status>): <cause>"}; the status only for a server's answer. */
    static IOException failure(String what, String endpoint, Exception e) {
        String status = statusOf(e);
        return new IOException(what + " at " + endpoint + " failed" + status + ": " + cause(e), e);
    }

    private static String statusOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof S3Exception s) {
                return " (HTTP " + s.statusCode() + ")";
            }
        }
        return "";
    }

    private static String cause(Exception e) {
        if (e instanceof SdkException) {
            return firstSentence(e.getMessage());
        }
        String message = e.getMessage() == null ? "no detail" : e.getMessage();
        return e.getClass() == IOException.class ? message : e.getClass().getSimpleName() + ": " + message;
    }

    private static String firstSentence(String message) {
        if (message == null) {
            return "no detail";
        }
        int cut = message.indexOf(" (Service:");
        return cut > 0 ? message.substring(0, cut) : message;
    }
}
