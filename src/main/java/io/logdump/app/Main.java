package io.logdump.app;

import io.logdump.bench.BenchCommand;
import io.logdump.cli.ClientCommands;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code logdump} command: {@code server} runs Logdump; the other subcommands talk to a running server. */
@Command(name = "logdump", mixinStandardHelpOptions = true, version = "logdump 0.1.0",
        description = "Ships log subjects into object storage buckets.",
        subcommands = {ServerCommand.class, DemoCommand.class, BenchCommand.class})
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
