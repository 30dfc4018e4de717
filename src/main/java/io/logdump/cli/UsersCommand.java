package io.logdump.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.logdump.cli.PlainText.Column;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code logdump users list|create|modify|delete}: the users of the caller's account (account
 * admins). A password is asked for like {@code login} asks (twice on a terminal), never taken as
 * an argument.
 */
@Command(name = "users", mixinStandardHelpOptions = true,
        description = "List, create, modify or delete the users of your account (account admins).",
        subcommands = {UsersCommand.ListUsers.class, UsersCommand.CreateUser.class, UsersCommand.ModifyUser.class,
                UsersCommand.DeleteUser.class})
final class UsersCommand extends GroupCommand {
    static final String PASSWORD_INPUT = "The password is asked without echo (twice), or read as the first line of standard input "
            + "when that is not a terminal; at least 12 characters.";

    static String path(String name) {
        return "/api/v1/users/" + Client.segment(name);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the users of your account.")
    static final class ListUsers extends ClientCommand {
        @Override
        void run(Client client) {
            client.printList(client.get("/api/v1/users"), Column.of("NAME", "name"), Column.of("ROLE", "role"),
                    Column.of("SYSTEM", "system"), Column.of("CREATED", "createdAt"));
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = {"Create a user in your account.", PASSWORD_INPUT})
    static final class CreateUser extends ClientCommand {
        @Parameters(paramLabel = "NAME", description = "The user name: letters, digits, Chinese characters, _ . @ and -; unique on the server.")
        String name;

        @Option(names = "--role", paramLabel = "ROLE", required = true, description = "admin, operator or viewer.")
        String role;

        @Override
        void run(Client client) {
            String password = Prompt.password("Password for the new user " + name + ": ", true);
            client.printObject(client.post("/api/v1/users",
                    Client.object().put("name", name).put("password", password).put("role", role)));
        }
    }

    @Command(name = "modify", mixinStandardHelpOptions = true,
            description = {"Change a user's role or password (account admins). The server lets a user who is not an admin "
                    + "change their own password only when signed in with it, not with a token as here: in the web console.",
                    PASSWORD_INPUT})
    static final class ModifyUser extends ClientCommand {
        @Parameters(paramLabel = "NAME", description = "The user.")
        String name;

        @Option(names = "--role", paramLabel = "ROLE", description = "The new role: admin, operator or viewer.")
        String role;

        @Option(names = "--password", description = "Set a new password (asked for, never an argument).")
        boolean password;

        @Override
        void run(Client client) {
            if (role == null && !password) {
                throw usage("give --role ROLE, --password, or both");
            }
            ObjectNode body = Client.object();
            if (role != null) {
                body.put("role", role);
            }
            if (password) {
                body.put("password", Prompt.password("New password for " + name + ": ", true));
            }
            client.printObject(client.patch(path(name), body));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a user (not the account's last admin); the tokens they made for themselves stop working.")
    static final class DeleteUser extends ClientCommand {
        @Parameters(paramLabel = "NAME", description = "The user.")
        String name;

        @Override
        void run(Client client) {
            client.printObject(client.delete(path(name)));
        }
    }
}
