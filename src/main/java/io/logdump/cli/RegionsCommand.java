package io.logdump.cli;

import io.logdump.cli.PlainText.Column;
import picocli.CommandLine.Command;

/** {@code logdump regions}: the regions of the server and the kind of object storage of each. */
@Command(name = "regions", mixinStandardHelpOptions = true, description = "List the regions.")
final class RegionsCommand extends ClientCommand {
    @Override
    void run(Client client) {
        client.printList(client.get("/api/v1/regions"), Column.of("NAME", "name"), Column.of("OBJECT-STORE", "objectStore"));
    }
}
