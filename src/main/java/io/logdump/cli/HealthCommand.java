package io.logdump.cli;

import picocli.CommandLine.Command;

/** {@code logdump health}: whether the server is up. */
@Command(name = "health", mixinStandardHelpOptions = true, description = "Show whether the server is up.")
final class HealthCommand extends ClientCommand {
    @Override
    void run(Client client) {
        client.printObject(client.get("/health"));
    }
}
