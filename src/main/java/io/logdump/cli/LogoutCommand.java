package io.logdump.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;

/**
 * {@code logdump logout}: revokes the token {@code logdump login} stored for the server
 * ({@code DELETE /api/v1/tokens/{id}}, sent with that token) and removes it from the
 * {@link CredentialsFile}. When the server cannot be asked, the token stays stored, so that a
 * later {@code logout} can still revoke it; a token the server no longer knows is just removed.
 */
@Command(name = "logout", mixinStandardHelpOptions = true,
        description = "Revoke the token logdump login stored for the server and remove it from the credentials file.")
final class LogoutCommand extends ClientCommand {
    @Override
    void run(Client client) {
        CredentialsFile file = credentials();
        Optional<CredentialsFile.Entry> stored = file.get(client.server());
        if (stored.isEmpty()) {
            client.note("not signed in to " + client.server() + ": " + file.path() + " holds no token for it");
        } else {
            String outcome;
            try {
                outcome = revoke(client, stored.get()) ? "its token is revoked" : "the server no longer knew its token";
            } catch (CommandFailure e) {
                throw e.withDetail("the token stays stored; run logdump logout again when the server answers");
            }
            file.remove(client.server());
            client.printLines(List.of("signed out of " + client.server() + ": " + outcome));
        }
        String variable = System.getenv(Credential.TOKEN_VARIABLE);
        if (variable != null && !variable.isBlank()) {
            client.note("note: " + Credential.TOKEN_VARIABLE + " is still set, and the commands go on using it");
        }
    }

    /**
     * Revokes a stored token with the token itself.
     *
     * @return false when the server no longer knows it (revoked or expired already)
     */
    static boolean revoke(Client client, CredentialsFile.Entry entry) {
        Client asToken = client.with(Credential.token(entry.token(), Credential.Source.LOGIN));
        try {
            String id = entry.id() != null ? entry.id() : idByPrefix(asToken, entry.token());
            if (id == null) {
                return false;
            }
            asToken.delete("/api/v1/tokens/" + Client.segment(id));
            return true;
        } catch (CommandFailure e) {
            if (e.status() == 401 || e.status() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** The id of a token stored without one: the listed token whose prefix (its first characters) it starts with. */
    private static String idByPrefix(Client asToken, String token) {
        for (JsonNode listed : asToken.get("/api/v1/tokens")) {
            String prefix = listed.path("prefix").asText("");
            if (!prefix.isEmpty() && token.startsWith(prefix)) {
                return listed.path("id").asText();
            }
        }
        return null;
    }
}
