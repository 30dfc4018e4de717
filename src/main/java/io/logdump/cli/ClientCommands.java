package io.logdump.cli;

import picocli.CommandLine;

/**
 * The client subcommands of {@code logdump}, each a call of the REST API of a running server over
 * HTTP (this package knows no other Logdump package). Every command takes {@code --server URL}
 * and {@code --json}. Exit status: 0 done, 1 the server refused or could not be reached, 2 bad usage.
 */
public final class ClientCommands {
    private ClientCommands() {}

    /** Adds the client subcommands to the root command. */
    public static void register(CommandLine root) {
        root.addSubcommand(new RegionsCommand());
        root.addSubcommand(new BucketsCommand());
        root.addSubcommand(new LogSetsCommand());
        root.addSubcommand(new SubjectsCommand());
        root.addSubcommand(new CollectionCommand());
        root.addSubcommand(new TasksCommand());
        root.addSubcommand(new VerifyCommand());
        root.addSubcommand(new HealthCommand());
    }
}
