package io.logdump.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The HTTP side of the client commands: one call of the REST API per method, answers read as JSON,
 * error answers (problem documents) and unreachable servers turned into a {@link CommandFailure},
 * and the output of an answer, as text for people or as the server's JSON pretty-printed
 * ({@code --json}). Nothing from the server reaches the terminal unescaped: text goes through
 * {@link PlainText#safe}, and JSON escapes, besides what JSON requires, DEL, C1 controls and the
 * characters that hide or reorder text. Every request carries the run's {@link Credential}; a 401
 * becomes one line that says how to sign in. One instance per command run; not thread-safe.
 */
final class Client {
    /** Reads decimals exactly (no 1.50 → 1.5), so that {@code --json} prints numbers as the server wrote them. */
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    private static final ObjectWriter PRETTY = JSON.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE)).with(new TerminalSafeEscapes());
    private static final ObjectWriter COMPACT = JSON.writer().with(new TerminalSafeEscapes());
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final String server;
    private final Credential credential;
    private final boolean json;
    private final PrintWriter out;
    private final PrintWriter err;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT).build();

    /**
     * @param server base URL without a trailing slash, e.g. {@code http://127.0.0.1:8080}
     * @param credential what every request proves who it is with
     * @param out where answers go
     * @param err where notes and progress go (failures are printed by {@link ClientCommand})
     */
    Client(String server, Credential credential, boolean json, PrintWriter out, PrintWriter err) {
        this.server = server;
        this.credential = credential;
        this.json = json;
        this.out = out;
        this.err = err;
    }

    /** The same client with another credential, e.g. a user's password for {@code login}. */
    Client with(Credential other) {
        return new Client(server, other, json, out, err);
    }

    /** The server's base URL, without a trailing slash. */
    String server() {
        return server;
    }

    /** Where the credential of the requests comes from. */
    Credential.Source credentialSource() {
        return credential.source();
    }

    JsonNode get(String path) {
        return send("GET", path, null);
    }

    JsonNode post(String path, JsonNode body) {
        return send("POST", path, body);
    }

    /** A POST that may take longer than the usual minute, such as a verification. */
    JsonNode post(String path, JsonNode body, Duration timeout) {
        return send("POST", path, body, timeout);
    }

    JsonNode put(String path, JsonNode body) {
        return send("PUT", path, body);
    }

    JsonNode patch(String path, JsonNode body) {
        return send("PATCH", path, body);
    }

    JsonNode delete(String path) {
        return send("DELETE", path, null);
    }

    /** Prints a list answer (a JSON array): a table, or the JSON. */
    void printList(JsonNode items, PlainText.Column... columns) {
        printList(items, items, columns);
    }

    /** Prints an answer that holds a list: a table of {@code items}, or the whole answer as JSON. */
    void printList(JsonNode answer, JsonNode items, PlainText.Column... columns) {
        if (json) {
            printJson(answer);
        } else {
            PlainText.table(items, List.of(columns)).forEach(out::println);
        }
    }

    /** Prints a single-object answer: {@code key: value} lines, or the JSON. Nothing for an empty answer (204). */
    void printObject(JsonNode object) {
        if (object == null) {
            return;
        }
        if (json) {
            printJson(object);
        } else {
            PlainText.keyValues(object).forEach(out::println);
        }
    }

    /** Whether answers are printed as JSON ({@code --json}). */
    boolean json() {
        return json;
    }

    /** Prints lines of text (nothing with {@code --json}). */
    void printLines(List<String> lines) {
        if (!json) {
            lines.forEach(line -> out.println(PlainText.safe(line)));
        }
    }

    /** Prints the answer as JSON with {@code --json}. */
    void printJsonIfAsked(JsonNode answer) {
        if (json) {
            printJson(answer);
        }
    }

    /** Prints a value as JSON, pretty-printed. */
    void printJson(JsonNode node) {
        print(PRETTY, node);
    }

    /** Prints a value as JSON on one line (for a stream of values, one a line). */
    void printJsonLine(JsonNode node) {
        print(COMPACT, node);
    }

    /** Prints a note for people on stderr, e.g. that more pages are left; not a failure. */
    void note(String line) {
        err.println(PlainText.safe(line));
        err.flush();
    }

    /** Where notes and progress lines go. */
    PrintWriter err() {
        return err;
    }

    /** Prints a line of text for people, {@link PlainText#safe}, and flushes it (for output that goes on). */
    void printLine(String line) {
        out.println(PlainText.safe(line));
        out.flush();
    }

    private void print(ObjectWriter writer, JsonNode node) {
        try {
            out.println(writer.writeValueAsString(node));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new CommandFailure("cannot print the answer as JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * Reads a list that the API gives in pages ({@code {"items": [...], "next": cursor|null}}):
     * the page at {@code path} with the {@code query} parameters starting at {@code cursor} (null:
     * the first page), and, when {@code all}, every page after it by its {@code next}. Each page
     * goes to {@code each} as it arrives.
     *
     * @return the {@code next} of the last page read: null when the list was read to its end
     */
    String pages(String path, Map<String, String> query, String cursor, boolean all, Consumer<JsonNode> each) {
        String next = cursor;
        do {
            Map<String, String> parameters = new LinkedHashMap<>(query);
            parameters.put("cursor", next);
            JsonNode page = get(path + query(parameters));
            each.accept(page);
            JsonNode after = page.path("next");
            next = after.isMissingNode() || after.isNull() ? null : after.asText();
        } while (all && next != null);
        return next;
    }

    /**
     * JSON's own escapes (control characters below U+0020, the quote and the backslash) plus DEL
     * and every other character {@link PlainText#safe} escapes, written as JSON <code>&#92;u</code>
     * escapes so that the JSON still reads back the same.
     */
    private static final class TerminalSafeEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = standardAsciiEscapesForJSON();

        TerminalSafeEscapes() {
            ascii[0x7F] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return PlainText.unsafe(ch) ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }

    /** A new empty JSON object for a request body. */
    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** Reads a JSON object from a file given with {@code --file}. */
    static ObjectNode readObject(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new CommandFailure("cannot read " + file + ": no such file");
        } catch (IOException e) {
            throw new CommandFailure("cannot read " + file + ": " + reason(e));
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new CommandFailure(file + " must hold a JSON object");
            }
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new CommandFailure(file + " is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
                    + ": " + e.getOriginalMessage().replaceAll("\\s*\\(start marker at \\[Source.*", ""));
        }
    }

    /** One path segment, percent-encoded: names may hold spaces, slashes or Chinese characters. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A query string from the non-null parameters, e.g. {@code ?logset=shop}; empty when there are none. */
    static String query(Map<String, String> parameters) {
        String q = parameters.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + "=" + segment(e.getValue())).collect(Collectors.joining("&"));
        return q.isEmpty() ? "" : "?" + q;
    }

    /** {@link #query(Map)} of name-value pairs, in order. */
    static String query(String... namesAndValues) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return query(parameters);
    }

    private JsonNode send(String method, String path, JsonNode body) {
        return send(method, path, body, REQUEST_TIMEOUT);
    }

    private JsonNode send(String method, String path, JsonNode body, Duration timeout) {
        return body == null ? send(method, path, HttpRequest.BodyPublishers.noBody(), List.of(), timeout)
                : send(method, path, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8),
                        List.of("Content-Type", "application/json"), timeout);
    }

    /**
     * POSTs bytes as they are, with the given headers (name, value, name, value, ...), e.g. a
     * chunk of log lines; the answer as JSON.
     */
    JsonNode postBytes(String path, byte[] body, int length, List<String> headers, Duration timeout) {
        return send("POST", path, HttpRequest.BodyPublishers.ofByteArray(body, 0, length), headers, timeout, length);
    }

    private JsonNode send(String method, String path, HttpRequest.BodyPublisher body, List<String> headers, Duration timeout) {
        return send(method, path, body, headers, timeout, 0);
    }

    /**
     * @param bytes the length of a body sent as bytes (0 for none or JSON): when the connection
     *     breaks after it was made, the failure says so, as a server closes it on a body over its
     *     limit without waiting for the rest (Java's HTTP client cannot wait for
     *     {@code 100 Continue} on Java 17: a refusal then hangs it)
     */
    private JsonNode send(String method, String path, HttpRequest.BodyPublisher body, List<String> headers, Duration timeout,
            long bytes) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server + path)).timeout(timeout)
                .header("Accept", "application/json, application/problem+json").method(method, body);
        if (credential.authorization() != null) {
            request.header("Authorization", credential.authorization());
        }
        for (int i = 0; i < headers.size(); i += 2) {
            request.header(headers.get(i), headers.get(i + 1));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            if (bytes > 0 && !unreachable(e)) {
                throw new CommandFailure("the server at " + server + " closed the connection while a body of " + bytes
                        + " bytes was sent (" + reason(e) + "); it does so when a body is larger than its limit "
                        + "(ingest.maxBodyMB): a smaller --chunk-mb may go through");
            }
            throw new CommandFailure("cannot reach the server at " + server + ": " + reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure("interrupted while waiting for the server at " + server);
        }
        if (response.statusCode() == 401) {
            throw unauthorized(response);
        }
        if (response.statusCode() >= 400) {
            throw refusal(response);
        }
        String text = response.body();
        if (text.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new CommandFailure("the server at " + server + " answered " + method + " " + path
                    + " with something that is not JSON: " + firstLine(text));
        }
    }

    /**
     * The failure for a 401, on one line: what to do to sign in, depending on what was sent. The
     * server's reason is given for a token it refused; for a password, it is the whole message.
     */
    private CommandFailure unauthorized(HttpResponse<String> response) {
        String reason = detail(response);
        String login = "'logdump login --server " + server + "'";
        String sentence = switch (credential.source()) {
            case NONE -> "not signed in to " + server + ": run " + login + ", or set " + Credential.TOKEN_VARIABLE
                    + " to an API token";
            case LOGIN -> "the server at " + server + " refused the token logdump login stored" + because(reason) + ": run " + login
                    + " again, or set " + Credential.TOKEN_VARIABLE + " to an API token";
            case ENVIRONMENT -> "the server at " + server + " refused the token in " + Credential.TOKEN_VARIABLE + because(reason)
                    + ": set it to a valid token, or unset it and run " + login;
            case PASSWORD -> reason != null ? reason : "the server at " + server + " refused the user name and password";
        };
        return new CommandFailure(401, sentence, List.of());
    }

    private static String because(String reason) {
        return reason == null ? "" : " (" + reason + ")";
    }

    /** The problem document's detail (or title); null when the answer has neither. */
    private static String detail(HttpResponse<String> response) {
        try {
            JsonNode problem = JSON.readTree(response.body());
            String detail = problem == null ? null : problem.path("detail").asText(problem.path("title").asText(null));
            return detail == null || detail.isBlank() ? null : detail;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /**
     * The failure for an error answer: the problem's detail and its field errors, or the status and
     * text. A field error the detail already states (a single broken rule is often the detail
     * itself) is not repeated.
     */
    private static CommandFailure refusal(HttpResponse<String> response) {
        JsonNode problem;
        try {
            problem = JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            problem = null;
        }
        String detail = problem == null ? null : problem.path("detail").asText(problem.path("title").asText(null));
        if (detail == null || detail.isBlank()) {
            String text = response.body().isBlank() ? "" : ": " + firstLine(response.body());
            return new CommandFailure(response.statusCode(), "the server answered HTTP " + response.statusCode() + text, List.of());
        }
        List<String> fields = new ArrayList<>();
        for (JsonNode error : problem.path("errors")) {
            String message = error.path("message").asText();
            if (message.isEmpty() || !detail.contains(message)) {
                fields.add(error.path("field").asText() + ": " + message);
            }
        }
        return new CommandFailure(response.statusCode(), detail, fields);
    }

    /**
     * A short reason from an exception chain. The JDK's HTTP client often gives no message at all:
     * a refused connection is a bare {@link ConnectException}, an unknown host an {@link UnresolvedAddressException}.
     */
    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException) {
                return "unknown host";
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return e instanceof ConnectException ? "connection refused" : e.getClass().getSimpleName();
    }

    /** Whether the connection could not be made at all (as opposed to broken once made). */
    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnresolvedAddressException || t instanceof HttpConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
