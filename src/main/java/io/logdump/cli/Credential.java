package io.logdump.cli;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * What a client command proves who it is with: the {@code Authorization} header it sends (null:
 * none) and where the secret came from, so that a refusal (401) can say what to do about it.
 * {@link #toString()} never shows the secret.
 *
 * <p>A token is never taken from the command line (there is no {@code --token} option): the
 * arguments of a running process are shown to every user of the machine by {@code ps} and
 * {@code /proc}, and are kept in shell histories. It comes from the environment or from the
 * credentials file that {@code logdump login} writes (see {@link CredentialsFile}).
 */
record Credential(String authorization, Source source) {
    /** The environment variable that holds an API token; it wins over the credentials file. */
    static final String TOKEN_VARIABLE = "LOGDUMP_TOKEN";
    static final Credential NONE = new Credential(null, Source.NONE);

    /** Where the credential came from. */
    enum Source {
        /** No credential: only the public endpoints answer. */
        NONE,
        /** The token in {@code $LOGDUMP_TOKEN}. */
        ENVIRONMENT,
        /** The token {@code logdump login} stored for the server. */
        LOGIN,
        /** A user's name and password (HTTP Basic), as {@code login} and {@code tokens create} send them. */
        PASSWORD
    }

    static Credential token(String token, Source source) {
        return new Credential("Bearer " + token, source);
    }

    static Credential password(String user, String password) {
        String pair = user + ":" + password;
        return new Credential("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)), Source.PASSWORD);
    }

    /**
     * The credential for {@code server}: the token in {@code $LOGDUMP_TOKEN} of {@code environment},
     * else the token {@code logdump login} stored for that URL in {@code file}, else none.
     */
    static Credential forServer(String server, Map<String, String> environment, CredentialsFile file) {
        String token = environment.get(TOKEN_VARIABLE);
        if (token != null && !token.isBlank()) {
            return token(token.strip(), Source.ENVIRONMENT);
        }
        return file.get(server).map(stored -> token(stored.token(), Source.LOGIN)).orElse(NONE);
    }

    @Override
    public String toString() {
        return "Credential[" + source + "]";
    }
}
