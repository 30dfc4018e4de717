package io.logdump.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.logdump.cli.PlainText.Column;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code logdump tokens list|create|revoke}: API tokens. The server never lists a token's secret,
 * only its prefix; {@code create} prints it the one time it exists in the clear. The server lets
 * only a user (not a token) create tokens, so {@code create} signs in with a password like
 * {@code login} does.
 */
@Command(name = "tokens", mixinStandardHelpOptions = true,
        description = "List, create or revoke API tokens: your own, or every token of your account for an admin.",
        subcommands = {TokensCommand.ListTokens.class, TokensCommand.CreateToken.class, TokensCommand.RevokeToken.class})
final class TokensCommand extends GroupCommand {

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the tokens: their ids, names and prefixes (the first characters), never the tokens themselves.")
    static final class ListTokens extends ClientCommand {
        @Override
        void run(Client client) {
            client.printList(client.get("/api/v1/tokens"), Column.of("ID", "id"), Column.of("NAME", "name"),
                    Column.of("PREFIX", "prefix"), Column.of("ROLE", "role"), new Column("OWNER", TokensCommand::owner),
                    Column.of("SUBJECTS", "subjects"), Column.of("CREATED", "createdAt"), Column.of("EXPIRES", "expiresAt"),
                    Column.of("LAST-USED", "lastUsedAt"));
        }
    }

    /** The user a token acts for, or {@code (account)} for a token of the whole account. */
    private static String owner(JsonNode token) {
        return token.hasNonNull("owner") ? token.get("owner").asText() : "(account)";
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create an API token and print it: this is the only time it is shown.",
                    "Only a user can create tokens, so this asks for the password of --user (default: the user logdump login "
                            + "signed in as), without echo, or reads it as the first line of standard input when that is not a terminal."})
    static final class CreateToken extends ClientCommand {
        @Parameters(paramLabel = "NAME", description = "What the token is for, e.g. 'shipper on web-1'.")
        String name;

        @Option(names = "--role", paramLabel = "ROLE", required = true,
                description = "admin, operator, viewer or ingest (sends logs only); never more than your own role.")
        String role;

        @Option(names = "--subject", paramLabel = "LOGSET/SUBJECT",
                description = "An ingest token sends only to these subjects (repeatable); without it, to all of the account's.")
        List<String> subjects;

        @Option(names = "--expires", paramLabel = "ISO", description = "When it stops working, e.g. 2027-01-31T00:00:00Z (default: never).")
        String expires;

        @Option(names = "--for-account", description = "A token of the whole account rather than your own (admins): it keeps "
                + "working when you leave.")
        boolean forAccount;

        @Option(names = "--user", paramLabel = "NAME", description = "The user who creates it (default: the user logdump login signed in as).")
        String user;

        @Override
        void run(Client client) {
            String name = user != null ? user : credentials().get(client.server()).map(CredentialsFile.Entry::user).orElse(null);
            if (name == null) {
                name = Prompt.askIfTerminal("User name at " + client.server() + ": ");
            }
            if (name == null || name.isBlank()) {
                throw usage("give --user NAME: only a user can create tokens, so this needs the user's name and password");
            }
            ObjectNode body = Client.object().put("name", this.name).put("role", role);
            if (subjects != null) {
                subjects.forEach(body.putArray("subjects")::add);
            }
            TaskSettingsOptions.putIfSet(body, "expiresAt", expires);
            if (forAccount) {
                body.put("owner", "account");
            }
            String password = Prompt.password("Password for " + name + " at " + client.server() + ": ", false);
            JsonNode created = client.with(Credential.password(name, password)).post("/api/v1/tokens", body);
            client.printObject(created);
            client.note("This is the only time the token is shown: keep it now (the server stores only its digest). "
                    + "Give it to a program as " + Credential.TOKEN_VARIABLE + ", never as an argument.");
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a token by its id (logdump tokens list); it stops working at once.")
    static final class RevokeToken extends ClientCommand {
        @Parameters(paramLabel = "ID", description = "The token's id.")
        String id;

        @Override
        void run(Client client) {
            client.printObject(client.delete("/api/v1/tokens/" + Client.segment(id)));
        }
    }
}
