package io.logdump.api;

import io.javalin.http.Context;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The host names this server answers to, checked against each request's {@code Host} header, so
 * that a page of another site whose name an attacker points at 127.0.0.1 (DNS rebinding) gets
 * nothing: the browser sends that other name as the Host. The loopback names ({@code localhost},
 * {@code 127.0.0.1}, {@code [::1]}) and the listen address are always served; the operator adds
 * the names clients use ({@code allowedHosts}), or {@code *} to serve any. Immutable, thread-safe.
 */
public final class ServedHosts {
    private static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1", "[::1]");
    private final Set<String> names;

    private ServedHosts(Set<String> names) {
        this.names = names;
    }

    /**
     * @param listenHost the listen address (a wildcard address adds nothing)
     * @param allowed more names; {@code *} serves any
     */
    public static ServedHosts of(String listenHost, List<String> allowed) {
        if (allowed.contains("*")) {
            return new ServedHosts(null);
        }
        Set<String> names = new HashSet<>(LOOPBACK);
        if (!listenHost.equals("0.0.0.0") && !listenHost.equals("::") && !listenHost.equals("[::]")) {
            names.add(normalise(listenHost.contains(":") && !listenHost.startsWith("[") ? "[" + listenHost + "]" : listenHost));
        }
        allowed.forEach(n -> names.add(normalise(n)));
        return new ServedHosts(Set.copyOf(names));
    }

    /** Whether a request whose Host header is {@code header} (name and optional port) is served. */
    public boolean serves(String header) {
        if (names == null) {
            return true;
        }
        if (header == null || header.isBlank()) {
            return false;
        }
        String host = header.trim();
        int colon = host.lastIndexOf(':');
        if (colon > host.lastIndexOf(']')) { // a port: "name:8080" or "[::1]:8080"
            host = host.substring(0, colon);
        }
        return names.contains(normalise(host));
    }

    private static String normalise(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /** 421 for a Host this server does not serve. */
    void check(Context ctx) {
        String host = ctx.header("Host");
        if (!serves(host)) {
            throw new RequestException(421, "this server does not answer to the host name in the Host header ("
                    + (host == null ? "none" : printable(host)) + "); use one it serves, or add it to allowedHosts "
                    + "in the server's configuration", List.of());
        }
    }

    /** A Host header as shown in a message: printable ASCII, at most 100 characters. */
    private static String printable(String host) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < host.length() && out.length() < 100; i++) {
            char c = host.charAt(i);
            out.append(c >= 0x21 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }
}
