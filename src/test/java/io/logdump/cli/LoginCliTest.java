package io.logdump.cli;

import static io.logdump.cli.Cli.run;
import static io.logdump.cli.Cli.withStdin;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logdump.cli.Cli.Run;
import io.logdump.testutil.Api;
import io.logdump.testutil.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing the command line in and out ({@code login}, {@code logout}, {@code whoami}) and the
 * commands for users, tokens and accounts, against a real server. Each test keeps its credentials
 * file in a folder of its own that does not exist before its first login.
 */
class LoginCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "a-password-of-alice";

    @TempDir
    static Path dir;
    static TestServer server;
    static Api api;
    static String url;

    @TempDir
    Path home;
    Path config;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir);
        api = server.api;
        url = server.server.url();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void configFolder() {
        config = home.resolve("logdump");
        Cli.useConfigFolder(config);
    }

    @AfterEach
    void forget() {
        Cli.forgetConfigFolder();
    }

    @Test
    void loginStoresATokenOnlyTheUserCanReadAndTheLaterCommandsUseIt() throws Exception {
        Run login = login("admin", TestServer.ADMIN_PASSWORD);

        assertThat(login.status()).as(login.toString()).isZero();
        assertThat(login.out()).isEqualTo("signed in to " + url + " as admin (account default, role admin)\n");
        assertThat(login.ownErr()).isEmpty();
        Path file = config.resolve("credentials.json");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(config)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        JsonNode stored = JSON.readTree(file.toFile());
        assertThat(stored.size()).as("one server").isEqualTo(1);
        JsonNode entry = stored.get(url);
        String token = entry.get("token").asText();
        assertThat(token).startsWith("ldt_");
        assertThat(entry.get("user").asText()).isEqualTo("admin");
        assertThat(Instant.parse(entry.get("createdAt").asText())).isNotNull();
        assertThat(login.out() + login.err()).as("the token is never printed").doesNotContain(token);
        JsonNode listed = listedToken(entry.get("id").asText());
        assertThat(listed.get("name").asText()).as("which machine holds it").startsWith("cli on ");
        assertThat(listed.get("role").asText()).as("the user's own role").isEqualTo("admin");
        assertThat(listed.get("owner").asText()).isEqualTo("admin");

        Run created = logdump("logsets", "create", "signed-in", "--region", "local");
        assertThat(created.status()).as(created.toString()).isZero();
        assertThat(listedToken(entry.get("id").asText()).get("lastUsedAt").isTextual()).as("the stored token made the request").isTrue();

        Run whoami = logdump("whoami");
        assertThat(whoami.status()).as(whoami.toString()).isZero();
        assertThat(whoami.value("kind")).isEqualTo("token");
        assertThat(whoami.value("name")).isEqualTo(listed.get("name").asText());
        assertThat(whoami.value("account")).isEqualTo("default");
        assertThat(whoami.value("role")).isEqualTo("admin");
        assertThat(whoami.value("system")).isEqualTo("true");
        assertThat(whoami.value("credential")).isEqualTo("the token logdump login stored for admin in " + file);
        assertThat(JSON.readTree(logdump("whoami", "--json").out()).get("kind").asText()).isEqualTo("token");
    }

    @Test
    void aWrongPasswordExitsOneWithOneLineAndStoresNothing() {
        Run login = login("admin", "not-the-admin-password");

        assertThat(login.status()).isEqualTo(1);
        assertThat(login.out()).isEmpty();
        assertThat(login.ownErr()).isEqualTo("logdump: wrong user name or password\n");
        assertThat(config).doesNotExist();

        Run empty = withStdin("", () -> logdump("login", "--user", "admin"));
        assertThat(empty.status()).as("no password on standard input").isEqualTo(1);
        assertThat(empty.ownErr()).startsWith("logdump: standard input is empty");
        Run noUser = withStdin(TestServer.ADMIN_PASSWORD + "\n", () -> logdump("login"));
        assertThat(noUser.status()).as("no terminal to ask the user name on").isEqualTo(2);
        assertThat(noUser.err()).contains("give --user NAME");
        assertThat(config).doesNotExist();
    }

    @Test
    void withoutATokenOrALoginACommandSaysHowToSignInOnOneLine() {
        Run r = logdump("logsets", "list");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.ownErr()).isEqualTo("logdump: not signed in to " + url + ": run 'logdump login --server " + url
                + "', or set LOGDUMP_TOKEN to an API token\n");
        assertThat(logdump("health").status()).as("health needs no sign-in").isZero();
    }

    @Test
    void logdumpTokenWinsOverTheStoredTokenWhichWinsOverNone() {
        CredentialsFile file = new CredentialsFile(config.resolve("credentials.json"));
        file.put(url, new CredentialsFile.Entry("ldt_stored", "id-1", "admin", Instant.parse("2026-11-26T08:00:00Z")));

        Credential fromEnvironment = Credential.forServer(url, Map.of("LOGDUMP_TOKEN", "ldt_from_env"), file);
        assertThat(fromEnvironment.source()).isEqualTo(Credential.Source.ENVIRONMENT);
        assertThat(fromEnvironment.authorization()).isEqualTo("Bearer ldt_from_env");
        Credential stored = Credential.forServer(url, Map.of("LOGDUMP_TOKEN", " "), file);
        assertThat(stored.source()).isEqualTo(Credential.Source.LOGIN);
        assertThat(stored.authorization()).isEqualTo("Bearer ldt_stored");
        assertThat(Credential.forServer("http://127.0.0.1:1", Map.of(), file)).as("another server's token is not sent")
                .isEqualTo(Credential.NONE);
        assertThat(stored.toString() + file.get(url).orElseThrow()).doesNotContain("ldt_");

        assertThat(CredentialsFile.folder(null, Map.of("XDG_CONFIG_HOME", "/x/config"), "/home/u")).isEqualTo(Path.of("/x/config/logdump"));
        assertThat(CredentialsFile.folder(null, Map.of("XDG_CONFIG_HOME", "relative"), "/home/u")).isEqualTo(Path.of("/home/u/.config/logdump"));
        assertThat(CredentialsFile.folder(null, Map.of(), "/home/u")).isEqualTo(Path.of("/home/u/.config/logdump"));
        assertThat(CredentialsFile.folder(null, Map.of("HOME", "/tmp/h"), "/home/u")).as("$HOME, as for any command")
                .isEqualTo(Path.of("/tmp/h/.config/logdump"));
        assertThat(CredentialsFile.folder("/tests/here", Map.of("XDG_CONFIG_HOME", "/x"), "/home/u")).isEqualTo(Path.of("/tests/here"));
    }

    @Test
    void aBrokenCredentialsFileIsOneLineThatNamesIt() throws Exception {
        Files.createDirectories(config);
        Path file = Files.writeString(config.resolve("credentials.json"), "{\"" + url + "\": {\"token\": ");

        Run r = logdump("logsets", "list");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.ownErr()).isEqualTo("logdump: " + file + " is not valid JSON; remove it and run logdump login again\n");
    }

    @Test
    void logoutRevokesTheStoredTokenAndRemovesIt() throws Exception {
        assertThat(login("admin", TestServer.ADMIN_PASSWORD).status()).isZero();
        String first = storedToken();
        assertThat(login("admin", TestServer.ADMIN_PASSWORD).status()).isZero();
        String token = storedToken();
        assertThat(token).isNotEqualTo(first);
        assertThat(api.withToken(first).get("/api/v1/me").status()).as("a second login revokes the token it replaces").isEqualTo(401);

        Run logout = logdump("logout");

        assertThat(logout.status()).as(logout.toString()).isZero();
        assertThat(logout.out()).isEqualTo("signed out of " + url + ": its token is revoked\n");
        assertThat(api.withToken(token).get("/api/v1/me").status()).as("the old token").isEqualTo(401);
        assertThat(JSON.readTree(config.resolve("credentials.json").toFile()).has(url)).isFalse();
        Run after = logdump("logsets", "list");
        assertThat(after.status()).isEqualTo(1);
        assertThat(after.ownErr()).startsWith("logdump: not signed in to " + url);
        Run again = logdump("logout");
        assertThat(again.status()).as("nothing to do").isZero();
        assertThat(again.ownErr()).isEqualTo("not signed in to " + url + ": " + config.resolve("credentials.json") + " holds no token for it\n");
    }

    @Test
    void aStoredTokenTheServerNoLongerTakesSaysToLogInAgain() throws Exception {
        assertThat(login("admin", TestServer.ADMIN_PASSWORD).status()).isZero();
        String id = JSON.readTree(config.resolve("credentials.json").toFile()).get(url).get("id").asText();
        assertThat(api.delete("/api/v1/tokens/" + id).status()).isEqualTo(204);

        Run r = logdump("logsets", "list");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.ownErr()).isEqualTo("logdump: the server at " + url + " refused the token logdump login stored (unknown, "
                + "revoked or expired token): run 'logdump login --server " + url + "' again, or set LOGDUMP_TOKEN to an API token\n");
        Run logout = logdump("logout");
        assertThat(logout.status()).isZero();
        assertThat(logout.out()).isEqualTo("signed out of " + url + ": the server no longer knew its token\n");
    }

    @Test
    void usersAreCreatedListedModifiedAndDeleted() {
        assertThat(login("admin", TestServer.ADMIN_PASSWORD).status()).isZero();

        Run created = withStdin(PASSWORD + "\n", () -> logdump("users", "create", "alice", "--role", "viewer"));
        assertThat(created.status()).as(created.toString()).isZero();
        assertThat(created.value("name")).isEqualTo("alice");
        assertThat(created.value("role")).isEqualTo("viewer");
        assertThat(created.out()).doesNotContain(PASSWORD);
        List<String> table = logdump("users", "list").lines();
        assertThat(table.get(0)).matches("NAME +ROLE +SYSTEM +CREATED");
        assertThat(table).anyMatch(l -> l.matches("admin +admin +true +\\S+")).anyMatch(l -> l.matches("alice +viewer +false +\\S+"));

        assertThat(logdump("users", "modify", "alice", "--role", "operator").value("role")).isEqualTo("operator");
        String newPassword = "alice-has-a-new-one";
        Run password = withStdin(newPassword + "\n", () -> logdump("users", "modify", "alice", "--password"));
        assertThat(password.status()).as(password.toString()).isZero();
        assertThat(api.asUser("alice", newPassword).get("/api/v1/me").status()).isEqualTo(200);
        assertThat(logdump("users", "modify", "alice").status()).as("nothing to change").isEqualTo(2);
        Run tooShort = withStdin("short\n", () -> logdump("users", "create", "bob", "--role", "viewer"));
        assertThat(tooShort.status()).isEqualTo(1);
        assertThat(tooShort.ownErr()).isEqualTo("logdump: password: must have at least 12 characters\n");
        assertThat(logdump("users", "create", "bob").status()).as("--role is required").isEqualTo(2);

        Run deleted = logdump("users", "delete", "alice");
        assertThat(deleted.status()).as(deleted.toString()).isZero();
        assertThat(deleted.out()).isEmpty();
        assertThat(logdump("users", "list").out()).doesNotContain("alice");
        assertThat(logdump("users", "delete", "alice").ownErr()).isEqualTo("logdump: user 'alice' does not exist\n");
    }

    @Test
    void tokensAreCreatedShownOnceListedWithoutTheirSecretAndRevoked() throws Exception {
        assertThat(login("admin", TestServer.ADMIN_PASSWORD).status()).isZero();
        String loginToken = storedToken();

        Run created = withStdin(TestServer.ADMIN_PASSWORD + "\n", () -> logdump("tokens", "create", "shipper on web-1",
                "--role", "ingest", "--subject", "shop/app", "--subject", "shop/web", "--expires", "2027-01-31T00:00:00Z"));

        assertThat(created.status()).as(created.toString()).isZero();
        String token = created.value("token");
        assertThat(token).startsWith("ldt_");
        assertThat(created.value("subjects")).isEqualTo("shop/app, shop/web");
        assertThat(created.value("expiresAt")).isEqualTo("2027-01-31T00:00:00Z");
        assertThat(created.ownErr()).startsWith("This is the only time the token is shown");
        JsonNode me = api.withToken(token).get("/api/v1/me").json();
        assertThat(me.get("role").asText()).isEqualTo("ingest");
        assertThat(me.get("subjects")).hasSize(2);

        Run forAccount = withStdin(TestServer.ADMIN_PASSWORD + "\n", () -> logdump("tokens", "create", "nightly report",
                "--role", "viewer", "--for-account", "--json"));
        assertThat(forAccount.status()).as(forAccount.toString()).isZero();
        JsonNode accountToken = JSON.readTree(forAccount.out());
        assertThat(accountToken.get("owner").isNull()).isTrue();

        Run list = logdump("tokens", "list");
        Run json = logdump("tokens", "list", "--json");
        assertThat(list.lines().get(0)).matches("ID +NAME +PREFIX +ROLE +OWNER +SUBJECTS +CREATED +EXPIRES +LAST-USED");
        String id = created.value("id");
        assertThat(list.lines()).anyMatch(l -> l.matches(id + " +shipper on web-1 +" + created.value("prefix")
                + " +ingest +admin +shop/app, shop/web +\\S+ +2027-01-31T00:00:00Z +\\S+"));
        assertThat(list.lines()).anyMatch(l -> l.startsWith(accountToken.get("id").asText()) && l.contains("(account)"));
        for (String secret : List.of(token, loginToken, accountToken.get("token").asText())) {
            assertThat(list.out() + list.err() + json.out() + json.err()).as("no token is ever listed").doesNotContain(secret);
        }

        Run revoked = logdump("tokens", "revoke", id);
        assertThat(revoked.status()).as(revoked.toString()).isZero();
        assertThat(revoked.out()).isEmpty();
        assertThat(api.withToken(token).get("/api/v1/me").status()).isEqualTo(401);
        assertThat(logdump("tokens", "list").out()).doesNotContain(id);

        Run wrong = withStdin("wrong-password-here\n", () -> logdump("tokens", "create", "x", "--role", "viewer"));
        assertThat(wrong.status()).isEqualTo(1);
        assertThat(wrong.ownErr()).isEqualTo("logdump: wrong user name or password\n");
        Cli.useConfigFolder(home.resolve("nobody"));
        Run noUser = withStdin(TestServer.ADMIN_PASSWORD + "\n", () -> logdump("tokens", "create", "x", "--role", "viewer"));
        assertThat(noUser.status()).as("no --user and no login to take it from").isEqualTo(2);
        assertThat(noUser.err()).contains("give --user NAME");
    }

    @Test
    void accountsAreCreatedWithTheirFirstAdminAndListed() throws Exception {
        assertThat(login("admin", TestServer.ADMIN_PASSWORD).status()).isZero();

        Run created = withStdin(PASSWORD + "\n", () -> logdump("accounts", "create", "acme", "--admin", "acme-admin"));

        assertThat(created.status()).as(created.toString()).isZero();
        assertThat(created.value("name")).isEqualTo("acme");
        List<String> table = logdump("accounts", "list").lines();
        assertThat(table.get(0)).matches("NAME +CREATED");
        assertThat(table).anyMatch(l -> l.startsWith("default ")).anyMatch(l -> l.startsWith("acme "));
        assertThat(JSON.readTree(logdump("accounts", "list", "--json").out()).findValuesAsText("name")).contains("default", "acme");

        Cli.useConfigFolder(home.resolve("acme"));
        Run acme = login("acme-admin", PASSWORD);
        assertThat(acme.status()).as(acme.toString()).isZero();
        assertThat(acme.out()).isEqualTo("signed in to " + url + " as acme-admin (account acme, role admin)\n");
        Run refused = logdump("accounts", "list");
        assertThat(refused.status()).as("not a system admin").isEqualTo(1);
        assertThat(refused.ownErr()).isEqualTo("logdump: only a system admin manages accounts\n");
    }

    // --- helpers

    /** {@code logdump login --user NAME} with the password piped in. */
    private static Run login(String user, String password) {
        return withStdin(password + "\n", () -> logdump("login", "--user", user));
    }

    /** Runs {@code logdump ARGS --server <test server>}. */
    private static Run logdump(String... args) {
        return run(Stream.concat(Arrays.stream(args), Stream.of("--server", url)).toArray(String[]::new));
    }

    private String storedToken() throws Exception {
        return JSON.readTree(config.resolve("credentials.json").toFile()).get(url).get("token").asText();
    }

    private static JsonNode listedToken(String id) {
        for (JsonNode t : api.get("/api/v1/tokens").json()) {
            if (t.get("id").asText().equals(id)) {
                return t;
            }
        }
        throw new AssertionError("no token " + id + " in " + api.get("/api/v1/tokens"));
    }
}
