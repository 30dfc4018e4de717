package io.logdump.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code logdump files retry}: the files of the dump history, one at a time. */
@Command(name = "files", mixinStandardHelpOptions = true, description = "Retry a FAILED file of the dump history.",
        subcommands = {FilesCommand.RetryFile.class})
final class FilesCommand extends GroupCommand {

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = {"Upload a FAILED file again now, from the copy the server kept, under its own key; "
                    + "possible for one hour after it failed (its retryableUntil). Prints the file after the attempt.",
                    "Exit status 1 when it failed again, or the server refused (the file is not FAILED, or its window closed)."})
    static final class RetryFile extends ClientCommand {
        @Parameters(index = "0", paramLabel = "TASK_ID", description = "The task id.")
        String task;

        @Parameters(index = "1", paramLabel = "FILE_ID", description = "The file id (the ID column of logdump history).")
        String file;

        @Override
        void run(Client client) {
            JsonNode after = client.post(TasksCommand.path(task) + "/files/" + Client.segment(file) + "/retry", null);
            ObjectNode shown = Client.object();
            for (String field : List.of("id", "status", "attempts", "objectKey", "retryableUntil", "error")) {
                shown.set(field, after.get(field));
            }
            client.printObject(client.json() ? after : shown);
            if (!after.path("status").asText().equals("SUCCEEDED")) {
                throw new CommandFailure("file " + file + " is " + after.path("status").asText() + " after the retry; it can be retried until "
                        + PlainText.text(after.path("retryableUntil")));
            }
        }
    }
}
