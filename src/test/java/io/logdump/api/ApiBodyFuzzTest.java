package io.logdump.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logdump.catalog.DumpSettings;
import io.logdump.catalog.DumpTask;
import io.logdump.catalog.DumpTasks;
import io.logdump.catalog.LogSet;
import io.logdump.catalog.LogSets;
import io.logdump.catalog.LogSubject;
import io.logdump.catalog.jdbc.MetadataDatabase;
import io.logdump.core.ConflictException;
import io.logdump.core.FileTrees;
import io.logdump.core.JsonFields;
import io.logdump.core.NotFoundException;
import io.logdump.core.Strftime;
import io.logdump.core.ValidationException;
import io.logdump.dump.DumpWorker;
import io.logdump.objectstore.ObjectKeys;
import io.logdump.testutil.FakeClock;
import io.logdump.testutil.FuzzInput;
import io.logdump.testutil.TestCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * JSON request bodies from the fuzzer, read as the API reads them ({@link Requests} with the
 * strict mapper of {@link ApiRoutes#objectMapper()}) and given to the service behind each endpoint
 * over a real catalog in SQLite: a body is refused as a user error (400 for unreadable JSON, 422,
 * 409 or 404) or taken, and what is taken is stored as it was given and can be written as JSON;
 * never another exception (a 500).
 *
 * <p>Each input is an endpoint on its first line: {@code logset} (POST /logsets), {@code subject}
 * (POST .../subjects), {@code collection} (PUT .../collection), {@code task} (POST /dump-tasks),
 * {@code modify} (PATCH /dump-tasks/{id}) or {@code key-example} (POST /dump-tasks/key-example);
 * then the body.
 */
class ApiBodyFuzzTest {
    private static final String ACCOUNT = TestCatalog.ACCOUNT;
    private static final FakeClock CLOCK = new FakeClock(Instant.parse("2026-11-26T08:00:00Z"));
    private static final ObjectMapper JSON = ApiRoutes.objectMapper();
    private static final Requests REQUESTS = new Requests(JSON);

    private static Path dir;
    private static LogSets logSets;
    private static DumpTasks tasks;
    private static String taskId;

    @BeforeAll
    static void open() throws IOException {
        dir = Files.createTempDirectory("logdump-api-fuzz");
        TestCatalog catalog = TestCatalog.open(MetadataDatabase.openEmbedded(dir), CLOCK, "logs", "archive").rawSubject("shop", "app");
        logSets = catalog.logSets();
        tasks = catalog.tasks();
        taskId = tasks.create(TestCatalog.ACTOR, TestCatalog.body("{'name':'t','logset':'shop','subject':'app','bucket':'logs'}")).id();
    }

    @AfterAll
    static void close() throws IOException {
        FileTrees.deleteRecursively(dir);
    }

    @FuzzTest(maxDuration = "3m")
    void requestBody(byte[] data) throws Exception {
        long start = System.nanoTime();
        FuzzInput in = new FuzzInput(data);
        String endpoint = in.line().trim();
        JsonFields body;
        try {
            body = REQUESTS.body(in.restText());
        } catch (RequestException e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        try {
            Object answer = call(endpoint, body);
            JSON.writeValueAsString(answer); // as the controller answers
        } catch (ValidationException e) {
            assertThat(e.errors()).as("a 422 names the fields that break a rule").isNotEmpty();
        } catch (ConflictException | NotFoundException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
        FuzzInput.assertQuick(start, "the request");
    }

    private static Object call(String endpoint, JsonFields body) {
        switch (endpoint) {
            case "logset" -> {
                LogSet created = logSets.create(ACCOUNT, body);
                assertThat(logSets.get(ACCOUNT, created.name())).as("the log set as stored").isEqualTo(created);
                return created;
            }
            case "subject" -> {
                LogSubject created = logSets.createSubject(ACCOUNT, "shop", body);
                assertThat(logSets.subject(ACCOUNT, "shop", created.name())).as("the subject as stored").isEqualTo(created);
                return created;
            }
            case "collection" -> {
                Object config = logSets.putCollection(ACCOUNT, "shop", "app", body);
                assertThat(logSets.collection(ACCOUNT, "shop", "app")).as("the configuration as stored").isEqualTo(config);
                return config;
            }
            case "task" -> {
                DumpTask created = tasks.create(TestCatalog.ACTOR, body);
                assertThat(tasks.get(ACCOUNT, created.id())).as("the task as stored").isEqualTo(created);
                checkKeys(created.settings());
                return created;
            }
            case "modify" -> {
                DumpTask modified = tasks.modify(TestCatalog.ACTOR, taskId, body);
                assertThat(tasks.get(ACCOUNT, taskId)).as("the task as stored").isEqualTo(modified);
                checkKeys(modified.settings());
                return modified;
            }
            default -> {
                DumpSettings settings = tasks.checkSettings(body, "shop", "app");
                Instant now = CLOCK.instant();
                String partition = Strftime.compile(settings.partitionFormat()).format(now, ZoneId.of(settings.timeZone()));
                String key = DumpWorker.exampleKey(settings, "{taskId}", 1, now);
                return new Views.KeyExample(now, settings.prefix(), partition, key);
            }
        }
    }

    /** The settings a task was saved with give object keys that every object store takes, at both ends of the log time range. */
    private static void checkKeys(DumpSettings settings) {
        for (Instant time : new Instant[] {Instant.EPOCH, CLOCK.instant(), Instant.parse("9999-12-31T23:59:59.999Z")}) {
            ObjectKeys.check(DumpWorker.exampleKey(settings, "dt-00000000", Long.MAX_VALUE, time));
        }
    }
}
