package io.logdump.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;

/** {@code logdump whoami}: who the server takes the commands for ({@code GET /api/v1/me}), and where the credential came from. */
@Command(name = "whoami", mixinStandardHelpOptions = true,
        description = "Show who the server takes the commands for: name, kind (user or token), account, role, "
                + "whether a system admin, an ingest token's subjects, and where the credential comes from.")
final class WhoamiCommand extends ClientCommand {
    @Override
    void run(Client client) {
        JsonNode me = client.get("/api/v1/me");
        if (client.json()) {
            client.printJson(me);
            return;
        }
        ObjectNode shown = Client.object();
        for (String field : new String[] {"name", "kind", "account", "role", "system"}) {
            shown.set(field, me.get(field));
        }
        if ("ingest".equals(me.path("role").asText())) {
            JsonNode subjects = me.path("subjects");
            shown.put("subjects", subjects.isEmpty() ? "every subject of the account" : PlainText.text(subjects));
        }
        shown.put("credential", switch (client.credentialSource()) {
            case ENVIRONMENT -> "the token in " + Credential.TOKEN_VARIABLE;
            case LOGIN -> "the token logdump login stored" + credentials().get(client.server())
                    .map(e -> e.user() == null ? "" : " for " + e.user()).orElse("") + " in " + credentials().path();
            case PASSWORD, NONE -> "none";
        });
        client.printObject(shown);
    }
}
