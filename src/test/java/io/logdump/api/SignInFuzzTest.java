package io.logdump.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.logdump.auth.AccessManagement;
import io.logdump.auth.AuditLog;
import io.logdump.auth.Authenticator;
import io.logdump.auth.Credentials;
import io.logdump.auth.Passwords;
import io.logdump.auth.TooManyAttemptsException;
import io.logdump.auth.UnauthorizedException;
import io.logdump.auth.jdbc.JdbcAccessStore;
import io.logdump.catalog.jdbc.MetadataDatabase;
import io.logdump.core.FileTrees;
import io.logdump.core.JsonFields;
import io.logdump.core.ValidationException;
import io.logdump.testutil.FakeClock;
import io.logdump.testutil.FuzzInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What a client without a session controls, from the fuzzer: the {@code Authorization} header, the
 * session cookie, and the sign-in form, read as the API reads them and given to the real
 * {@link Authenticator} over a metadata database with one user. Each is refused with a 400 (an
 * unreadable form), 422, 401 or 429 — never another exception, never a principal (the fuzzer does
 * not know the password nor any token), and never slowly.
 *
 * <p>Each input is the header on its first line ({@code -} for none), the cookie on its second
 * ({@code -} for none), then the sign-in form's body.
 */
class SignInFuzzTest {
    private static final FakeClock CLOCK = new FakeClock(Instant.parse("2026-11-26T08:00:00Z"));
    private static final Requests REQUESTS = new Requests(ApiRoutes.objectMapper());
    private static Path dir;
    private static Authenticator authenticator;

    @BeforeAll
    static void open() throws IOException {
        dir = Files.createTempDirectory("logdump-sign-in-fuzz");
        JdbcAccessStore store = new JdbcAccessStore(MetadataDatabase.openEmbedded(dir));
        Passwords passwords = new Passwords();
        AuditLog audit = new AuditLog(store, CLOCK);
        new AccessManagement(store, passwords, audit, CLOCK, user -> {}).bootstrap("the-only-right-password");
        authenticator = new Authenticator(store, passwords, audit, Authenticator.SessionLimits.DEFAULT, CLOCK);
    }

    @AfterAll
    static void close() throws IOException {
        FileTrees.deleteRecursively(dir);
    }

    @FuzzTest(maxDuration = "3m")
    void credentialsAndSignIn(byte[] data) {
        long start = System.nanoTime();
        CLOCK.advance(Duration.ofHours(1)); // the throttle forgets, so that every run reaches the password check
        FuzzInput in = new FuzzInput(data);
        String header = in.line();
        String cookie = in.line();
        try {
            authenticator.authenticate(Credentials.of(header.equals("-") ? null : header, cookie.equals("-") ? null : cookie), "192.0.2.1");
            throw new AssertionError("credentials the fuzzer made up were taken: " + header);
        } catch (UnauthorizedException e) {
            assertThat(e.getMessage()).isNotBlank();
        } catch (TooManyAttemptsException e) {
            assertThat(e.retryAfter()).isPositive();
        }
        try {
            JsonFields form = REQUESTS.body(in.restText());
            String name = form.string("name");
            String password = form.string("password");
            form.rejectUnknown();
            if (!form.errors().isEmpty() || name == null || password == null) {
                return;
            }
            authenticator.signIn(name, password, "192.0.2.2");
            assertThat(password).as("only the right password signs in").isEqualTo("the-only-right-password");
        } catch (RequestException e) {
            assertThat(e.status()).isEqualTo(400);
        } catch (UnauthorizedException | TooManyAttemptsException | ValidationException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
        FuzzInput.assertQuick(start, "a sign-in");
    }
}
