package io.logdump.app;

import io.logdump.bench.BenchCommand;
import io.logdump.cli.ClientCommands;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code logdump} command: {@code server} runs Logdump; the other subcommands talk to a running server. */
@Command(name = "logdump", mixinStandardHelpOptions = true, version = "logdump 0.1.0",
        description = "Ships log subjects into object storage buckets.",
        subcommands = {ServerCommand.class, DemoCommand.class, BenchCommand.class},
        footerHeading = "%nExit status:%n",
        footer = {"  0  done.",
                "  1  failed: the server refused the request or could not be reached, a check",
                "     found a problem (verify), or the server could not start; stderr says why.",
                "  2  usage: an unknown command or option, a missing or malformed argument, or",
                "     a bad server configuration.",
                "%nThe client commands take --server URL and --json before or after the",
                "subcommand: logdump --json tasks list, logdump tasks list --json. They sign",
                "in with the API token in $LOGDUMP_TOKEN, else with the one logdump login",
                "stored for the server (logdump login --server URL --user NAME)."})
public final class Main {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status (0 ok, 1 failure, 2 usage or configuration error). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        ClientCommands.register(cli);
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof java.io.IOException) {
                command.getErr().println("logdump " + command.getCommandName() + ": " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cli.execute(args);
    }
}
