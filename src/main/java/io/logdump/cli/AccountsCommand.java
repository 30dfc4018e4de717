package io.logdump.cli;

import io.logdump.cli.PlainText.Column;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code logdump accounts list|create}: the accounts of the server (system admins). */
@Command(name = "accounts", mixinStandardHelpOptions = true, description = "List or create accounts (system admins).",
        subcommands = {AccountsCommand.ListAccounts.class, AccountsCommand.CreateAccount.class})
final class AccountsCommand extends GroupCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the accounts.")
    static final class ListAccounts extends ClientCommand {
        @Override
        void run(Client client) {
            client.printList(client.get("/api/v1/accounts"), Column.of("NAME", "name"), Column.of("CREATED", "createdAt"));
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create an account with its first admin.", "The admin's password is asked without echo (twice), or read "
                    + "as the first line of standard input when that is not a terminal; at least 12 characters."})
    static final class CreateAccount extends ClientCommand {
        @Parameters(paramLabel = "NAME", description = "The account name: letters, digits, Chinese characters, _ and -.")
        String name;

        @Option(names = "--admin", paramLabel = "USER", required = true, description = "The name of its first admin, a new user.")
        String admin;

        @Override
        void run(Client client) {
            String password = Prompt.password("Password for " + admin + ", the first admin of " + name + ": ", true);
            var body = Client.object().put("name", name);
            body.putObject("admin").put("name", admin).put("password", password);
            client.printObject(client.post("/api/v1/accounts", body));
        }
    }
}
