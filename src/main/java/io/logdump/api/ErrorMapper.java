package io.logdump.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.logdump.auth.ForbiddenException;
import io.logdump.auth.TooManyAttemptsException;
import io.logdump.auth.UnauthorizedException;
import io.logdump.core.ConflictException;
import io.logdump.core.FieldError;
import io.logdump.core.LogdumpException;
import io.logdump.core.NotFoundException;
import io.logdump.core.UnavailableException;
import io.logdump.core.ValidationException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into a problem document: domain errors get their 4xx (or 503), anything
 * unexpected a 500 whose detail names an incident id that is also in the server log with the
 * stack trace. A stack trace never reaches the client, nor credentials in a URL, nor (in a 5xx)
 * a file path of the server.
 */
final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);
    private static final String TYPE = "urn:logdump:problem:";
    private static final ObjectMapper JSON = ApiRoutes.objectMapper();
    private static final Pattern USER_INFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/?#@\\s]+@");
    /** A slash-separated path of two or more names that does not continue a URL or a word. */
    private static final Pattern ABSOLUTE_PATH = Pattern.compile("(?<![\\w.:/~-])/(?:[^\\s/'\",;()]+/)+[^\\s/'\",;()]*");

    private static final String SHAPE = "logdump.errorShape";

    private ErrorMapper() {}

    /**
     * How a protocol with an error format of its own (the shipper protocols) writes an error: the
     * status is set; {@code detail} is redacted and names the fields that break a rule.
     */
    @FunctionalInterface
    interface ErrorShape {
        void write(Context ctx, int status, String detail);
    }

    /** Makes every error of this request take {@code shape} instead of a problem document. */
    static void shape(Context ctx, ErrorShape shape) {
        ctx.attribute(SHAPE, shape);
    }

    static void domain(LogdumpException e, Context ctx) {
        int status;
        String kind;
        if (e instanceof ValidationException) {
            status = 422;
            kind = "invalid-field";
        } else if (e instanceof NotFoundException) {
            status = 404;
            kind = "not-found";
        } else if (e instanceof ConflictException) {
            status = 409;
            kind = "conflict";
        } else if (e instanceof UnauthorizedException) {
            status = 401;
            kind = "unauthorized";
            ctx.header("WWW-Authenticate", challenge(ctx));
        } else if (e instanceof ForbiddenException) {
            status = 403;
            kind = "forbidden";
        } else if (e instanceof TooManyAttemptsException tooMany) {
            status = 429;
            kind = "too-many-requests";
            long seconds = tooMany.retryAfter().toSeconds() + (tooMany.retryAfter().toNanosPart() > 0 ? 1 : 0); // rounded up
            ctx.header("Retry-After", Long.toString(Math.max(1, seconds)));
        } else if (e instanceof UnavailableException) {
            status = 503;
            kind = "unavailable";
            ctx.header("Retry-After", "10");
            LOG.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
        } else {
            status = 400;
            kind = "bad-request";
        }
        write(ctx, status, kind, e.getMessage(), e.errors());
    }

    /**
     * The challenge of a 401: a token or, except for the console (which marks its requests with
     * {@code X-Requested-With}, so that the browser never opens its own password dialog), HTTP Basic.
     */
    static String challenge(Context ctx) {
        return ctx.header("X-Requested-With") == null ? "Bearer realm=\"logdump\", Basic realm=\"logdump\", charset=\"UTF-8\""
                : "Bearer realm=\"logdump\"";
    }

    /**
     * 503 with Retry-After for a request that failed on the metadata database: its reason, never a
     * stack trace. The server log has the stack trace for the first failure of an outage, then a line each.
     */
    static void metadataUnavailable(Throwable e, String reason, boolean firstOfOutage, Context ctx) {
        if (firstOfOutage) {
            LOG.error("{} {}: the metadata database failed", ctx.method(), ctx.path(), e);
        } else {
            LOG.warn("{} {}: the metadata database failed again: {}", ctx.method(), ctx.path(), reason);
        }
        ctx.header("Retry-After", "10");
        write(ctx, 503, "unavailable", Health.METADATA_UNAVAILABLE + reason, List.of());
    }

    static void request(RequestException e, Context ctx) {
        if (e.status() == 408) {
            ctx.header("Connection", "close");
        }
        write(ctx, e.status(), kind(e.status()), e.getMessage(), e.errors());
    }

    static void http(HttpResponseException e, Context ctx) {
        write(ctx, e.getStatus(), kind(e.getStatus()), e.getMessage(), List.of());
    }

    /**
     * Anything else, an {@link Error} included. A request Jetty found malformed while the handler
     * read it (bad chunked encoding) gets Jetty's 4xx; a client that hung up is one line at INFO;
     * the rest is a bug: a 500 naming an incident, logged with the stack trace.
     */
    static void unexpected(Throwable e, Context ctx) {
        HttpException malformed = cause(e, HttpException.class);
        if (malformed != null && malformed.getCode() >= 400 && malformed.getCode() < 500) {
            LOG.info("{} {}: answered {}, the request is malformed or ended early ({})", ctx.method(), ctx.path(),
                    malformed.getCode(), oneLine(e));
            write(ctx, malformed.getCode(), kind(malformed.getCode()),
                    ProblemErrorHandler.detail(malformed.getCode(), malformed.getReason()), List.of());
            return;
        }
        if (clientHungUp(e)) {
            LOG.info("{} {}: the client hung up ({})", ctx.method(), ctx.path(), oneLine(e));
            if (!ctx.res().isCommitted()) {
                write(ctx, 400, "bad-request", "the connection ended before the request was complete", List.of());
            }
            return;
        }
        String incident = UUID.randomUUID().toString().substring(0, 8);
        LOG.error("incident {}: {} {} failed", incident, ctx.method(), ctx.path(), e);
        write(ctx, 500, "internal", "an internal error occurred (incident " + incident + " in the server log)", List.of());
    }

    /**
     * Whether {@code e} says the client went away: Jetty's end of stream, a closed channel, a broken
     * pipe or a reset connection.
     */
    static boolean clientHungUp(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EofException || t instanceof ClosedChannelException || t instanceof ClientHungUp) {
                return true;
            }
            String m = t.getMessage();
            if (t instanceof IOException && m != null && (m.contains("Broken pipe") || m.contains("Connection reset"))) {
                return true;
            }
        }
        return false;
    }

    /** The body could not be read because the client went away (a java.io.EOFException among others). */
    static final class ClientHungUp extends IOException {
        ClientHungUp(IOException cause) {
            super("the connection ended while the body was read: " + cause, cause);
        }
    }

    private static <T> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    static void notFound(Context ctx) {
        write(ctx, 404, "not-found", "no such endpoint: " + ctx.method() + " " + ctx.path(), List.of());
    }

    static void write(Context ctx, int status, String kind, String detail, List<FieldError> errors) {
        ErrorShape shape = ctx.attribute(SHAPE);
        if (shape != null) {
            StringBuilder text = new StringBuilder(detail == null ? title(status) : detail);
            for (int i = 0; i < errors.size(); i++) {
                text.append(i == 0 ? " (" : "; ").append(errors.get(i).field()).append(": ").append(errors.get(i).message());
            }
            if (!errors.isEmpty()) {
                text.append(')');
            }
            ctx.status(status);
            shape.write(ctx, status, redact(status, text.toString()));
            return;
        }
        ctx.status(status);
        ctx.json(new Problem(TYPE + kind, title(status), status, redact(status, detail), errors));
        ctx.contentType(Problem.CONTENT_TYPE);
    }

    /**
     * A detail fit for a client: no user info of a URL ({@code user:password@}), and, in a server
     * error, whose text comes from the server's own failures, no absolute file path.
     */
    static String redact(int status, String detail) {
        if (detail == null) {
            return null;
        }
        String out = USER_INFO.matcher(detail).replaceAll("$1");
        return status >= 500 ? ABSOLUTE_PATH.matcher(out).replaceAll("(a path on the server)") : out;
    }

    /** The JSON of a problem document without field errors, for answers written outside Javalin. */
    static byte[] problemBytes(int status, String detail) {
        try {
            return JSON.writeValueAsBytes(new Problem(TYPE + kind(status), title(status), status, redact(status, detail), List.of()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem document cannot be written", e);
        }
    }

    /** The type suffix of a status that has no more specific one. */
    static String kind(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 408 -> "timeout";
            case 409 -> "conflict";
            case 413 -> "too-large";
            case 414 -> "uri-too-long";
            case 415 -> "unsupported-media-type";
            case 421 -> "misdirected-request";
            case 429 -> "too-many-requests";
            case 422 -> "invalid-field";
            case 431 -> "headers-too-large";
            case 500 -> "internal";
            case 503 -> "unavailable";
            default -> "http-" + status;
        };
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 408 -> "Request timeout";
            case 409 -> "Conflict";
            case 413 -> "Payload too large";
            case 414 -> "URI too long";
            case 415 -> "Unsupported media type";
            case 421 -> "Misdirected request";
            case 422 -> "A field breaks a rule";
            case 429 -> "Too many requests";
            case 431 -> "Request headers too large";
            case 503 -> "Service unavailable";
            case 500 -> "Internal error";
            default -> "Error " + status;
        };
    }
}
