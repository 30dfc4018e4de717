package io.logdump.api;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.logdump.core.ConflictException;
import io.logdump.core.FieldError;
import io.logdump.core.LogdumpException;
import io.logdump.core.NotFoundException;
import io.logdump.core.UnavailableException;
import io.logdump.core.ValidationException;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into a problem document: domain errors get their 4xx (or 503), anything
 * unexpected a 500 whose detail names an incident id that is also in the server log with the
 * stack trace. A stack trace never reaches the client.
 */
final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);
    private static final String TYPE = "urn:logdump:problem:";

    private ErrorMapper() {}

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

    static void request(RequestException e, Context ctx) {
        String kind = switch (e.status()) {
            case 413 -> "too-large";
            case 415 -> "unsupported-media-type";
            default -> "bad-request";
        };
        write(ctx, e.status(), kind, e.getMessage(), e.errors());
    }

    static void http(HttpResponseException e, Context ctx) {
        write(ctx, e.getStatus(), "http-" + e.getStatus(), e.getMessage(), List.of());
    }

    static void unexpected(Exception e, Context ctx) {
        String incident = UUID.randomUUID().toString().substring(0, 8);
        LOG.error("incident {}: {} {} failed", incident, ctx.method(), ctx.path(), e);
        write(ctx, 500, "internal", "an internal error occurred (incident " + incident + " in the server log)", List.of());
    }

    static void notFound(Context ctx) {
        write(ctx, 404, "not-found", "no such endpoint: " + ctx.method() + " " + ctx.path(), List.of());
    }

    static void write(Context ctx, int status, String kind, String detail, List<FieldError> errors) {
        ctx.status(status);
        ctx.json(new Problem(TYPE + kind, title(status), status, detail, errors));
        ctx.contentType(Problem.CONTENT_TYPE);
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 409 -> "Conflict";
            case 413 -> "Payload too large";
            case 415 -> "Unsupported media type";
            case 422 -> "A field breaks a rule";
            case 429 -> "Too many requests";
            case 503 -> "Service unavailable";
            case 500 -> "Internal error";
            default -> "Error " + status;
        };
    }
}
