package io.logdump.cli;

import io.logdump.cli.PlainText.Column;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code logdump subjects list|get|create|delete}: the log subjects of a log set. */
@Command(name = "subjects", mixinStandardHelpOptions = true, description = "List, show, create or delete log subjects.",
        subcommands = {SubjectsCommand.ListSubjects.class, SubjectsCommand.GetSubject.class,
                SubjectsCommand.CreateSubject.class, SubjectsCommand.DeleteSubject.class})
final class SubjectsCommand extends GroupCommand {

    static String path(String logset, String subject) {
        return LogSetsCommand.path(logset) + "/subjects/" + Client.segment(subject);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the subjects of a log set.")
    static final class ListSubjects extends ClientCommand {
        @Parameters(paramLabel = "LOGSET", description = "The log set.")
        String logset;

        @Override
        void run(Client client) {
            client.printList(client.get(LogSetsCommand.path(logset) + "/subjects"),
                    Column.of("NAME", "name"), Column.of("RETENTION-HOURS", "retentionHours"),
                    new Column("COLLECTION", s -> s.path("hasCollection").asBoolean() ? "yes" : "no"),
                    Column.of("RECORDS", "stats.records"), Column.of("BYTES", "stats.bytes"),
                    Column.of("DESCRIPTION", "description"));
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a subject and what its log store holds.")
    static final class GetSubject extends ClientCommand {
        @Parameters(index = "0", paramLabel = "LOGSET", description = "The log set.")
        String logset;

        @Parameters(index = "1", paramLabel = "NAME", description = "The subject.")
        String name;

        @Override
        void run(Client client) {
            client.printObject(client.get(path(logset, name)));
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a subject in a log set.")
    static final class CreateSubject extends ClientCommand {
        @Parameters(index = "0", paramLabel = "LOGSET", description = "The log set.")
        String logset;

        @Parameters(index = "1", paramLabel = "NAME", description = "The subject name.")
        String name;

        @Option(names = "--retention-hours", paramLabel = "N", description = "How long its logs are kept (server default 72).")
        Integer retentionHours;

        @Option(names = "--description", paramLabel = "D", description = "What it holds.")
        String description;

        @Override
        void run(Client client) {
            var body = Client.object().put("name", name);
            if (description != null) {
                body.put("description", description);
            }
            if (retentionHours != null) {
                body.put("retentionHours", retentionHours);
            }
            client.printObject(client.post(LogSetsCommand.path(logset) + "/subjects", body));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a subject that no dump task uses.")
    static final class DeleteSubject extends ClientCommand {
        @Parameters(index = "0", paramLabel = "LOGSET", description = "The log set.")
        String logset;

        @Parameters(index = "1", paramLabel = "NAME", description = "The subject.")
        String name;

        @Override
        void run(Client client) {
            client.printObject(client.delete(path(logset, name)));
        }
    }
}
