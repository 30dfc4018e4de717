package io.logdump.cli;

import picocli.CommandLine.Option;

/**
 * The options every client command has: which server to talk to, and whether to print raw JSON.
 * They are accepted both after the subcommand ({@code logdump tasks list --json}) and before it,
 * as options of {@code logdump} itself ({@code logdump --json tasks list}): {@link ClientCommands}
 * puts a second instance on the root command, and {@link #over} merges the two. A new common
 * option goes here, with a line in {@link #over}. There is deliberately no {@code --token}: the
 * arguments of a running process are visible to every user of the machine ({@code ps},
 * {@code /proc/PID/cmdline}) and end up in shell histories, so a token comes only from
 * {@code $LOGDUMP_TOKEN} or from the file {@code logdump login} writes (see {@link Credential}).
 * Not thread-safe.
 */
final class ClientOptions {
    static final String DEFAULT_SERVER = "http://127.0.0.1:8080";

    @Option(names = "--server", paramLabel = "URL",
            description = "Base URL of the Logdump server (default: $LOGDUMP_SERVER, else " + DEFAULT_SERVER + ").")
    String server;

    @Option(names = "--json", description = "Print the server's JSON answer, pretty-printed, instead of text for people.")
    boolean json;

    /**
     * The options in effect: each one as given after the subcommand (this instance), else as given
     * before it ({@code root}, null when there is none), else its default.
     */
    ClientOptions over(ClientOptions root) {
        ClientOptions merged = new ClientOptions();
        merged.server = server != null ? server : root != null && root.server != null ? root.server : defaultServer();
        merged.json = json || root != null && root.json;
        return merged;
    }

    private static String defaultServer() {
        String env = System.getenv("LOGDUMP_SERVER");
        return env == null || env.isBlank() ? DEFAULT_SERVER : env;
    }
}
