package io.logdump.api;

import static io.logdump.testutil.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logdump.testutil.Api;
import io.logdump.testutil.Api.Response;
import io.logdump.testutil.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sign-in end to end: sessions and CSRF, throttling, tokens, users, the audit log, and what the database keeps. */
class SignInApiTest {
    private static final String PASSWORD = "a-long-password-1";

    @TempDir
    Path dir;
    TestServer server;
    Api admin;
    Api anonymous;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir, "auth: {sessionIdleMinutes: 30, sessionMaxHours: 12}\n");
        admin = server.api;
        anonymous = admin.anonymous();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A console session: the cookie header to send and the CSRF token. */
    record Session(String cookie, String csrf) {}

    private Session signIn(String name, String password) {
        Response r = anonymous.post("/api/v1/session", j("{'name':'" + name + "','password':'" + password + "'}"));
        assertThat(r.status()).as(r.toString()).isEqualTo(204);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return new Session(setCookie.substring(0, setCookie.indexOf(';')), r.headers().firstValue("X-CSRF-Token").orElseThrow());
    }

    private Response withSession(Session s, String method, String path, String body, boolean csrf) {
        List<String> headers = new ArrayList<>(List.of("Cookie", s.cookie(), "Content-Type", "application/json"));
        if (csrf) {
            headers.addAll(List.of("X-CSRF-Token", s.csrf()));
        }
        return anonymous.send(method, path, body == null ? new byte[0] : j(body).getBytes(StandardCharsets.UTF_8), headers.toArray(String[]::new));
    }

    @Test
    void aSessionCookieIsHttpOnlyStrictAndItsChangesNeedTheCsrfHeader() {
        Response r = anonymous.post("/api/v1/session", j("{'name':'admin','password':'" + TestServer.ADMIN_PASSWORD + "'}"));
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c)
                .startsWith("logdump_session=").contains("; HttpOnly", "; SameSite=Strict", "; Path=/").doesNotContain("Secure"));
        Session s = signIn("admin", TestServer.ADMIN_PASSWORD);

        Response me = withSession(s, "GET", "/api/v1/me", null, false);
        assertThat(me.json().get("name").asText()).isEqualTo("admin");
        assertThat(me.json().get("account").asText()).isEqualTo("default");
        assertThat(me.json().get("role").asText()).isEqualTo("admin");
        assertThat(me.json().get("csrfToken").asText()).as("a reloaded page recovers it").isEqualTo(s.csrf());

        Response forged = withSession(s, "POST", "/api/v1/logsets", "{'name':'web','region':'local'}", false);
        assertThat(forged.status()).as("a change with the cookie alone, as a cross-site form would send").isEqualTo(403);
        assertThat(forged.detail()).contains("X-CSRF-Token");
        Response wrong = anonymous.send("POST", "/api/v1/logsets", j("{'name':'web','region':'local'}").getBytes(StandardCharsets.UTF_8),
                "Cookie", s.cookie(), "Content-Type", "application/json", "X-CSRF-Token", "0".repeat(64));
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(withSession(s, "POST", "/api/v1/logsets", "{'name':'web','region':'local'}", true).status()).isEqualTo(201);

        assertThat(withSession(s, "DELETE", "/api/v1/session", null, true).status()).isEqualTo(204);
        assertThat(withSession(s, "GET", "/api/v1/logsets", null, false).status()).as("the cookie after sign-out").isEqualTo(401);
    }

    @Test
    void aHostileSignInIsRefusedCheaplyWhileANormalOneIsServed() {
        Response broken = anonymous.post("/api/v1/session", "{\"name\":");
        assertThat(broken.status()).as("10 bytes of broken JSON").isEqualTo(400);
        Response wrongTypes = anonymous.post("/api/v1/session", j("{'name':1,'password':['x']}"));
        assertThat(wrongTypes.status()).isEqualTo(422);
        assertThat(wrongTypes.errorFields()).contains("name", "password");
        Response huge = anonymous.post("/api/v1/session", "{\"name\":\"admin\",\"password\":\"" + "x".repeat(2 << 20) + "\"}");
        assertThat(huge.status()).as("a 2 MiB body").isEqualTo(413);

        long start = System.nanoTime();
        Response longPassword = anonymous.post("/api/v1/session", j("{'name':'nobody','password':'" + "y".repeat(500_000) + "'}"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(longPassword.status()).isEqualTo(401);
        assertThat(millis).as("a password longer than any allowed is refused without being hashed").isLessThan(2000);
        signIn("admin", TestServer.ADMIN_PASSWORD);
    }

    @Test
    void aSessionEndsWhenIdleAndAtItsAbsoluteLimit() {
        Session idle = signIn("admin", TestServer.ADMIN_PASSWORD);
        server.clock.advance(Duration.ofMinutes(29));
        assertThat(withSession(idle, "GET", "/api/v1/me", null, false).status()).isEqualTo(200);
        server.clock.advance(Duration.ofMinutes(29));
        assertThat(withSession(idle, "GET", "/api/v1/me", null, false).status()).as("used 29 minutes ago: still alive").isEqualTo(200);
        server.clock.advance(Duration.ofMinutes(31));
        Response ended = withSession(idle, "GET", "/api/v1/me", null, false);
        assertThat(ended.status()).as("idle 31 minutes").isEqualTo(401);
        assertThat(ended.detail()).contains("session has ended");

        Session busy = signIn("admin", TestServer.ADMIN_PASSWORD);
        for (int i = 0; i < 35; i++) { // 11 h 40 min of requests every 20 minutes
            server.clock.advance(Duration.ofMinutes(20));
            assertThat(withSession(busy, "GET", "/api/v1/me", null, false).status()).isEqualTo(200);
        }
        server.clock.advance(Duration.ofMinutes(21));
        assertThat(withSession(busy, "GET", "/api/v1/me", null, false).status()).as("12 hours after sign-in").isEqualTo(401);
    }

    @Test
    void failedSignInsAreSlowedDownPerUserAndPerAddressWithRetryAfter() {
        for (int i = 0; i < 5; i++) {
            Response r = anonymous.post("/api/v1/session", j("{'name':'admin','password':'wrong-password-" + i + "'}"));
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.detail()).isEqualTo("wrong user name or password");
        }
        Response sixth = anonymous.post("/api/v1/session", j("{'name':'admin','password':'wrong-password-x'}"));
        assertThat(sixth.status()).as("the sixth failure closes the name").isEqualTo(401);
        Response closed = anonymous.post("/api/v1/session", j("{'name':'admin','password':'" + TestServer.ADMIN_PASSWORD + "'}"));
        assertThat(closed.status()).as("even the right password, while closed").isEqualTo(429);
        assertThat(closed.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(closed.detail()).contains("try again in 1 s");
        Response basic = admin.get("/api/v1/logsets");
        assertThat(basic.status()).as("HTTP Basic is throttled like the sign-in form").isEqualTo(429);

        server.clock.advance(Duration.ofSeconds(2));
        assertThat(anonymous.post("/api/v1/session", j("{'name':'admin','password':'wrong-again-1'}")).status()).isEqualTo(401);
        Response longer = anonymous.post("/api/v1/session", j("{'name':'admin','password':'" + TestServer.ADMIN_PASSWORD + "'}"));
        assertThat(longer.headers().firstValue("Retry-After")).as("each further failure doubles the wait").hasValue("2");
        server.clock.advance(Duration.ofSeconds(3));
        signIn("admin", TestServer.ADMIN_PASSWORD);

        Response guesses = null;
        for (int i = 0; i < 7; i++) { // one address trying many names
            guesses = anonymous.post("/api/v1/session", j("{'name':'nobody" + i + "','password':'wrong-password'}"));
        }
        assertThat(guesses.status()).as("the address is closed after its failures, whatever the names").isEqualTo(429);
        List<String> actions = new ArrayList<>();
        admin.withToken(adminToken()).get("/api/v1/audit?limit=1000").json().get("entries").forEach(e -> actions.add(e.get("action").asText()));
        assertThat(actions).contains("sign-in-failed", "sign-in");
    }

    private String adminToken() {
        server.clock.advance(Duration.ofMinutes(20)); // the address's closing ends
        Response t = admin.post("/api/v1/tokens", j("{'name':'audit reader','role':'admin'}"));
        assertThat(t.status()).as(t.toString()).isEqualTo(201);
        return t.json().get("token").asText();
    }

    @Test
    void aTokenIsShownOnceWorksAsBearerOrBasicPasswordAndStopsAtRevocationOrExpiry() {
        Response created = admin.post("/api/v1/tokens", j("{'name':'ci','role':'operator','expiresAt':'2026-11-27T08:00:00Z'}"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");
        String token = created.json().get("token").asText();
        String prefix = created.json().get("prefix").asText();
        assertThat(token).startsWith("ldt_").startsWith(prefix).hasSizeGreaterThan(40);

        JsonNode listed = admin.get("/api/v1/tokens").json().get(0);
        assertThat(listed.get("prefix").asText()).isEqualTo(prefix);
        assertThat(listed.has("token")).as("the secret is never listed").isFalse();
        assertThat(listed.get("lastUsedAt").isNull()).isTrue();

        assertThat(anonymous.withToken(token).get("/api/v1/logsets").status()).isEqualTo(200);
        assertThat(anonymous.asUser("any-name", token).get("/api/v1/logsets").status()).as("a token as the Basic password").isEqualTo(200);
        assertThat(admin.get("/api/v1/tokens").json().get(0).get("lastUsedAt").asText()).isEqualTo("2026-11-26T08:00:00Z");
        assertThat(anonymous.withToken(token).post("/api/v1/tokens", j("{'name':'t2','role':'viewer'}")).status())
                .as("a token cannot make tokens").isEqualTo(403);

        server.clock.advance(Duration.ofDays(1));
        assertThat(anonymous.withToken(token).get("/api/v1/logsets").status()).as("after expiresAt").isEqualTo(401);

        String second = admin.post("/api/v1/tokens", j("{'name':'ci2','role':'viewer'}")).json().get("token").asText();
        String id = admin.get("/api/v1/tokens").json().get(1).get("id").asText();
        assertThat(anonymous.withToken(second).get("/api/v1/logsets").status()).isEqualTo(200);
        assertThat(admin.delete("/api/v1/tokens/" + id).status()).isEqualTo(204);
        assertThat(anonymous.withToken(second).get("/api/v1/logsets").status()).as("revoked: the very next request").isEqualTo(401);
    }

    @Test
    void aTokenNeverDoesMoreThanItsUser() {
        created(admin.post("/api/v1/users", j("{'name':'olga','password':'" + PASSWORD + "','role':'operator'}")));
        Api olga = anonymous.asUser("olga", PASSWORD);
        Response tooStrong = olga.post("/api/v1/tokens", j("{'name':'x','role':'admin'}"));
        assertThat(tooStrong.status()).isEqualTo(422);
        assertThat(tooStrong.errorFields()).containsExactly("role");
        String token = created(olga.post("/api/v1/tokens", j("{'name':'ops','role':'operator'}"))).json().get("token").asText();
        assertThat(anonymous.withToken(token).post("/api/v1/logsets", j("{'name':'w','region':'local'}")).status()).isEqualTo(201);

        assertThat(admin.patch("/api/v1/users/olga", j("{'role':'viewer'}")).status()).isEqualTo(200);
        assertThat(anonymous.withToken(token).post("/api/v1/logsets", j("{'name':'w2','region':'local'}")).status())
                .as("its user is a viewer now").isEqualTo(403);
        assertThat(anonymous.withToken(token).get("/api/v1/logsets").status()).isEqualTo(200);

        assertThat(admin.delete("/api/v1/users/olga").status()).isEqualTo(204);
        assertThat(anonymous.withToken(token).get("/api/v1/logsets").status()).as("its user is gone").isEqualTo(401);
    }

    @Test
    void passwordsFollowTheRulesAndAChangeEndsSessionsAndTheOldPassword() {
        Response shortOne = admin.post("/api/v1/users", j("{'name':'pat','password':'short','role':'viewer'}"));
        assertThat(shortOne.status()).isEqualTo(422);
        assertThat(shortOne.toString()).contains("at least 12 characters").doesNotContain("short\"");
        created(admin.post("/api/v1/users", j("{'name':'pat','password':'" + PASSWORD + "','role':'viewer'}")));
        Session s = signIn("pat", PASSWORD);
        Api pat = anonymous.asUser("pat", PASSWORD);
        assertThat(pat.patch("/api/v1/users/admin", j("{'password':'another-long-password'}")).status())
                .as("a viewer changes only their own password").isEqualTo(403);
        assertThat(pat.patch("/api/v1/users/pat", j("{'role':'admin'}")).status()).as("nor their role").isEqualTo(403);
        assertThat(pat.patch("/api/v1/users/pat", j("{'password':'another-long-password'}")).status()).isEqualTo(200);
        assertThat(pat.get("/api/v1/logsets").status()).as("the old password").isEqualTo(401);
        assertThat(anonymous.asUser("pat", "another-long-password").get("/api/v1/logsets").status()).isEqualTo(200);
        assertThat(withSession(s, "GET", "/api/v1/me", null, false).status()).as("sessions end with a password change").isEqualTo(401);

        assertThat(admin.delete("/api/v1/users/admin").status()).as("the last admin stays").isEqualTo(409);
        assertThat(admin.patch("/api/v1/users/admin", j("{'role':'viewer'}")).status()).isEqualTo(409);
        assertThat(admin.post("/api/v1/users", j("{'name':'pat','password':'" + PASSWORD + "','role':'viewer'}")).status())
                .as("user names are unique on the server").isEqualTo(409);
    }

    @Test
    void theAuditLogRecordsWhoDidWhatPageByPageAndOnlyForItsAccount() {
        created(admin.post("/api/v1/accounts", j("{'name':'acme','admin':{'name':'acme-admin','password':'" + PASSWORD + "'}}")));
        Api acme = anonymous.asUser("acme-admin", PASSWORD);
        created(acme.post("/api/v1/users", j("{'name':'ann','password':'" + PASSWORD + "','role':'viewer'}")));
        String tokenId = created(acme.post("/api/v1/tokens", j("{'name':'shipper','role':'ingest','subjects':['web/access']}"))).json()
                .get("id").asText();
        assertThat(acme.delete("/api/v1/tokens/" + tokenId).status()).isEqualTo(204);
        anonymous.post("/api/v1/session", j("{'name':'ann','password':'not-her-password'}"));
        signIn("ann", PASSWORD);

        JsonNode page = acme.get("/api/v1/audit?limit=3").json();
        List<String> actions = new ArrayList<>();
        page.get("entries").forEach(e -> actions.add(e.get("action").asText() + " " + e.get("actor").asText() + " " + e.get("target").asText()));
        assertThat(actions).containsExactly("sign-in ann null", "sign-in-failed ann null", "token-revoked acme-admin shipper ("
                + page.get("entries").get(2).get("target").asText().substring("shipper (".length()));
        assertThat(page.get("entries").get(0).get("client").asText()).isEqualTo("127.0.0.1");
        JsonNode rest = acme.get("/api/v1/audit?limit=100&cursor=" + page.get("nextCursor").asText()).json();
        List<String> older = new ArrayList<>();
        rest.get("entries").forEach(e -> older.add(e.get("action").asText()));
        assertThat(older).containsExactly("token-created", "user-created", "user-created");
        assertThat(rest.get("nextCursor").isNull()).isTrue();

        JsonNode defaults = admin.get("/api/v1/audit?limit=100").json();
        defaults.get("entries").forEach(e -> assertThat(e.get("account").isNull() || e.get("account").asText().equals("default")).isTrue());
        assertThat(admin.get("/api/v1/audit?cursor=" + page.get("nextCursor").asText()).json().get("entries"))
                .as("another account's cursor gives nothing").isEmpty();
    }

    @Test
    void theDatabaseHoldsNoPasswordTokenOrSessionInClear() throws Exception {
        created(admin.post("/api/v1/users", j("{'name':'sam','password':'" + PASSWORD + "','role':'operator'}")));
        String token = created(admin.post("/api/v1/tokens", j("{'name':'ci','role':'viewer'}"))).json().get("token").asText();
        Session session = signIn("sam", PASSWORD);
        String cookie = session.cookie().substring(session.cookie().indexOf('=') + 1);
        Set<String> secrets = Set.of(PASSWORD, TestServer.ADMIN_PASSWORD, token, token.substring(12), cookie, session.csrf());
        List<String> found = new ArrayList<>();
        int cells = 0;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("metadata.db"));
             Statement st = c.createStatement();
             ResultSet tables = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            List<String> names = new ArrayList<>();
            while (tables.next()) {
                names.add(tables.getString(1));
            }
            for (String table : names) {
                try (Statement q = c.createStatement(); ResultSet rows = q.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        for (int i = 1; i <= columns; i++) {
                            String value = rows.getString(i);
                            cells++;
                            for (String secret : secrets) {
                                if (value != null && value.contains(secret)) {
                                    found.add(table + "." + rows.getMetaData().getColumnName(i));
                                }
                            }
                        }
                    }
                }
            }
        }
        assertThat(cells).as("the scan read the users, tokens and sessions").isGreaterThan(30);
        assertThat(found).isEmpty();
    }

    @Test
    void aFreshDataFolderGetsARandomFirstPasswordInAnOwnerOnlyFileUntilItIsChanged(@TempDir Path fresh) throws Exception {
        try (var s = io.logdump.app.LogdumpServer.start(new io.logdump.app.ConfigLoader().load(null, 0, fresh), server.clock)) {
            Path file = fresh.resolve("initial-admin-password");
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            String password = Files.readString(file).strip();
            assertThat(password).hasSizeGreaterThanOrEqualTo(20);
            Api first = new Api(s.url()).asUser("admin", password);
            JsonNode me = first.get("/api/v1/me").json();
            assertThat(me.get("system").asBoolean()).isTrue();
            assertThat(first.patch("/api/v1/users/admin", j("{'password':'" + PASSWORD + "'}")).status()).isEqualTo(200);
            assertThat(file).as("deleted once the password is changed").doesNotExist();
        }
        try (var s = io.logdump.app.LogdumpServer.start(new io.logdump.app.ConfigLoader().load(null, 0, fresh), server.clock)) {
            assertThat(fresh.resolve("initial-admin-password")).as("a second start makes no new admin").doesNotExist();
            assertThat(new Api(s.url()).asUser("admin", PASSWORD).get("/api/v1/me").status()).isEqualTo(200);
        }
        assertThat(dir.resolve("initial-admin-password")).as("LOGDUMP_ADMIN_PASSWORD given: no file").doesNotExist();
    }

    private static Response created(Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r;
    }
}
