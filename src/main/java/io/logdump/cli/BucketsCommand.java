package io.logdump.cli;

import io.logdump.cli.PlainText.Column;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code logdump buckets list|create}: the buckets of a region. */
@Command(name = "buckets", mixinStandardHelpOptions = true, description = "List or create buckets.",
        subcommands = {BucketsCommand.ListBuckets.class, BucketsCommand.CreateBucket.class})
final class BucketsCommand extends GroupCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the buckets of a region.")
    static final class ListBuckets extends ClientCommand {
        @Option(names = "--region", paramLabel = "R", required = true, description = "The region.")
        String region;

        @Override
        void run(Client client) {
            client.printList(client.get("/api/v1/buckets" + Client.query("region", region)),
                    Column.of("NAME", "name"), Column.of("REGION", "region"));
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a bucket (S3 naming rules: 3-63 lower-case letters, digits, '.' and '-').")
    static final class CreateBucket extends ClientCommand {
        @Parameters(paramLabel = "NAME", description = "The bucket name.")
        String name;

        @Option(names = "--region", paramLabel = "R", required = true, description = "The region.")
        String region;

        @Override
        void run(Client client) {
            client.printObject(client.post("/api/v1/buckets", Client.object().put("name", name).put("region", region)));
        }
    }
}
