package io.logdump.api;

import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI 3.1 document of the API, {@code openapi.json} on the class path (written by hand in
 * {@code src/main/resources}), served as it is. {@code OpenApiTest} keeps it in step with the routes.
 */
final class OpenApiDocument {
    static final String RESOURCE = "/openapi.json";

    private OpenApiDocument() {}

    /** A handler answering the document; it is read now, once, so that a missing document fails at startup. */
    static Handler handler() {
        byte[] document;
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + RESOURCE + " from the class path", e);
        }
        return ctx -> ctx.contentType("application/json").result(document);
    }
}
