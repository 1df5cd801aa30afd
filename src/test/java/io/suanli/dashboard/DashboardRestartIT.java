package io.suanli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.suanli.support.process.ServiceProcess;
import io.suanli.support.process.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page survives a server restart: the packaged service is killed under an open dashboard, the
 * header shows the connection lost, a new process on the same port is started, and the page
 * reconnects by itself and shows a job submitted after the restart, all without a reload.
 */
class DashboardRestartIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void pageReconnectsAfterTheServerRestartsAndShowsNewChangesWithoutReload() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1600,1000");
        WebDriver browser = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build(), options);
        try (TestDatabase database = TestDatabase.create()) {
            ServiceProcess first = ServiceProcess.start(database, "dashboard-restart");
            ServiceProcess second = null;
            try {
                post(first, "/api/v1/scenarios", Files.readString(Path.of("src/test/resources/scenarios/tiny-1.json")));
                DashboardSignIn.signIn(browser, first.uri("/#/queue?tenant=planning").toString(), ServiceProcess.operatorToken());
                waitFor(browser, Duration.ofSeconds(20)).until(ExpectedConditions.attributeToBe(By.id("conn"), "data-state", "live"));
                js(browser, "window.__notReloaded = true");

                first.kill();
                waitFor(browser, Duration.ofSeconds(5)).until(d -> !"live".equals(
                        d.findElement(By.id("conn")).getAttribute("data-state")));
                screenshot(browser, "reconnecting");

                second = first.restartOnSamePort();
                waitFor(browser, Duration.ofSeconds(15)).until(ExpectedConditions.attributeToBe(By.id("conn"), "data-state", "live"));
                // Hours ahead, so that it stays in the queue view (waiting jobs): one that could start
                // now is planned and committed in well under a second and leaves the queue at once.
                String id = post(second, "/api/v1/jobs", """
                        {"tenant": "planning", "externalId": "after-restart", "tasks": 1, "cpuCores": 4, "memoryGiB": 8,
                         "durationHours": 1, "priority": 5, "earliestStart": "%s"}""".formatted(
                        java.time.Instant.now().plus(Duration.ofHours(6)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
                waitFor(browser, Duration.ofSeconds(2)).until(
                        ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-job='" + id + "']")));
                assertThat(js(browser, "return window.__notReloaded === true")).isEqualTo(true);
            } finally {
                first.close();
                if (second != null) {
                    second.close();
                }
            }
        } finally {
            browser.quit();
        }
    }

    /** POSTs JSON and returns the created object's id, if it has one. */
    private static String post(ServiceProcess service, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(service.request(path)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        return id.find() ? id.group(1) : null;
    }

    private static WebDriverWait waitFor(WebDriver browser, Duration timeout) {
        // Views re-render as live changes arrive: an element found a moment ago may be gone; look again.
        return (WebDriverWait) new WebDriverWait(browser, timeout, Duration.ofMillis(50)).ignoring(StaleElementReferenceException.class);
    }

    private static Object js(WebDriver browser, String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private static void screenshot(WebDriver browser, String name) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
