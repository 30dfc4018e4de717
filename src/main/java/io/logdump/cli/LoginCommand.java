package io.logdump.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code logdump login}: signs in with a user's name and password (HTTP Basic), creates an API
 * token of the user's own role for this machine ({@code POST /api/v1/tokens}) and stores it in the
 * {@link CredentialsFile} under the server's URL, where every later command to that server finds
 * it. The password is used for these two requests only and never stored. A token stored for the
 * server before is revoked once the new one is stored.
 */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Sign in to the server as a user and keep an API token for it: the later commands to the same --server use it.",
                "The password is asked without echo, or read as the first line of standard input when that is not a terminal "
                        + "(logdump login --user ops < password-file). The token has the user's role, is stored in "
                        + "$XDG_CONFIG_HOME/logdump/credentials.json (else ~/.config/logdump/credentials.json, mode 0600) "
                        + "and is never printed. $LOGDUMP_TOKEN, when set, is used instead of it."})
final class LoginCommand extends ClientCommand {
    private static final int TOKEN_NAME_MAX = 64;

    @Option(names = "--user", paramLabel = "NAME", description = "The user to sign in as (asked when there is a terminal).")
    String user;

    @Override
    void run(Client client) {
        String name = user != null ? user : Prompt.askIfTerminal("User name at " + client.server() + ": ");
        if (name == null || name.isBlank()) {
            throw usage("give --user NAME: the user to sign in as");
        }
        CredentialsFile file = credentials();
        Optional<CredentialsFile.Entry> before = file.get(client.server());
        String password = Prompt.password("Password for " + name + " at " + client.server() + ": ", false);
        Client asUser = client.with(Credential.password(name, password));
        JsonNode me = asUser.get("/api/v1/me");
        if (!"user".equals(me.path("kind").asText())) {
            throw new CommandFailure("the server took the password for an API token; logdump login needs the user's own password "
                    + "(to use a token, set " + Credential.TOKEN_VARIABLE + ")");
        }
        JsonNode created = asUser.post("/api/v1/tokens", Client.object().put("name", tokenName()).put("role", me.path("role").asText()));

        file.put(client.server(), new CredentialsFile.Entry(created.path("token").asText(), created.path("id").asText(),
                me.path("name").asText(name), instant(created.path("createdAt").asText())));
        before.ifPresent(old -> revokeReplaced(client, old));

        if (client.json()) {
            client.printJson(me);
        } else {
            client.printLine("signed in to " + client.server() + " as " + me.path("name").asText() + " (account "
                    + me.path("account").asText() + ", role " + me.path("role").asText() + ")");
        }
        if (System.getenv(Credential.TOKEN_VARIABLE) != null && !System.getenv(Credential.TOKEN_VARIABLE).isBlank()) {
            client.note("note: " + Credential.TOKEN_VARIABLE + " is set, and the commands use it rather than this sign-in until it is unset");
        }
    }

    /** Revokes the token a new login replaced; one the server no longer knows needs nothing. */
    private static void revokeReplaced(Client client, CredentialsFile.Entry old) {
        try {
            LogoutCommand.revoke(client, old);
        } catch (CommandFailure e) {
            client.note("note: the token stored before for " + client.server() + " could not be revoked (" + e.getMessage()
                    + "); an admin can revoke it with logdump tokens revoke");
        }
    }

    /** {@code cli on <host> <date>}: which machine holds the token, and since when; at most 64 characters, no control characters. */
    static String tokenName() {
        String date = LocalDate.now().toString();
        String host = hostName().replaceAll("\\p{Cntrl}", "?");
        int room = TOKEN_NAME_MAX - "cli on ".length() - 1 - date.length();
        if (host.length() > room) {
            host = host.substring(0, room);
        }
        return "cli on " + host + " " + date;
    }

    private static String hostName() {
        for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown host";
        }
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return Instant.now();
        }
    }
}
