package io.logdump.cli;

import io.logdump.cli.PlainText.Column;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code logdump logsets list|get|create|delete}: log sets, the named groups of subjects in a region. */
@Command(name = "logsets", mixinStandardHelpOptions = true, description = "List, show, create or delete log sets.",
        subcommands = {LogSetsCommand.ListLogSets.class, LogSetsCommand.GetLogSet.class,
                LogSetsCommand.CreateLogSet.class, LogSetsCommand.DeleteLogSet.class})
final class LogSetsCommand extends GroupCommand {

    static String path(String logset) {
        return "/api/v1/logsets/" + Client.segment(logset);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the log sets.")
    static final class ListLogSets extends ClientCommand {
        @Override
        void run(Client client) {
            client.printList(client.get("/api/v1/logsets"), Column.of("NAME", "name"), Column.of("REGION", "region"),
                    Column.of("CREATED", "createdAt"), Column.of("DESCRIPTION", "description"));
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a log set.")
    static final class GetLogSet extends ClientCommand {
        @Parameters(paramLabel = "NAME", description = "The log set.")
        String name;

        @Override
        void run(Client client) {
            client.printObject(client.get(path(name)));
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a log set.")
    static final class CreateLogSet extends ClientCommand {
        @Parameters(paramLabel = "NAME", description = "The log set name.")
        String name;

        @Option(names = "--region", paramLabel = "R", required = true, description = "The region its buckets are in.")
        String region;

        @Option(names = "--description", paramLabel = "D", description = "What it holds.")
        String description;

        @Override
        void run(Client client) {
            var body = Client.object().put("name", name).put("region", region);
            if (description != null) {
                body.put("description", description);
            }
            client.printObject(client.post("/api/v1/logsets", body));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a log set that has no subjects.")
    static final class DeleteLogSet extends ClientCommand {
        @Parameters(paramLabel = "NAME", description = "The log set.")
        String name;

        @Override
        void run(Client client) {
            client.printObject(client.delete(path(name)));
        }
    }
}
