package io.logdump.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The credentials of the benchmarks' requests. A server the benchmark starts ({@link ServerChild})
 * gets a fresh data folder whose first admin has {@link #CHILD_PASSWORD}, and is called with HTTP
 * Basic (the server remembers a checked password for a while, so this costs a digest per request,
 * not a password hash); a server given with {@code --server} is called with {@code $LOGDUMP_TOKEN}.
 */
final class BenchAuth {
    /** The first admin's password of every server the benchmarks start. */
    static final String CHILD_PASSWORD = randomPassword();

    private static volatile String authorization;

    private BenchAuth() {}

    /** Calls go to a server this process started. */
    static void useChild() {
        authorization = "Basic " + Base64.getEncoder().encodeToString(("admin:" + CHILD_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    /** Calls go to a running server given by the user: {@code $LOGDUMP_TOKEN}, if set. */
    static void useToken() {
        String token = System.getenv("LOGDUMP_TOKEN");
        authorization = token == null || token.isBlank() ? null : "Bearer " + token.trim();
    }

    /** A request to {@code url} with the credentials in use. */
    static HttpRequest.Builder request(String url) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        String a = authorization;
        return a == null ? b : b.header("Authorization", a);
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
