package io.logdump.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.logdump.cli.PlainText.Column;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code logdump collection get|set|preview}: how a subject's logs are parsed. */
@Command(name = "collection", mixinStandardHelpOptions = true,
        description = "Show, set or try out the collection configuration of a subject.",
        subcommands = {CollectionCommand.GetCollection.class, CollectionCommand.SetCollection.class,
                CollectionCommand.PreviewCollection.class})
final class CollectionCommand extends GroupCommand {

    static String path(String logset, String subject) {
        return SubjectsCommand.path(logset, subject) + "/collection";
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show the collection configuration of a subject.")
    static final class GetCollection extends ClientCommand {
        @Parameters(index = "0", paramLabel = "LOGSET", description = "The log set.")
        String logset;

        @Parameters(index = "1", paramLabel = "SUBJECT", description = "The subject.")
        String subject;

        @Override
        void run(Client client) {
            client.printObject(client.get(path(logset, subject)));
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Set the collection configuration of a subject, from --file or the options.")
    static final class SetCollection extends ClientCommand {
        @Parameters(index = "0", paramLabel = "LOGSET", description = "The log set.")
        String logset;

        @Parameters(index = "1", paramLabel = "SUBJECT", description = "The subject.")
        String subject;

        @Mixin
        CollectionOptions config;

        @Override
        void run(Client client) {
            ObjectNode body = config.body();
            if (!body.has("parser")) {
                throw usage("give the parser: --parser raw|json, --regex PATTERN, --delimiter D --fields a,b,c, or --file F.json");
            }
            client.printObject(client.put(path(logset, subject), body));
        }
    }

    @Command(name = "preview", mixinStandardHelpOptions = true,
            description = "Show how sample lines would parse, without storing anything. Without configuration "
                    + "options the subject's saved configuration is used. Put -- before lines that start with '-'.")
    static final class PreviewCollection extends ClientCommand {
        @Parameters(index = "0", paramLabel = "LOGSET", description = "The log set.")
        String logset;

        @Parameters(index = "1", paramLabel = "SUBJECT", description = "The subject.")
        String subject;

        @Parameters(index = "2..*", arity = "1..*", paramLabel = "LINE", description = "Sample lines; a single - reads them from stdin.")
        List<String> lines;

        @Mixin
        CollectionOptions config;

        @Override
        void run(Client client) {
            ObjectNode body = config.body();
            (lines.equals(List.of("-")) ? stdinLines() : lines).forEach(body.putArray("lines")::add);
            JsonNode answer = client.post(path(logset, subject) + "/preview", body);
            client.printList(answer, answer.path("items"), Column.of("LINE", "line"), Column.of("ACCEPTED", "accepted"),
                    Column.of("TIME", "time"), new Column("RESULT", PreviewCollection::result));
        }

        private static String result(JsonNode item) {
            return item.hasNonNull("error") ? "error: " + item.get("error").asText() : PlainText.text(item.path("fields"));
        }

        private static List<String> stdinLines() {
            try {
                return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).lines().toList();
            } catch (UncheckedIOException e) {
                throw new CommandFailure("cannot read the lines from stdin: " + e.getCause().getMessage());
            }
        }
    }
}
