package io.logdump.cli;

import picocli.CommandLine.Option;

/** The options every client command has: which server to talk to, and whether to print raw JSON. */
final class ClientOptions {
    @Option(names = "--server", paramLabel = "URL",
            defaultValue = "${env:LOGDUMP_SERVER:-http://127.0.0.1:8080}",
            description = "Base URL of the Logdump server (default: $LOGDUMP_SERVER, else http://127.0.0.1:8080).")
    String server;

    @Option(names = "--json", description = "Print the server's JSON answer, pretty-printed, instead of text for people.")
    boolean json;
}
