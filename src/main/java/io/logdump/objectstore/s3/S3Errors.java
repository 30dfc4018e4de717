package io.logdump.objectstore.s3;

import io.logdump.objectstore.ObjectStoreException;
import java.io.IOException;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns a failed S3 call into the {@link ObjectStoreException} this package reports: what, where,
 * HTTP status, cause. A 4xx answer is permanent, except 408 (timeout), 409 (a conflicting
 * operation in progress) and 429 (throttled); a 5xx answer and a failure without an answer
 * (refused, reset, timed out) are transient.
 */
final class S3Errors {
    private static final Pattern USER_INFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/?#@\\s]+@");

    private S3Errors() {}

    /**
     * {@code "<what> at <endpoint> failed (HTTP <status>): <cause>"}; the status only for a server's
     * answer. No user info of a URL ({@code user:password@}) is repeated, the endpoint's or one in
     * the SDK's message: the message reaches logs, the dump history and API answers.
     */
    static ObjectStoreException failure(String what, String endpoint, Exception e) {
        int status = statusOf(e);
        return new ObjectStoreException(what + " at " + withoutUserInfo(endpoint) + " failed" + (status > 0 ? " (HTTP " + status + ")" : "")
                + ": " + withoutUserInfo(cause(e)), e, kind(status, e));
    }

    /** {@code text} with the user info of every URL in it removed: {@code http://user:pw@host} becomes {@code http://host}. */
    static String withoutUserInfo(String text) {
        return text == null ? null : USER_INFO.matcher(text).replaceAll("$1");
    }

    private static ObjectStoreException.Kind kind(int status, Exception e) {
        if (status >= 400 && status < 500 && status != 408 && status != 409 && status != 429) {
            return ObjectStoreException.Kind.PERMANENT;
        }
        return status > 0 ? ObjectStoreException.Kind.TRANSIENT : ObjectStoreException.kindOf(e);
    }

    /** The HTTP status of the server's answer, or 0 when there was none. */
    private static int statusOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof S3Exception s) {
                return s.statusCode();
            }
        }
        return 0;
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
