package io.logdump.testutil;

import io.logdump.app.Config;
import io.logdump.app.ConfigLoader;
import io.logdump.app.LogdumpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** A real Logdump server on a random loopback port, with its own data folder and a fake clock. */
public final class TestServer implements AutoCloseable {
    public final FakeClock clock = new FakeClock(Instant.parse("2026-11-26T08:00:00Z"));
    public final Path dataDir;
    public final LogdumpServer server;
    public final Api api;

    /** The password of user {@code admin}, a system admin of account {@code default}. */
    public static final String ADMIN_PASSWORD = "admin-password-for-tests";

    /** The value of the admin's HTTP Basic {@code Authorization} header. */
    public static final String ADMIN_BASIC = "Basic "
            + java.util.Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));

    /** The admin's HTTP Basic header as a line of a raw HTTP/1.1 request (ending in CRLF). */
    public static final String AUTHORIZATION_LINE = "Authorization: " + ADMIN_BASIC + "\r\n";

    private TestServer(Path dataDir, Config config) {
        this.dataDir = dataDir;
        this.server = LogdumpServer.start(config.withAuth(config.auth().withInitialAdminPassword(ADMIN_PASSWORD)), clock);
        this.api = new Api(server.url()).asUser("admin", ADMIN_PASSWORD);
    }

    /** The embedded defaults in {@code dataDir}. */
    public static TestServer start(Path dataDir) throws Exception {
        return new TestServer(dataDir, new ConfigLoader().load(null, 0, dataDir));
    }

    /** A configuration file (YAML text) with {@code dataDir} and port 0 forced. */
    public static TestServer start(Path dataDir, String yaml) throws Exception {
        Path file = Files.writeString(dataDir.resolve("logdump.yaml"), yaml);
        return new TestServer(dataDir, new ConfigLoader().load(file, 0, dataDir));
    }

    @Override
    public void close() {
        server.close();
    }
}
