package io.suanli.dashboard.bench;

import java.io.File;
import java.time.Duration;
import java.util.Locale;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Measures the estate view's first render against a running service: a fresh headless Chromium
 * (empty cache) per run opens {@code BASE/#/estate}; reports the time from navigation start until
 * the regions with their sites are on screen, and the bytes the browser received. Signs in with
 * {@code $SUANLI_TOKEN} when set. Plain main:
 * {@code java -cp target/test-classes:target/classes:<test classpath> io.suanli.dashboard.bench.EstateFirstRender http://localhost:8095 5}.
 */
public final class EstateFirstRender {

    private EstateFirstRender() {}

    public static void main(String[] args) {
        String base = args.length > 0 ? args[0] : "http://localhost:8095";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String token = System.getenv("SUANLI_TOKEN");
        for (int run = 1; run <= runs; run++) {
            ChromeOptions options = new ChromeOptions();
            options.setBinary("/usr/bin/chromium");
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1600,1000");
            WebDriver browser = new ChromeDriver(new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build(), options);
            try {
                if (token != null) {
                    // Signed in as the page does it (the token in this tab's sessionStorage), set from a
                    // page of the same origin that is not the dashboard, so its files stay uncached.
                    browser.get(base + "/q/health/ready");
                    ((JavascriptExecutor) browser).executeScript("sessionStorage.setItem('suanli.token', arguments[0])", token);
                }
                browser.get(base + "/#/estate");
                new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(10))
                        .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".region .site")));
                JavascriptExecutor js = (JavascriptExecutor) browser;
                // The page marks its first render; the poll above only notices it later.
                double millis = ((Number) js.executeScript("const m = performance.getEntriesByName('estate-rendered');"
                        + " return m.length ? m[0].startTime : performance.now()")).doubleValue();
                long bytes = ((Number) js.executeScript("return performance.getEntriesByType('navigation')"
                        + ".concat(performance.getEntriesByType('resource'))"
                        + ".reduce((a, e) => a + (e.transferSize || e.encodedBodySize || 0), 0)")).longValue();
                long estate = ((Number) js.executeScript("const e = performance.getEntriesByType('resource')"
                        + ".find(r => r.name.includes('/dashboard/estate')); return e ? e.transferSize : 0")).longValue();
                long sites = ((Number) js.executeScript("return document.querySelectorAll('.region .site').length")).longValue();
                if (Boolean.getBoolean("detail")) {
                    System.out.println(js.executeScript("return performance.getEntriesByType('resource').map(r => "
                            + "r.name.replace(/^https?:\\/\\/[^/]+/, '') + ' start ' + Math.round(r.startTime) + ' end ' + Math.round(r.responseEnd)).join('\\n')"
                            + " + '\\ndomContentLoaded ' + Math.round(performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd)"));
                }
                System.out.printf(Locale.ROOT, "run %d: first render %.0f ms after navigation start, %d bytes received "
                        + "(estate JSON %d), %d sites%n", run, millis, bytes, estate, sites);
            } finally {
                browser.quit();
            }
        }
    }
}
