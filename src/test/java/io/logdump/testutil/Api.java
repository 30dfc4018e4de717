package io.logdump.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.StreamSupport;

/** A small HTTP client for a running server, for API tests. */
public final class Api {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final String base;
    /** The Authorization header of every request; null: none. */
    private final String authorization;

    /** A client that sends no credentials. */
    public Api(String base) {
        this(HttpClient.newHttpClient(), base, null);
    }

    private Api(HttpClient http, String base, String authorization) {
        this.http = http;
        this.base = base;
        this.authorization = authorization;
    }

    /** A client of an HTTPS server whose certificate {@code tls} trusts, sending no credentials. */
    public static Api trusting(String base, javax.net.ssl.SSLContext tls) {
        return new Api(HttpClient.newBuilder().sslContext(tls).build(), base, null);
    }

    /** The same server as a user, with HTTP Basic. */
    public Api asUser(String name, String password) {
        return new Api(http, base, "Basic " + java.util.Base64.getEncoder()
                .encodeToString((name + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** The same server with a bearer token. */
    public Api withToken(String token) {
        return new Api(http, base, "Bearer " + token);
    }

    /** The same server without credentials. */
    public Api anonymous() {
        return new Api(http, base, null);
    }

    /** The same server with this Authorization header (null: none). */
    public Api withAuthorization(String header) {
        return new Api(http, base, header);
    }

    public String base() {
        return base;
    }

    /** An answer: status, content type, the body as text (UTF-8), parsed as JSON (null when empty or not JSON) and as bytes. */
    public record Response(int status, String contentType, String text, JsonNode json, java.net.http.HttpHeaders headers, byte[] bytes) {
        /** The field names of the problem document's errors. */
        public List<String> errorFields() {
            JsonNode errors = json == null ? null : json.get("errors");
            if (errors == null) {
                return List.of();
            }
            return StreamSupport.stream(errors.spliterator(), false).map(e -> e.get("field").asText()).toList();
        }

        public String detail() {
            return json == null || json.get("detail") == null ? null : json.get("detail").asText();
        }

        @Override
        public String toString() {
            return status + " " + text;
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    public Response post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response put(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** POSTs raw bytes with the given headers (name, value, name, value, ...). */
    public Response postBytes(String path, byte[] body, String... headers) {
        return send("POST", path, body, headers);
    }

    /** Sends raw bytes with any method and the given headers (name, value, name, value, ...). */
    public Response send(String method, String path, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b);
    }

    public Response patch(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private Response send(HttpRequest.Builder request) {
        if (authorization != null && request.build().headers().firstValue("Authorization").isEmpty()) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<byte[]> r = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            String type = r.headers().firstValue("Content-Type").orElse("");
            String text = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
            JsonNode json = null;
            if (type.contains("json") && !text.isEmpty()) {
                json = JSON.readTree(text);
            }
            return new Response(r.statusCode(), type, text, json, r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Turns single quotes into double quotes, so that JSON in tests reads well: {@code j("{'a': 1}")}. */
    public static String j(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }
}
