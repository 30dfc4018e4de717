package io.logdump.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.logdump.cli.PlainText.Column;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code logdump tasks ...}: dump tasks, which ship a subject's logs into a bucket. */
@Command(name = "tasks", mixinStandardHelpOptions = true,
        description = "List, show, create, modify, stop, start or delete dump tasks, or show their files and operations log.",
        subcommands = {TasksCommand.ListTasks.class, TasksCommand.GetTask.class, TasksCommand.CreateTask.class,
                TasksCommand.ModifyTask.class, TasksCommand.StopTask.class, TasksCommand.StartTask.class,
                TasksCommand.DeleteTask.class, TasksCommand.TaskFiles.class, TasksCommand.TaskOperations.class})
final class TasksCommand extends GroupCommand {

    static String path(String id) {
        return "/api/v1/dump-tasks/" + Client.segment(id);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the dump tasks, optionally filtered.")
    static final class ListTasks extends ClientCommand {
        @Option(names = "--logset", paramLabel = "L", description = "Only the tasks of this log set.")
        String logset;

        @Option(names = "--subject", paramLabel = "S", description = "Only the tasks of this subject.")
        String subject;

        @Option(names = "--status", paramLabel = "STATUS", description = "Only the tasks in this status: WAITING, RUNNING or STOPPED.")
        String status;

        @Override
        void run(Client client) {
            String query = Client.query("logset", logset, "subject", subject, "status", status);
            client.printList(client.get("/api/v1/dump-tasks" + query), Column.of("ID", "id"), Column.of("NAME", "name"),
                    Column.of("LOGSET", "logset"), Column.of("SUBJECT", "subject"), Column.of("BUCKET", "bucket"),
                    Column.of("STATUS", "status"), Column.of("FORMAT", "format.type"), Column.of("COMPRESSION", "compression"));
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a dump task with its counters.")
    static final class GetTask extends ClientCommand {
        @Parameters(paramLabel = "ID", description = "The task id.")
        String id;

        @Override
        void run(Client client) {
            client.printObject(client.get(path(id)));
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a dump task. Required: --name, --logset, --subject and --bucket (or in --file).")
    static final class CreateTask extends ClientCommand {
        @Option(names = "--file", paramLabel = "F.json", description = "The whole request body as a JSON file; the options override its fields.")
        Path file;

        @Option(names = "--name", paramLabel = "N", description = "Task name: letters, digits, Chinese characters, _ and -.")
        String name;

        @Option(names = "--logset", paramLabel = "L", description = "The log set.")
        String logset;

        @Option(names = "--subject", paramLabel = "S", description = "The subject to dump.")
        String subject;

        @Option(names = "--bucket", paramLabel = "B", description = "The bucket, in the log set's region.")
        String bucket;

        @Mixin
        TaskSettingsOptions settings;

        @Option(names = "--start-delay-seconds", paramLabel = "N", description = "Wait N seconds before the first dump (default 900).")
        Integer startDelaySeconds;

        @Option(names = "--start-from", paramLabel = "FROM", description = "now (default), earliest, or an ISO-8601 instant.")
        String startFrom;

        @Override
        void run(Client client) {
            ObjectNode body = file == null ? Client.object() : Client.readObject(file);
            TaskSettingsOptions.putIfSet(body, "name", name);
            TaskSettingsOptions.putIfSet(body, "logset", logset);
            TaskSettingsOptions.putIfSet(body, "subject", subject);
            TaskSettingsOptions.putIfSet(body, "bucket", bucket);
            settings.addTo(body, this);
            if (startDelaySeconds != null) {
                body.put("startDelaySeconds", startDelaySeconds);
            }
            TaskSettingsOptions.putIfSet(body, "startFrom", startFrom);
            client.printObject(client.post("/api/v1/dump-tasks", body));
        }
    }

    @Command(name = "modify", mixinStandardHelpOptions = true,
            description = "Change the settings given (and only those); applies from the next file.")
    static final class ModifyTask extends ClientCommand {
        @Parameters(paramLabel = "ID", description = "The task id.")
        String id;

        @Option(names = "--file", paramLabel = "F.json", description = "The changes as a JSON file; the options override its fields.")
        Path file;

        @Mixin
        TaskSettingsOptions settings;

        @Override
        void run(Client client) {
            ObjectNode body = file == null ? Client.object() : Client.readObject(file);
            settings.addTo(body, this);
            if (body.isEmpty()) {
                throw usage("give at least one setting to change, e.g. --compression gzip");
            }
            client.printObject(client.patch(path(id), body));
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop a dump task.")
    static final class StopTask extends ClientCommand {
        @Parameters(paramLabel = "ID", description = "The task id.")
        String id;

        @Override
        void run(Client client) {
            client.printObject(client.post(path(id) + "/stop", null));
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start a stopped dump task again.")
    static final class StartTask extends ClientCommand {
        @Parameters(paramLabel = "ID", description = "The task id.")
        String id;

        @Override
        void run(Client client) {
            client.printObject(client.post(path(id) + "/start", null));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a dump task (its operations log stays).")
    static final class DeleteTask extends ClientCommand {
        @Parameters(paramLabel = "ID", description = "The task id.")
        String id;

        @Override
        void run(Client client) {
            client.printObject(client.delete(path(id)));
        }
    }

    @Command(name = "files", mixinStandardHelpOptions = true,
            description = {"List the files of a dump task, newest first (its dump history; see also logdump history).",
                    "One page (--limit files) unless --all; with --json each page is printed as the server's JSON as it arrives."})
    static final class TaskFiles extends ClientCommand {
        @Parameters(paramLabel = "ID", description = "The task id.")
        String id;

        @Mixin
        HistoryCommand.Filters filters;

        @Override
        void run(Client client) {
            HistoryCommand.print(client, path(id) + "/files", Map.of(), filters, false);
        }
    }

    @Command(name = "operations", mixinStandardHelpOptions = true, description = "Show the operations log of a dump task.")
    static final class TaskOperations extends ClientCommand {
        @Parameters(paramLabel = "ID", description = "The task id.")
        String id;

        @Override
        void run(Client client) {
            client.printList(client.get(path(id) + "/operations"), Column.of("TIME", "time"),
                    Column.of("OPERATION", "operation"), Column.of("DETAIL", "detail"));
        }
    }
}
