package io.suanli.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.suanli.common.time.Slots;
import io.suanli.planning.persistence.PlanCommitter;
import io.suanli.planning.persistence.PlanStore;
import io.suanli.settlement.service.UsageSettler;
import io.suanli.jobs.service.JobService;
import io.suanli.scenario.ScenarioDocument;
import io.suanli.scenario.ScenarioImporter;
import io.suanli.support.Estates;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import io.suanli.support.auth.TestTokens;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver; nothing is
 * downloaded): the estate of the demo city, a submitted job appearing in the queue and then as
 * planned and placed without a reload, the site, job and tenants views. Screenshots go to
 * target/screenshots. The submitted job is planned and committed through the live scheduler's own
 * store and commit paths ({@link PlanStore}, {@link PlanCommitter}, which takes the budget hold);
 * its solver loop stays off ({@code %test.suanli.scheduler.enabled=false}) because it would re-plan
 * every job of the shared test database, the demo city's included, and move what the other checks
 * look at. The demo city itself is solved offline and written by {@link LiveSchedulerStandIn}.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

    private static final Logger LOG = Logger.getLogger(DashboardBrowserTest.class);
    private static final Duration LIVE = Duration.ofSeconds(2);
    private static final Path SHOTS = Path.of("target", "screenshots");
    /** The demo city's regions from east to west. */
    private static final List<String> EAST_TO_WEST =
            List.of("city", "yangtze", "jingjinji", "gba", "neimenggu", "gansu", "guizhou", "ningxia", "chengyu");

    private static WebDriver browser;
    private static boolean signedIn;
    /** Shared by the ordered tests: the job submitted in the queue test. */
    private static String jobId;
    private static String tenant;
    private static String planNode;
    private static Instant planStart;

    @TestHTTPResource("/")
    URL base;

    @Inject
    ScenarioImporter importer;

    @Inject
    JobService jobs;

    @Inject
    Pool pool;

    @Inject
    Clock clock;

    @Inject
    PlanStore planStore;

    @Inject
    PlanCommitter committer;

    @Inject
    UsageSettler settler;

    private LiveSchedulerStandIn scheduler;
    private ScenarioDocument city;

    @BeforeAll
    static void startBrowser() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1600,1100",
                "--lang=zh-CN");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1600, 1100));
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void demoCity() throws Throwable {
        if (!signedIn) {
            DashboardSignIn.signIn(browser, base + "#/estate", TestTokens.operator());
            signedIn = true;
        }
        scheduler = new LiveSchedulerStandIn(pool, jobs);
        city = DemoCityFixture.load(importer, scheduler, pool, clock.instant());
    }

    @Test
    @Order(1)
    void estateViewShowsTheDemoCityEastToWestWithUtilisation() throws Exception {
        long started = System.nanoTime();
        browser.get(base + "#/estate");
        waitFor(Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-region='city'] .site")));
        long renderMillis = (System.nanoTime() - started) / 1_000_000;

        // The view re-renders as live changes arrive: read it in one script, not element by element.
        @SuppressWarnings("unchecked")
        List<String> shown = ((List<String>) js("return [...document.querySelectorAll('section.region')].map(e => e.dataset.region)"))
                .stream().filter(EAST_TO_WEST::contains).toList();
        assertThat(shown).containsExactlyElementsOf(EAST_TO_WEST);
        assertThat(text("[data-region='city']")).contains("杭州 Hangzhou").contains("gCO₂e/kWh");
        // Other test classes share the database and may add sites to the same regions: check the city's are all there.
        List<String> citySites = city.sites().stream().filter(s -> s.region().equals("city")).map(s -> s.id()).toList();
        assertThat(js("return [...document.querySelectorAll(\"[data-region='city'] .site\")].map(e => e.dataset.site)"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).containsAll(citySites);
        // Plans of the day show up as used capacity, and the horizon strips have a cell per slot.
        assertThat(text(".stats")).contains("GPU").contains("cores");
        assertThat(count("[data-region='city'] .site:first-of-type .strip i")).isEqualTo(24);
        assertThat(usedGpusInCity()).isPositive();
        // Bars and swatches are sized and coloured by style attributes: the page's security policy must let them apply.
        assertThat(js("return getComputedStyle(document.querySelector('.legend .scale .sw')).backgroundColor"))
                .isNotEqualTo("rgba(0, 0, 0, 0)");

        long bytes = ((Number) js("return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
                + ".reduce((a, e) => a + (e.transferSize || e.encodedBodySize || 0), 0)")).longValue();
        LOG.infof("estate view: first render %d ms, %d bytes transferred", renderMillis, bytes);
        assertThat(bytes).isLessThan(2_000_000);
        waitFor(Duration.ofSeconds(10)).until(ExpectedConditions.attributeToBe(By.id("conn"), "data-state", "live"));
        screenshot("estate");
    }

    @Test
    @Order(2)
    void submittedJobAppearsInTheQueueAndThenAsPlannedAndPlacedWithoutReload() throws Throwable {
        tenant = Estates.uniquePrefix() + "-video";
        Estates.post("/api/v1/tenants", Map.of("name", tenant, "displayName", "交通视频 Traffic video " + tenant, "gpuQuota", 32));
        given().contentType(ContentType.JSON).body("{\"amount\": 5000.00}").post("/api/v1/settlement/budgets/" + tenant + ":top-up")
                .then().statusCode(200);
        browser.get(base + "#/queue?tenant=" + tenant);
        waitFor(Duration.ofSeconds(10)).until(ExpectedConditions.attributeToBe(By.id("conn"), "data-state", "live"));
        waitFor(Duration.ofSeconds(10)).until(ExpectedConditions.textToBePresentInElementLocated(By.id("list"), "No job is waiting"));
        js("window.__notReloaded = true");

        jobId = given().contentType(ContentType.JSON).body(job(tenant)).post("/api/v1/jobs")
                .then().statusCode(201).extract().path("id");
        By row = By.cssSelector("[data-job='" + jobId + "']");
        String rowCss = "[data-job='" + jobId + "']";
        waitFor(LIVE).until(ExpectedConditions.presenceOfElementLocated(row));
        assertThat(attr(rowCss, "data-state")).isEqualTo("QUEUED");
        assertThat(text(rowCss)).contains(tenant).contains("camera-feed-17");

        // The live scheduler's own store and commit paths (its solver loop is off in tests, see the class comment):
        // a tentative plan on a city GPU node from this slot on, then the commit, which takes the budget hold.
        planNode = gpuNode("city");
        UUID job = UUID.fromString(jobId);
        Instant start = Slots.slotStart(clock.instant(), Duration.ofHours(1));
        String site = siteOf(planNode); // over HTTP: never from inside the event-loop call below
        VertxContextSupport.subscribeAndAwait(() -> planStore.write(List.of(new PlanStore.PlanRow(job, site, start,
                start.plus(Duration.ofHours(3)), 2.5, List.of(planNode))), List.of(), List.of(), clock.instant()));
        waitFor(LIVE).until(ExpectedConditions.attributeToBe(row, "data-state", "PLANNED"));
        assertThat(text(rowCss)).contains("Planned on");
        assertThat(VertxContextSupport.subscribeAndAwait(() -> committer.commit(List.of(job), clock.instant())).placed())
                .containsExactly(job);
        waitFor(LIVE).until(ExpectedConditions.attributeToBe(row, "data-state", "PLACED"));
        assertThat(text(rowCss)).contains("Placed on");
        planStart = start;

        assertThat(js("return window.__notReloaded === true")).isEqualTo(true);
        screenshot("queue-tenant");
        browser.get(base + "#/queue");
        waitFor(Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".vrow")));
        screenshot("queue");
    }

    @Test
    @Order(3)
    void siteViewShowsNodeHeatMapDrainedNodesAndThePlacementTimeline() throws Exception {
        String site = siteOf(planNode);
        String drained = otherNode(site, planNode);
        given().post("/api/v1/nodes/" + drained + ":drain").then().statusCode(200);

        browser.get(base + "#/sites/" + site);
        By bar = By.cssSelector("[data-placement='" + jobId + "']");
        waitFor(Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(bar));
        String barCss = "[data-placement='" + jobId + "']";
        assertThat(attr(barCss, "data-state")).isEqualTo("PLACED");
        assertThat(attr(barCss, "data-committed")).isEqualTo("true");
        // The node held nothing else: its tile shows this job's one task and 2 of its GPUs.
        assertThat(attr("#heat [data-node='" + planNode + "']", "title")).contains("GPU 2/").endsWith(", 1 task");
        waitFor(Duration.ofSeconds(10)).until(ExpectedConditions.attributeContains(
                By.cssSelector("#heat [data-node='" + drained + "']"), "class", "DRAINING"));
        screenshot("site");
    }

    @Test
    @Order(4)
    void jobViewShowsLifecycleAndPlanAndSaysWhatAwaitsOtherFeatures() throws Throwable {
        browser.get(base + "#/jobs/" + jobId);
        waitFor(Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#job-events li")));
        assertThat(js("return [...document.querySelectorAll('#job-events li')].map(e => e.dataset.state)"))
                .isEqualTo(List.of("QUEUED", "PLANNED", "PLACED"));
        assertThat(attr("#job-plan", "data-committed")).isEqualTo("true");
        assertThat(text("#job-plan")).contains(planNode).contains("kg CO₂e").contains("¥");
        // The placement answer: where, when, what it costs and emits (the stand-in's committed plan).
        assertThat(text("#job-explanation [data-where]")).contains(planNode).contains("kg CO₂e").contains("¥");
        assertThat(attr("#job-usage [data-usage]", "data-usage")).isEqualTo("none"); // nothing has run yet

        // A change arrives live on this view too.
        scheduler.move(jobId, io.suanli.jobs.domain.JobState.DISPATCHED, "pods created on " + planNode);
        waitFor(LIVE).until(d -> d.findElements(By.cssSelector("#job-events li")).size() == 4);
        screenshot("job");
    }

    @Test
    @Order(5)
    void tenantsViewShowsBudgetSpendUsagePerDayAndProviderRevenueFromSettlement() throws Throwable {
        // The job ran its first hour on its one task: metered, then settled into the ledger.
        Map<String, Object> usage = new HashMap<>();
        usage.put("id", jobId + "-h0");
        usage.put("jobId", jobId);
        usage.put("task", 0);
        usage.put("startsAt", planStart.toString());
        usage.put("endsAt", planStart.plus(Duration.ofHours(1)).toString());
        usage.put("cpuCoreHours", 8);
        usage.put("memoryGiBHours", 32);
        usage.put("gpuHours", 2);
        usage.put("currency", "CNY");
        given().contentType(ContentType.JSON).body(Map.of("records", List.of(usage))).post("/api/v1/usage:batch").then().statusCode(200);
        String budget = "tenants.find { it.name == '" + tenant + "' }.budget";
        io.restassured.path.json.JsonPath answer;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        do {
            VertxContextSupport.subscribeAndAwait(settler::settleAll);
            answer = io.restassured.path.json.JsonPath.from(given().get("/api/v1/dashboard/tenants").then().statusCode(200).extract().asString());
        } while (answer.getDouble(budget + ".spent") == 0 && System.nanoTime() < deadline);
        double spent = answer.getDouble(budget + ".spent");
        assertThat(spent).as("the hour's charge, captured").isPositive();

        browser.get(base + "#/tenants");
        String rowCss = "[data-tenant='" + tenant + "']";
        waitFor(Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(rowCss)));
        assertThat(text(rowCss)).contains("交通视频 Traffic video").contains("/ 32 GPUs").contains("/ ¥5,000.00");
        assertThat(attr(rowCss + " .budget", "data-enforced")).isEqualTo("true");
        assertThat(Double.parseDouble(attr(rowCss + " [data-series='spend']", "data-total"))).isCloseTo(spent, within(0.001));
        assertThat(Double.parseDouble(attr(rowCss + " [data-series='gpuHours']", "data-total"))).isEqualTo(2.0);
        assertThat(Double.parseDouble(attr(rowCss + " [data-held]", "data-held")) + spent
                + Double.parseDouble(attr(rowCss + " [data-available]", "data-available"))).isCloseTo(5000.0, within(0.001));
        assertThat(count(rowCss + " [data-series='spend'] rect")).as("a bar and a baseline per day").isEqualTo(28);
        assertThat(((Number) js("return document.querySelector(arguments[0]).getBoundingClientRect().width",
                rowCss + " .budget .stack i:last-child")).doubleValue()).as("the available part of the budget bar is drawn").isPositive();
        String siteCss = "#provider-table [data-site='" + siteOf(planNode) + "']";
        assertThat(Double.parseDouble(attr(siteCss + " [data-revenue]", "data-revenue"))).isPositive().isLessThan(spent + 0.001);
        assertThat(text(".legend")).contains("Spent").contains("Held").contains("Available").contains("kWh").contains("kg CO₂e");
        js("document.querySelector(arguments[0]).scrollIntoView({block: 'center'})", rowCss);
        screenshot("tenants");
    }

    private long usedGpusInCity() {
        Map<String, Object> city = given().get("/api/v1/dashboard/estate").then().statusCode(200).extract().path("city.usedNow");
        return ((Number) city.get("gpus")).longValue();
    }

    private String gpuNode(String region) {
        return pool.preparedQuery("""
                select n.name from node n join site s on s.name = n.site
                where n.gpus >= 2 and n.state = 'UP' and n.gpu_model = 'H100'
                  and not exists (select 1 from job_plan_task t where t.node = n.name)
                order by (s.region = $1) desc, n.name limit 1""")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(region)).await().indefinitely().iterator().next().getString("name");
    }

    private String siteOf(String node) {
        return given().get("/api/v1/nodes/" + node).then().statusCode(200).extract().path("site");
    }

    private String otherNode(String site, String except) {
        List<String> names = given().queryParam("site", site).get("/api/v1/nodes").then().statusCode(200).extract().path("items.name");
        return names.stream().filter(n -> !n.equals(except)).reduce((a, b) -> b).orElseThrow();
    }

    private static Map<String, Object> job(String tenant) {
        Map<String, Object> body = new HashMap<>();
        body.put("tenant", tenant);
        body.put("externalId", "camera-feed-17");
        body.put("tasks", 1);
        body.put("cpuCores", 8);
        body.put("memoryGiB", 32.0);
        body.put("gpus", 2);
        body.put("gpuModel", "H100");
        body.put("durationHours", 3);
        body.put("priority", 50);
        body.put("image", "registry.city/transport/video-analytics:1.4");
        return body;
    }

    private static WebDriverWait waitFor(Duration timeout) {
        // Views re-render as live changes arrive: an element found a moment ago may be gone; look again.
        return (WebDriverWait) new WebDriverWait(browser, timeout, Duration.ofMillis(50)).ignoring(StaleElementReferenceException.class);
    }

    private static String text(String css) {
        return (String) js("const e = document.querySelector(arguments[0]); return e ? e.innerText : null", css);
    }

    private static String attr(String css, String name) {
        return (String) js("const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null", css, name);
    }

    private static long count(String css) {
        return ((Number) js("return document.querySelectorAll(arguments[0]).length", css)).longValue();
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private static void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
