package io.logdump.testutil;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium (Debian's chromium and chromium-driver) driven by Selenium, with a fresh
 * profile, for browser tests of the console. Screenshots go to {@code target/screenshots/}.
 */
public final class Browser implements AutoCloseable {
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    public final WebDriver driver;
    private final String base;

    public Browser(String base, Path profile) {
        this.base = base;
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--disable-quic", "--disable-extensions", "--no-first-run", "--window-size=1440,1000",
                "--user-data-dir=" + profile.toAbsolutePath());
        driver = new ChromeDriver(service, options);
    }

    /** Loads a console page afresh (not a same-document hash change): {@code open("#/logsets")}. */
    public void open(String hash) {
        driver.get("about:blank");
        driver.get(base + "/" + hash);
    }

    public WebElement find(String css) {
        return waitFor(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        }, "an element " + css);
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits until the element's text contains {@code text}; returns the element. */
    public WebElement text(String css, String text) {
        return waitFor(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.get(0).getText().contains(text) ? null : found.get(0);
        }, "'" + text + "' in " + css);
    }

    public void type(String css, String text) {
        WebElement e = find(css);
        e.clear();
        e.sendKeys(text);
    }

    /** Clicks the element, again if the page re-rendered it between finding and clicking (a stale element). */
    public void click(String css) {
        waitFor(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            if (found.isEmpty() || !found.get(0).isDisplayed()) {
                return null;
            }
            found.get(0).click();
            return true;
        }, "a click on " + css);
    }

    /**
     * Signs in on the console's sign-in page (shown now or about to be) and waits until the header
     * names the user, that is until the console is shown again.
     */
    public void signIn(String name, String password) {
        type("#signin-name", name);
        type("#signin-password", password);
        click("#signin-submit");
        waitFor(d -> {
            List<WebElement> user = d.findElements(By.id("user-name"));
            return !user.isEmpty() && user.get(0).isDisplayed() && user.get(0).getText().equals(name) ? true : null;
        }, "the header to name " + name);
    }

    /** Signs out with the header's button and waits for the sign-in page. */
    public void signOut() {
        click("#sign-out");
        find("#signin-form");
    }

    public <T> T waitFor(ExpectedCondition<T> condition, String what) {
        return new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class)
                .withMessage("waiting for " + what).until(condition);
    }

    /** Saves the page as {@code target/screenshots/<name>.png} and returns the file. */
    public Path screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Path target = SCREENSHOTS.resolve(name + ".png");
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
