package io.logdump.console;

import static io.logdump.testutil.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logdump.testutil.Api;
import io.logdump.testutil.Browser;
import io.logdump.testutil.S3ProxyServer;
import io.logdump.testutil.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The web console in a real browser (headless Chromium) against a real server with a real dump
 * engine, a local region and an S3 region on S3Proxy, and a fake clock. The tests run in order,
 * as a user would: the second uses the log set the first created through the console.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {
    @TempDir
    static Path dir;
    static S3ProxyServer s3;
    static TestServer server;
    static Api api;
    static Browser browser;
    static final String VIEWER_PASSWORD = "viewer-password-for-tests";

    @BeforeAll
    static void start() throws Exception {
        s3 = new S3ProxyServer();
        Path data = Files.createDirectories(dir.resolve("data"));
        server = TestServer.start(data, "dump:\n  uploads: {attempts: 2, firstDelayMs: 100, maxDelayMs: 200}\nregions:\n  - name: local\n    objectStore: {type: local}\n" + s3.regionYaml("cn-north-1"));
        api = server.api;
        browser = new Browser(server.server.url(), Files.createDirectories(dir.resolve("profile")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        server.close();
        s3.close();
    }

    @Test
    @Order(1)
    void aWrongPasswordShowsTheErrorAndStaysOnSignIn() throws Exception {
        browser.open("#/logsets");
        browser.text("#signin h1", "Sign in");
        assertThat(browser.all("#signin-notice")).as("no session yet: nothing has ended").isEmpty();
        assertThat(browser.driver.findElement(By.cssSelector("nav.menu")).isDisplayed()).as("no menu").isFalse();
        assertThat(browser.driver.switchTo().activeElement().getAttribute("id")).as("the focus on the user name").isEqualTo("signin-name");
        browser.screenshot("console-sign-in");

        browser.type("#signin-name", "admin");
        browser.type("#signin-password", "not-the-password");
        browser.click("#signin-submit");
        browser.text("#signin-error", "Wrong user name or password.");
        assertThat(browser.find("#signin-password").getAttribute("value")).as("the wrong password is cleared").isEmpty();
        assertThat(browser.driver.switchTo().activeElement().getAttribute("id")).isEqualTo("signin-password");
        assertThat(browser.driver.getCurrentUrl()).endsWith("#/logsets");
        assertThat(browser.all("main#main")).allSatisfy(m -> assertThat(m.isDisplayed()).as("no page behind the sign-in").isFalse());
        assertThat(browser.driver.manage().getCookieNamed("logdump_session")).as("no session").isNull();
        browser.screenshot("console-sign-in-wrong-password");
    }

    @Test
    @Order(2)
    void signingInShowsTheUserAccountAndRoleThenThePageAskedFor() throws Exception {
        browser.signIn("admin", TestServer.ADMIN_PASSWORD);
        browser.text("main h1", "Log Sets");
        assertThat(browser.find("#user-name").getText()).isEqualTo("admin");
        assertThat(browser.find("#user-account").getText()).isEqualTo("default");
        assertThat(browser.find("#user-role").getText()).isEqualTo("admin");
        browser.text(".topbar", "Signed in as admin · account default · role admin");
        browser.find("#sign-out");
        assertThat(browser.find("a[data-menu=users]").getText()).isEqualTo("Users and tokens");
        assertThat(browser.find("a[data-menu=audit]").getText()).isEqualTo("Audit log");
        assertThat(browser.find("a[data-menu=logsets]").getAttribute("aria-current")).isEqualTo("page");
        org.openqa.selenium.Cookie cookie = browser.driver.manage().getCookieNamed("logdump_session");
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        assertThat(cookie.getPath()).isEqualTo("/");
        assertThat((Object) js("return Object.keys(localStorage).length + Object.keys(sessionStorage).length;"))
                .as("nothing of the session kept in storage").isEqualTo(0L);

        // a reload keeps the session: the cookie, and the CSRF token recovered from GET /api/v1/me
        browser.open("#/logsets");
        browser.text("main h1", "Log Sets");
        assertThat(browser.all("#signin-form")).isEmpty();
    }

    @Test
    @Order(3)
    void createsALogSetASubjectAndItsCollectionConfigurationWithALivePreview() throws Exception {
        browser.open("#/logsets");
        browser.text("main", "No log set yet");
        browser.type("#create-logset [name=name]", "shop");
        browser.type("#create-logset [name=description]", "the shop's services");
        browser.click("#create-logset button[type=submit]");
        browser.text("section[data-logset=shop] h2", "region local");

        browser.type("#subject-name-shop", "nginx");
        browser.click("#create-subject-shop button[type=submit]");
        browser.click("tr[data-subject=nginx] a");

        browser.text("main .notice", "no collection configuration yet");
        new org.openqa.selenium.support.ui.Select(browser.find("#f-parser")).selectByValue("regex");
        browser.type("#f-pattern", "(?<time>\\S+) (?<level>\\w+) (?<message>.*)");
        browser.type("#f-timeField", "time");
        browser.type("#f-timeFormat", "iso8601");
        browser.type("#f-lines", "2026-11-26T07:59:00Z INFO started\nnot a log line");
        browser.text("#preview", "level = INFO");
        browser.text("#preview", "message = started");
        browser.text("#preview", "2026-11-26 07:59:00Z");
        browser.text("#preview", "kept raw");
        assertThat(api.get("/api/v1/logsets/shop/subjects/nginx/collection").status())
                .as("the preview stores nothing").isEqualTo(404);
        browser.screenshot("console-collection-configuration");

        browser.click("#collection button[type=submit]");
        browser.text("#collection", "Saved.");
        JsonNode saved = api.get("/api/v1/logsets/shop/subjects/nginx/collection").json();
        assertThat(saved.at("/parser/type").asText()).isEqualTo("regex");
        assertThat(saved.at("/time/field").asText()).isEqualTo("time");
    }

    @Test
    @Order(4)
    void showsTheServersMessagesNextToTheirFieldsThenCreatesTheTaskAndItsBucket() throws Exception {
        browser.open("#/logsets/shop/subjects/nginx");
        browser.click("#open-dump-configuration");
        browser.text("main h1", "Dump Configuration");
        browser.click("#create-task");
        browser.text("#task-form .notice", "Region local has no bucket yet");
        browser.click("#create-oss");
        browser.type("#f-new-bucket", "Shop_Archive");
        browser.click("#create-bucket");
        browser.text("#err-newBucket", "lower-case");
        browser.type("#f-new-bucket", "shop-archive");
        browser.click("#create-bucket");
        browser.waitFor(d -> browser.find("#f-bucket").getAttribute("value").equals("shop-archive"), "the new bucket chosen");
        assertThat(api.get("/api/v1/buckets?region=local").json().findValuesAsText("name")).containsExactly("shop-archive");

        assertThat(browser.find("#f-prefix").getAttribute("placeholder")).isEqualTo("shop/nginx/");
        browser.text("#task-form", "default: shop/nginx/");
        browser.type("#f-partitionFormat", "dt=%Y-%m-%d/hour=%H/");
        browser.text("#key-example", "now → dt=2026-11-26/hour=08/");
        browser.text("#key-example", "key shop/nginx/dt=2026-11-26/hour=08/{taskId}_1.json");
        new org.openqa.selenium.support.ui.Select(browser.find("#f-compression")).selectByValue("gzip");
        browser.text("#key-example", "_1.json.gz");
        browser.type("#f-partitionFormat", "%Y/%Q");
        browser.text("#key-example", "unknown strftime directive %Q");
        browser.type("#f-partitionFormat", "%Y/%m/%d");

        browser.type("#f-name", "a b");
        browser.type("#f-prefix", "/logs");
        browser.click("#save-task");
        browser.text("#err-name", "may only contain Chinese characters, letters, digits, _ and -");
        browser.text("#err-prefix", "must not start with /");
        assertThat(browser.find("#f-name").getAttribute("class")).contains("invalid");
        // each message once, next to its own field; the detail only sums them up, so it is not shown
        assertThat(occurrences("#task-form", "may only contain Chinese characters, letters, digits, _ and -")).isEqualTo(1);
        assertThat(occurrences("#task-form", "must not start with /")).isEqualTo(1);
        assertThat(browser.find("#err-name").getText()).doesNotContain("must not start with /");
        assertThat(browser.driver.findElement(By.cssSelector("#task-form .problem")).getAttribute("textContent")).isEmpty();
        assertThat(browser.find("#task-form").getText()).doesNotContain("fields break a rule").doesNotContain("Exception");
        browser.screenshot("console-create-dump-task-errors");
        assertThat(api.get("/api/v1/dump-tasks").json()).isEmpty();

        browser.type("#f-name", "nginx-archive");
        browser.find("#f-prefix").clear();
        browser.type("#f-intervalSeconds", "60");
        browser.type("#f-startDelaySeconds", "0");
        browser.type("#f-startFrom", "earliest");
        browser.click("#save-task");
        browser.text("tr[data-task=nginx-archive]", "shop-archive/shop/nginx/");
        JsonNode task = api.get("/api/v1/dump-tasks?logset=shop").json().get(0);
        assertThat(task.get("name").asText()).isEqualTo("nginx-archive");
        assertThat(task.get("compression").asText()).isEqualTo("gzip");
        assertThat(task.get("intervalSeconds").asInt()).isEqualTo(60);
        assertThat(task.get("prefix").asText()).isEqualTo("shop/nginx/");
        browser.text("tr[data-task=nginx-archive]", "RUNNING");
        browser.screenshot("console-dump-configuration");
    }

    @Test
    @Order(5)
    void theFilesOfATaskAppearInDumpHistory() throws Exception {
        String id = api.get("/api/v1/dump-tasks?logset=shop").json().get(0).get("id").asText();
        ingest("shop", "nginx", "2026-11-26T07:59:00Z INFO one\n2026-11-26T07:59:01Z WARN two\n2026-11-26T07:59:02Z INFO three\n");
        closeBatch(id);

        browser.open("#/logsets/shop/subjects/nginx/dump");
        browser.click("#view-" + id);
        browser.text("main h1", "Dump History");
        WebElement file = browser.text("#files tr[data-status=SUCCEEDED]", "SUCCEEDED");
        assertThat(file.getText()).contains("shop-archive/shop/nginx/2026/11/26_" + id + "_1.json.gz")
                .contains("nginx-archive").contains("2026-11-26 07:59:00Z").contains("2026-11-26 07:59:02Z");
        assertThat(file.findElements(By.cssSelector("td.num")).get(0).getText()).isEqualTo("3");
        browser.text("#operations", "CREATED");
        browser.screenshot("console-dump-history");
    }

    @Test
    @Order(6)
    void aFailedFileOffersRetryWithTheTimeLeft() throws Exception {
        String id = s3Task("cloud");
        s3.stop();
        ingest("cloud", "app", "first line\nsecond line\n");
        closeBatch(id);
        String fileId = waitForFile(id, "FAILED");
        server.clock.advance(Duration.ofMinutes(10));

        browser.open("#/history?logset=cloud&subject=app&task=" + id);
        browser.text("#files tr[data-file='" + fileId + "']", "FAILED");
        assertThat(browser.find("#files tr[data-file='" + fileId + "'] td.error").getText()).as("the upload's error").isNotBlank();
        assertThat(browser.find("#retry-" + fileId).isEnabled()).as("retry is offered inside the window").isTrue();
        assertThat(browser.find("#retry-note-" + fileId).getText()).matches("(49 min 5\\d|50 min 0) s left");
        browser.screenshot("console-failed-file");
        aLongErrorStaysAFewLinesAt1280Pixels(fileId);

        s3.restart();
        browser.click("#retry-" + fileId);
        browser.text("#files tr[data-file='" + fileId + "']", "SUCCEEDED");
        assertThat(api.get("/api/v1/dump-tasks/" + id + "/files").json().get("items").get(0).get("status").asText()).isEqualTo("SUCCEEDED");
        browser.text("#operations", "RETRIED");
    }

    @Test
    @Order(7)
    void aFailedFileCannotBeRetriedAfterItsHourAndTheConsoleSaysWhy() throws Exception {
        String id = s3Task("cloud2");
        s3.stop();
        ingest("cloud2", "app", "third line\n");
        closeBatch(id);
        String fileId = waitForFile(id, "FAILED");
        s3.restart();
        server.clock.advance(Duration.ofMinutes(61));

        // an hour without a request ends the session (30 minutes idle): sign in again, back to the page asked for
        browser.open("#/history?logset=cloud2&subject=app&task=" + id);
        browser.text("#signin-notice", "Your session has ended; sign in again");
        browser.signIn("admin", TestServer.ADMIN_PASSWORD);
        browser.text("#retry-note-" + fileId, "Retry window expired at 2026-11-26 09:");
        assertThat(browser.find("#retry-" + fileId).isEnabled()).as("no retry after the window").isFalse();
        browser.screenshot("console-retry-expired");
    }

    @Test
    @Order(8)
    void logDumpListsEveryTaskAndStopsOne() throws Exception {
        browser.open("#/log-dump");
        browser.find("tr[data-task=nginx-archive]");
        browser.find("tr[data-task=to-s3]");
        new org.openqa.selenium.support.ui.Select(browser.find("#pick-logset")).selectByValue("shop");
        browser.waitFor(d -> browser.all("tr[data-task=to-s3]").isEmpty(), "the filter to hide the other log set's task");
        assertThat(browser.driver.getCurrentUrl()).endsWith("#/log-dump?logset=shop");
        String id = browser.find("tr[data-task=nginx-archive]").getAttribute("data-task-id");

        browser.click("#stop-" + id);
        browser.text("#confirm-text", "Stop dumping task nginx-archive?");
        browser.click("#confirm-cancel");
        assertThat(api.get("/api/v1/dump-tasks/" + id).json().get("status").asText()).isEqualTo("RUNNING");

        browser.click("#stop-" + id);
        browser.click("#confirm-ok");
        browser.text("tr[data-task=nginx-archive]", "STOPPED");
        browser.find("#start-" + id);
        assertThat(api.get("/api/v1/dump-tasks/" + id).json().get("status").asText()).isEqualTo("STOPPED");
        browser.screenshot("console-log-dump");
    }

    @Test
    @Order(9)
    void modifiesATaskAndDeletesItAfterConfirmation() throws Exception {
        browser.open("#/logsets/shop/subjects/nginx/dump");
        browser.click("#create-task");
        browser.type("#f-name", "nginx-archive");
        browser.click("#save-task");
        String taken = "log subject 'nginx' already has a dump task named 'nginx-archive'";
        browser.text("#err-name", taken);
        assertThat(occurrences("#task-form", taken)).as("a conflict's detail that is its field's message, once").isEqualTo(1);
        assertThat(browser.driver.findElement(By.cssSelector("#task-form .problem")).getAttribute("textContent")).isEmpty();
        browser.click("#cancel-task");
        browser.waitFor(d -> browser.all("#task-form").isEmpty(), "the form to close");

        Api.Response created = api.post("/api/v1/dump-tasks", j("{'name':'short-lived','logset':'shop','subject':'nginx',"
                + "'bucket':'shop-archive'}"));
        String id = created.json().get("id").asText();
        browser.open("#/logsets/shop/subjects/nginx/dump");
        browser.text("tr[data-task=short-lived]", "WAITING");
        browser.click("#modify-" + id);
        browser.text("#task-form h2", "Modify dump task short-lived");
        assertThat(browser.find("#f-name").isEnabled()).as("the name cannot be modified").isFalse();
        assertThat(browser.find("#f-prefix").getAttribute("value")).isEqualTo("shop/nginx/");
        browser.type("#f-intervalSeconds", "30");
        browser.click("#save-task");
        browser.text("#err-intervalSeconds", "must be between 60 and 3600 (it is 30)");
        assertThat(occurrences("#task-form", "must be between 60 and 3600 (it is 30)")).as("the one message, once").isEqualTo(1);
        assertThat(browser.driver.findElement(By.cssSelector("#task-form .problem")).getAttribute("textContent")).isEmpty();
        browser.type("#f-intervalSeconds", "120");
        new org.openqa.selenium.support.ui.Select(browser.find("#f-compression")).selectByValue("zstd");
        browser.click("#save-task");
        browser.waitFor(d -> browser.all("#task-form").isEmpty(), "the form to close");
        JsonNode task = api.get("/api/v1/dump-tasks/" + id).json();
        assertThat(task.get("intervalSeconds").asInt()).isEqualTo(120);
        assertThat(task.get("compression").asText()).isEqualTo("zstd");

        browser.click("#delete-" + id);
        browser.text("#confirm-text", "Delete task short-lived?");
        browser.click("#confirm-ok");
        browser.waitFor(d -> browser.all("tr[data-task=short-lived]").isEmpty(), "the deleted task to leave the table");
        assertThat(api.get("/api/v1/dump-tasks/" + id).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/dump-tasks/" + id + "/operations").text()).contains("MODIFIED").contains("DELETED");
    }

    @Test
    @Order(10)
    void theOverviewChartsTheLastHour() throws Exception {
        browser.open("#/");
        browser.text("main", "Ingested (1 h)");
        long stored = 0;
        for (String logset : new String[] {"shop", "cloud", "cloud2"}) {
            for (JsonNode subject : api.get("/api/v1/logsets/" + logset + "/subjects").json()) {
                stored += subject.at("/stats/records").asLong();
            }
        }
        assertThat(stored).isPositive();
        browser.text("main .stats", "Ingested (1 h)\n" + stored + " records");
        assertThat(browser.all(".chart svg polyline")).hasSize(5);
        assertThat(browser.all(".chart svg polyline[data-series=ingested]")).hasSize(1);
        List<Map<String, Object>> axes = js("return [...document.querySelectorAll('.chart svg')].map(" + MEASURE_AXIS + ");");
        assertThat(axes).hasSize(3);
        for (Map<String, Object> axis : axes) {
            assertReadableTimeAxis(axis);
        }
        browser.screenshot("console-overview");

        // an hour of one-minute points, 17 s past the minute, in a narrow chart: a tick every 10 minutes
        Object hour = ((JavascriptExecutor) browser.driver).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "import('/js/chart.js').then((m) => {"
                + "  const t0 = Date.parse('2026-11-26T08:00:17Z');"
                + "  const times = Array.from({length: 61}, (_, i) => t0 + i * 60000);"
                + "  const box = document.createElement('div'); box.style.width = '360px';"
                + "  box.append(m.lineChart('an hour', times, [{name: 'n', color: '#000', values: times.map((_, i) => i % 7)}]));"
                + "  document.getElementById('main').append(box);"
                + "  const measured = (" + MEASURE_AXIS + ")(box.querySelector('svg')); box.remove(); done(measured);"
                + "}).catch((e) => done(String(e)));");
        assertThat(hour).as("the chart module renders").isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> hourAxis = (Map<String, Object>) hour;
        assertReadableTimeAxis(hourAxis);
        assertThat(ticks(hourAxis).stream().map(t -> t.get("label"))).containsExactly("08:10", "08:20", "08:30", "08:40", "08:50", "09:00");
    }

    @Test
    @Order(11)
    void anAdminCreatesAUserAndATokenWhoseSecretIsShownOnceThenRevokesIt() throws Exception {
        browser.click("a[data-menu=users]");
        browser.text("main h1", "Users and tokens");
        browser.text("tr[data-user=admin]", "you");
        browser.type("#new-user-name", "vera");
        browser.type("#new-user-password", "short");
        browser.click("#create-user button[type=submit]");
        browser.text("#err-new-user-password", "must have at least 12 characters");
        browser.type("#new-user-password", VIEWER_PASSWORD);
        new org.openqa.selenium.support.ui.Select(browser.find("#new-user-role")).selectByValue("viewer");
        browser.click("#create-user button[type=submit]");
        browser.text("tr[data-user=vera]", "viewer");
        assertThat(api.get("/api/v1/users").json().findValuesAsText("name")).contains("vera");

        browser.type("#new-token-name", "shipper on web-1");
        new org.openqa.selenium.support.ui.Select(browser.find("#new-token-role")).selectByValue("ingest");
        browser.type("#new-token-subjects", "shop/nginx");
        browser.click("#create-token button[type=submit]");
        browser.text("#new-token", "Token shipper on web-1 created.");
        browser.text("#new-token", "it is shown only this once");
        String secret = browser.find("#new-token-secret").getAttribute("value");
        assertThat(secret).isNotBlank();
        WebElement row = browser.text("tr[data-token='shipper on web-1']", "ingest");
        assertThat(row.getText()).contains("shop/nginx").contains("user admin").doesNotContain(secret);
        String tokenId = row.getAttribute("data-token-id");
        assertThat(api.anonymous().withToken(secret).get("/api/v1/me").json().get("name").asText()).isEqualTo("shipper on web-1");
        browser.screenshot("console-users-and-tokens");

        browser.click("#revoke-" + tokenId);
        browser.text("#confirm-text", "Revoke token shipper on web-1");
        browser.click("#confirm-ok");
        browser.waitFor(d -> browser.all("tr[data-token-id='" + tokenId + "']").isEmpty(), "the revoked token to leave the table");
        assertThat(browser.all("#new-token")).as("the secret is not shown again").isEmpty();
        assertThat(api.anonymous().withToken(secret).get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    @Order(12)
    void anAdminReadsTheAuditLogAPageAtATime() throws Exception {
        for (int i = 0; i < 50; i++) {
            assertThat(api.post("/api/v1/tokens", j("{'name':'bulk-" + i + "','role':'viewer'}")).status()).isEqualTo(201);
        }
        browser.click("a[data-menu=audit]");
        browser.text("main h1", "Audit log");
        browser.text("#audit-count", "50 entries, more below");
        List<String> headers = browser.all("#audit th").stream().map(WebElement::getText).toList();
        assertThat(headers).containsExactly("TIME", "ACTOR", "ACTION", "TARGET", "CLIENT", "DETAIL");
        WebElement newest = browser.all("#audit tr[data-audit]").get(0);
        assertThat(newest.getText()).contains("2026-11-26").contains("admin").contains("token-created").containsPattern("bulk-\\d+ \\(ldt_")
                .contains("127.0.0.1").contains("role viewer");
        browser.screenshot("console-audit-log");

        browser.click("#audit-more");
        browser.text("#audit-count", "all of them");
        assertThat(browser.driver.findElement(By.id("audit-more")).isDisplayed()).as("no more to load").isFalse();
        int total = browser.all("#audit tr[data-audit]").size();
        assertThat(total).isGreaterThan(50);
        assertThat(new HashSet<>(browser.all("#audit tr[data-audit]").stream().map(r -> r.getAttribute("data-audit")).toList()))
                .as("no entry twice").hasSize(total);
        browser.text("#audit", "token-revoked");
        browser.text("#audit", "console sign-in"); // the wrong password of the first test
        assertThat(browser.all("#audit tr[data-action=user-created]").stream().map(WebElement::getText))
                .anySatisfy(t -> assertThat(t).contains("vera").contains("role viewer"));
        assertThat(browser.all("#audit tr[data-action=sign-in]")).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    @Order(13)
    void signingOutEndsTheSessionOnTheServer() throws Exception {
        String cookie = browser.driver.manage().getCookieNamed("logdump_session").getValue();
        assertThat(withCookie(cookie).status()).as("the session's cookie works before").isEqualTo(200);
        browser.signOut();
        browser.text("#signin-notice", "You have signed out.");
        assertThat(browser.find("#signin-name").getAttribute("value")).isEmpty();
        assertThat(browser.driver.findElement(By.cssSelector("nav.menu")).isDisplayed()).as("no menu").isFalse();
        assertThat(browser.driver.manage().getCookieNamed("logdump_session")).as("the browser forgot the cookie").isNull();
        Object status = ((JavascriptExecutor) browser.driver).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/api/v1/me', {headers: {'X-Requested-With': 'logdump-console'}}).then((r) => done(r.status), (e) => done(String(e)));");
        assertThat(status).as("the page's own request").isEqualTo(401L);
        assertThat(withCookie(cookie).status()).as("the old cookie, sent again").isEqualTo(401);
        browser.open("#/");
        browser.find("#signin-form");
        assertThat(browser.all("#signin-notice")).as("signed out, not ended").isEmpty();
    }

    @Test
    @Order(14)
    void aViewerSeesTasksAndFilesButNoButtonsThatChangeThem() throws Exception {
        browser.open("#/logsets/shop/subjects/nginx/dump");
        browser.signIn("vera", VIEWER_PASSWORD);
        browser.text("#user-role", "viewer");
        assertThat(browser.find("nav.menu").getText()).doesNotContain("Audit log").doesNotContain("Users and tokens");
        String id = browser.find("tr[data-task=nginx-archive]").getAttribute("data-task-id");
        browser.find("#view-" + id);
        assertThat(browser.all("main button")).as("no Create, Modify, Delete, Stop or Start").isEmpty();
        assertThat(browser.find("tr[data-task=nginx-archive]").getText()).doesNotContain("Modify").doesNotContain("Delete")
                .doesNotContain("Start").doesNotContain("Stop");
        browser.screenshot("console-viewer-dump-configuration");

        String failedTask = api.get("/api/v1/dump-tasks?logset=cloud2").json().get(0).get("id").asText();
        String fileId = api.get("/api/v1/dump-tasks/" + failedTask + "/files").json().get("items").get(0).get("id").asText();
        browser.open("#/history?logset=cloud2&subject=app&task=" + failedTask);
        browser.find("#files tr[data-file='" + fileId + "']");
        browser.text("#retry-note-" + fileId, "Retry window expired");
        assertThat(browser.all("#files button[id^=retry-]")).as("no Retry").isEmpty();

        browser.open("#/logsets");
        browser.find("section[data-logset=shop]");
        assertThat(browser.all("#create-logset")).as("no Create log set").isEmpty();
        assertThat(browser.all("form[id^=create-subject-]")).as("no Create subject").isEmpty();
        browser.click("tr[data-subject=nginx] a");
        browser.text("#read-only", "an operator or admin saves");
        assertThat(browser.all("#collection button[type=submit]")).isEmpty();

        browser.open("#/audit");
        browser.text("main .notice", "Only an admin");
        assertThat(api.anonymous().asUser("vera", VIEWER_PASSWORD).post("/api/v1/dump-tasks/" + id + "/start", "").status())
                .as("the server refuses anyway").isEqualTo(403);
    }

    @Test
    @Order(15)
    void aUserOfAnotherAccountSeesNoneOfThisAccountsTasks() throws Exception {
        Api.Response account = api.post("/api/v1/accounts", j("{'name':'b','admin':{'name':'bea','password':'" + VIEWER_PASSWORD + "'}}"));
        assertThat(account.status()).as(account.toString()).isEqualTo(201);
        String id = api.get("/api/v1/dump-tasks?logset=shop").json().get(0).get("id").asText();

        browser.signOut();
        browser.signIn("bea", VIEWER_PASSWORD);
        browser.text(".topbar", "account b · role admin");
        browser.open("#/logsets/no-such-set/subjects/app/dump");
        browser.text("main h1", "Not found");
        browser.text("main .problem", "log set 'no-such-set' does not exist");
        browser.click("a[data-menu=log-dump]");
        browser.text("main", "No dump task matches.");
        browser.open("#/logsets/shop/subjects/nginx/dump");
        browser.text("main h1", "Not found");
        assertThat(browser.find("main").getText()).doesNotContain("nginx-archive").doesNotContain(id);
    }

    @Test
    @Order(16)
    void anIdleSessionEndsAndTheSignInPageSaysSoThenReturnsToThePage() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data-idle"));
        TestServer idle = TestServer.start(data, "auth: {sessionIdleMinutes: 1}\n");
        boolean running = true;
        try (Browser other = new Browser(idle.server.url(), Files.createDirectories(dir.resolve("profile-idle")))) {
            other.open("#/log-dump");
            other.type("#signin-name", "admin");
            other.type("#signin-password", "not-the-password");
            other.click("#signin-submit");
            other.text("#signin-error", "Wrong user name or password.");
            for (int i = 0; i < 5; i++) { // six failures in all: the user name is closed for a second
                assertThat(idle.api.anonymous().post("/api/v1/session", j("{'name':'admin','password':'wrong-" + i + "'}")).status())
                        .isEqualTo(401);
            }
            other.type("#signin-password", TestServer.ADMIN_PASSWORD);
            other.click("#signin-submit");
            other.text("#signin-error", "Too many failed sign-ins: try again in 1 s.");
            other.screenshot("console-sign-in-too-many");
            idle.clock.advance(Duration.ofSeconds(2));
            other.signIn("admin", TestServer.ADMIN_PASSWORD);
            other.text("main h1", "Log Dump");

            idle.clock.advance(Duration.ofMinutes(2));
            other.click("a[data-menu=logsets]");
            other.text("#signin-notice", "Your session has ended; sign in again");
            assertThat(other.find("#signin-name").getAttribute("value")).as("the name filled in").isEqualTo("admin");
            assertThat(other.driver.switchTo().activeElement().getAttribute("id")).isEqualTo("signin-password");
            assertThat(other.driver.getCurrentUrl()).endsWith("#/logsets");
            other.screenshot("console-sign-in-session-ended");
            other.signIn("admin", TestServer.ADMIN_PASSWORD);
            other.text("main h1", "Log Sets");
            other.text("main", "No log set yet");

            // a page open when the session ends: its refresh gets the 401, and the same user goes on where they were
            other.click("a[data-menu=log-dump]");
            other.text("main h1", "Log Dump");
            idle.clock.advance(Duration.ofMinutes(2));
            other.text("#signin-notice", "Your session has ended; sign in again");
            other.type("#signin-password", TestServer.ADMIN_PASSWORD);
            other.click("#signin-submit");
            other.text("main h1", "Log Dump");
            assertThat(other.driver.getCurrentUrl()).endsWith("#/log-dump");

            other.signOut();
            idle.close();
            running = false;
            other.type("#signin-name", "admin");
            other.type("#signin-password", TestServer.ADMIN_PASSWORD);
            other.click("#signin-submit");
            other.text("#signin-error", "The server cannot be reached.");
        } finally {
            if (running) {
                idle.close();
            }
        }
    }

    /** GET /api/v1/me with a session cookie and nothing else. */
    private static Api.Response withCookie(String value) {
        return api.anonymous().send("GET", "/api/v1/me", new byte[0], "Cookie", "logdump_session=" + value);
    }

    /** A chart's svg (the function's argument) measured: its box and each x tick's label, instant and box. */
    private static final String MEASURE_AXIS = "(svg) => { const box = (el) => { const r = el.getBoundingClientRect();"
            + " return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };"
            + " return {svg: box(svg), ticks: [...svg.querySelectorAll('text.x-tick')].map((t) =>"
            + " ({label: t.textContent, time: t.dataset.time, ...box(t)}))}; }";

    /** 2 to 8 ticks, HH:MM of whole minutes, distinct, left to right, inside the chart, none overlapping another. */
    private static void assertReadableTimeAxis(Map<String, Object> axis) {
        List<Map<String, Object>> ticks = ticks(axis);
        assertThat(ticks).as("ticks of %s", axis).hasSizeBetween(2, 8);
        Map<?, ?> svg = (Map<?, ?>) axis.get("svg");
        for (int i = 0; i < ticks.size(); i++) {
            Map<String, Object> t = ticks.get(i);
            String label = (String) t.get("label");
            String time = (String) t.get("time");
            assertThat(label).matches("\\d\\d:\\d\\d");
            assertThat(time).as("a tick on a whole minute").endsWith(":00.000Z");
            assertThat(time.substring(11, 16)).isEqualTo(label);
            assertThat(num(t, "left")).as("%s inside the chart", label).isGreaterThanOrEqualTo(num(svg, "left"));
            assertThat(num(t, "right")).as("%s inside the chart", label).isLessThanOrEqualTo(num(svg, "right"));
            if (i > 0) {
                assertThat(num(t, "left")).as("%s clear of the tick before it in %s", label, axis)
                        .isGreaterThan(num(ticks.get(i - 1), "right"));
            }
        }
        assertThat(new HashSet<>(ticks.stream().map(t -> t.get("label")).toList())).as("distinct labels").hasSize(ticks.size());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> ticks(Map<String, Object> axis) {
        return (List<Map<String, Object>>) axis.get("ticks");
    }

    private static double num(Map<?, ?> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static <T> T js(String script, Object... args) {
        return (T) ((JavascriptExecutor) browser.driver).executeScript(script, args);
    }

    /** How often {@code text} occurs in the rendered text of the element {@code css}. */
    private static int occurrences(String css, String text) {
        String all = browser.find(css).getText();
        return (all.length() - all.replace(text, "").length()) / text.length();
    }

    /**
     * On a 1280-pixel-wide window, with the file's error made 2,000 characters long (the page's
     * fetch of the history lengthens it): the table needs no sideways scrolling, the error is cut
     * to a few lines, "Show all" unfolds it inside a bounded box, and it stays unfolded across the
     * page's refreshes.
     */
    private static void aLongErrorStaysAFewLinesAt1280Pixels(String fileId) throws Exception {
        String longError = ("upload of cloud-archive/cloud/app/2026/11/26_x_1.log gave up after 2 attempts: "
                + "Unable to execute HTTP request: Connection refused; ").repeat(30).substring(0, 1985) + " [end of error]";
        assertThat(longError).hasSize(2000);
        String row = "#files tr[data-file='" + fileId + "']";
        browser.driver.manage().window().setSize(new Dimension(1280, 900));
        try {
            js("const longError = arguments[0]; const fetch0 = window.fetch; window.fetch = async (input, init) => {"
                    + " const res = await fetch0(input, init);"
                    + " if (!String(input).startsWith('/api/v1/dump-history')) return res;"
                    + " const page = await res.json(); page.items.forEach((f) => { if (f.error) f.error = longError; });"
                    + " return new Response(JSON.stringify(page), {status: res.status, headers: res.headers}); };", longError);
            browser.waitFor(d -> browser.find(row + " td.error").getAttribute("textContent").contains("[end of error]"), "the long error");
            assertThat((Boolean) js("const s = document.querySelector('#main .scroll');"
                    + " return s.scrollWidth <= s.clientWidth + 1 && document.documentElement.scrollWidth <= window.innerWidth;"))
                    .as("no sideways scrolling at 1280 px").isTrue();
            WebElement cell = browser.find(row + " td.error");
            assertThat(cell.getSize().getHeight()).as("the error cell's height").isLessThanOrEqualTo(100);
            assertThat(browser.find(row).getSize().getHeight()).as("the row's height").isLessThanOrEqualTo(110);
            assertThat(cell.getSize().getWidth()).as("the error cell's width").isBetween(170, 360);
            browser.screenshot("console-failed-file-1280");

            browser.click("#error-toggle-" + fileId);
            browser.waitFor(d -> browser.find("#error-toggle-" + fileId).getAttribute("aria-expanded").equals("true"), "the error unfolded");
            WebElement unfolded = browser.find(row + " td.error");
            assertThat(unfolded.getSize().getHeight()).as("the unfolded error, in a bounded box").isBetween(150, 300);
            assertThat((Boolean) js("const t = arguments[0]; return t.scrollHeight > t.clientHeight;", browser.find("#error-" + fileId)))
                    .as("the rest of the error scrolls inside its box").isTrue();
            browser.waitFor(ExpectedConditions.stalenessOf(unfolded), "the page's refresh");
            assertThat(browser.find("#error-toggle-" + fileId).getAttribute("aria-expanded")).as("still unfolded").isEqualTo("true");
            assertThat(browser.find("#error-toggle-" + fileId).getText()).isEqualTo("Show less");
            browser.screenshot("console-failed-file-1280-error-unfolded");
            browser.click("#error-toggle-" + fileId);
            browser.waitFor(d -> browser.find(row + " td.error").getSize().getHeight() <= 100, "the error folded again");
        } finally {
            browser.driver.manage().window().setSize(new Dimension(1440, 1000));
        }
    }

    /** A log set in the S3 region with a raw subject, a bucket and a task dumping it every minute; returns the task id. */
    private static String s3Task(String logset) {
        String bucket = logset + "-archive";
        assertThat(api.post("/api/v1/buckets", j("{'name':'" + bucket + "','region':'cn-north-1'}")).status()).isEqualTo(201);
        api.post("/api/v1/logsets", j("{'name':'" + logset + "','region':'cn-north-1'}"));
        api.post("/api/v1/logsets/" + logset + "/subjects", j("{'name':'app'}"));
        api.put("/api/v1/logsets/" + logset + "/subjects/app/collection", j("{'parser':{'type':'raw'}}"));
        Api.Response task = api.post("/api/v1/dump-tasks", j("{'name':'to-s3','logset':'" + logset + "','subject':'app','bucket':'"
                + bucket + "','intervalSeconds':60,'startDelaySeconds':0,'startFrom':'earliest','format':{'type':'raw'}}"));
        assertThat(task.status()).as(task.toString()).isEqualTo(201);
        return task.json().get("id").asText();
    }

    private static void ingest(String logset, String subject, String lines) {
        Api.Response r = api.postBytes("/api/v1/logsets/" + logset + "/subjects/" + subject + "/logs",
                lines.getBytes(StandardCharsets.UTF_8), "Content-Type", "text/plain");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    /** Waits until the task runs with an open batch, then moves the clock past its interval. */
    private static void closeBatch(String id) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            JsonNode t = api.get("/api/v1/dump-tasks/" + id).json();
            if (t.get("status").asText().equals("RUNNING") && !t.at("/counters/nextDumpTime").isNull()
                    && t.at("/counters/lagRecords").asLong() > 0) {
                break;
            }
            assertThat(System.nanoTime()).as("task %s opens a batch", id).isLessThan(deadline);
            Thread.sleep(50);
        }
        server.clock.advance(Duration.ofSeconds(61));
    }

    /**
     * Waits for the task's newest file to reach {@code status}, moving the clock a second at a time
     * so that delays between upload attempts pass; returns the file's id.
     */
    private static String waitForFile(String id, String status) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            JsonNode items = api.get("/api/v1/dump-tasks/" + id + "/files").json().get("items");
            if (items.size() > 0 && items.get(0).get("status").asText().equals(status)) {
                return items.get(0).get("id").asText();
            }
            assertThat(System.nanoTime()).as("a file of %s becomes %s", id, status).isLessThan(deadline);
            server.clock.advance(Duration.ofSeconds(1));
            Thread.sleep(100);
        }
    }
}
