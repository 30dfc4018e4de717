package io.logdump.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.logdump.app.Main;
import io.logdump.testutil.TestServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs {@code logdump} commands as the shell would ({@link Main#run}), capturing stdout and stderr,
 * and signs them in as a test server's admin the way a user would: {@code logdump login} with the
 * password on standard input, its token kept in a credentials file in a test's folder (named by the
 * system property {@value CredentialsFile#FOLDER_PROPERTY}, as environment variables cannot be set
 * in-process).
 */
final class Cli {
    private static final Pattern SERVER_LOG = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\S+ (TRACE|DEBUG|INFO|WARN|ERROR) ");

    private Cli() {}

    /** What a run printed and returned. */
    record Run(int status, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }

        /** The value of a {@code key: value} line. */
        String value(String key) {
            return lines().stream().filter(l -> l.startsWith(key + ": ")).map(l -> l.substring(key.length() + 2))
                    .findFirst().orElseThrow(() -> new AssertionError("no '" + key + "' in:\n" + out));
        }

        /** stderr less the server's log lines (a test server runs in this JVM and logs to the same stderr). */
        String ownErr() {
            return err.lines().filter(l -> !SERVER_LOG.matcher(l).lookingAt()).map(l -> l + "\n").collect(Collectors.joining());
        }

        @Override
        public String toString() {
            return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /**
     * Makes the commands of this JVM keep and find their credentials in {@code folder} (created by
     * the first login) until {@link #forgetConfigFolder}.
     */
    static void useConfigFolder(Path folder) {
        System.setProperty(CredentialsFile.FOLDER_PROPERTY, folder.toString());
    }

    static void forgetConfigFolder() {
        System.clearProperty(CredentialsFile.FOLDER_PROPERTY);
    }

    /**
     * Signs the commands in to {@code server} as its admin: {@code logdump login --user admin} with
     * the password piped in, the token stored in {@code folder}, which the commands use from now on.
     */
    static void login(TestServer server, Path folder) {
        useConfigFolder(folder);
        Run login = withStdin(TestServer.ADMIN_PASSWORD + "\n", () -> run("login", "--user", "admin", "--server", server.server.url()));
        assertThat(login.status()).as(login.toString()).isZero();
    }

    /** Runs {@code logdump ARGS}. */
    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = capturing(out, err, () -> Main.run(args));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Runs {@code command} with stdout and stderr going to {@code out} and {@code err}, which
     * another thread may read while it runs.
     */
    static int capturing(ByteArrayOutputStream out, ByteArrayOutputStream err, Callable<Integer> command) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            return command.call();
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    /** Runs {@code command} with {@code bytes} on standard input. */
    static Run withStdin(byte[] bytes, Supplier<Run> command) {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream(bytes));
            return command.get();
        } finally {
            System.setIn(stdin);
        }
    }

    static Run withStdin(String text, Supplier<Run> command) {
        return withStdin(text.getBytes(StandardCharsets.UTF_8), command);
    }
}
