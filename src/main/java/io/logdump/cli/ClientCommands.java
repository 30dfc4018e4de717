package io.logdump.cli;

import picocli.CommandLine;

/** The client subcommands of {@code logdump}, each a call of the REST API of a running server. */
public final class ClientCommands {
    private ClientCommands() {}

    /** Adds the client subcommands to the root command. */
    public static void register(CommandLine root) {
    }
}
