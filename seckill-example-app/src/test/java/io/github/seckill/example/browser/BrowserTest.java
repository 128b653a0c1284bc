package io.github.seckill.example.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.example.backend.MemoryBackend;
import io.github.seckill.example.server.App;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The pages in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which scripts/setup.sh
 * installs; Selenium Manager stays offline): a buyer waits out the countdown, buys, sees the result pushed, pays, sees
 * it paid; the dashboard draws its charts. Screenshots land in {@code target/} for a person to look at.
 */
class BrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private static App app;
    private static WebDriver browser;

    @BeforeAll
    static void start() {
        assertThat(CHROMIUM).as("chromium is installed (scripts/setup.sh)").isExecutable();
        assertThat(DRIVER).as("chromium-driver is installed (scripts/setup.sh)").isExecutable();
        app = App.on(new MemoryBackend()).demo(true).start();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.close();
        }
    }

    private static String base() {
        return "http://127.0.0.1:" + app.port();
    }

    private static void createActivity(long id, Instant startsAt) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base()
                        + "/api/activities"))
                .header("Authorization", "Bearer " + app.adminToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\": " + id + ", \"stock\": 5, \"startsAt\": \""
                        + startsAt + "\", \"endsAt\": \"" + startsAt.plusSeconds(600) + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private static WebDriverWait waiting(Duration d) {
        return new WebDriverWait(browser, d);
    }

    private static void screenshot(String name) throws Exception {
        Path out = Path.of("target", name);
        Files.createDirectories(out.getParent());
        Files.write(out, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void aBuyerWaitsOutTheCountdownBuysAndPays() throws Exception {
        createActivity(31, Instant.now().plusSeconds(3));
        browser.get(base() + "/activities/31");
        WebElement buy = browser.findElement(By.id("buy"));
        waiting(Duration.ofSeconds(5)).until(d -> d.findElement(By.id("countdown")).getText().startsWith("00:00:0"));
        assertThat(buy.isEnabled()).as("disabled before the opening").isFalse();
        waiting(Duration.ofSeconds(10)).until(d -> buy.isEnabled());
        buy.click();
        WebElement status = browser.findElement(By.id("order-status"));
        waiting(Duration.ofSeconds(10)).until(d -> status.getText().equals("PENDING_PAYMENT"));
        screenshot("activity-page.png");
        browser.findElement(By.id("pay")).click();
        waiting(Duration.ofSeconds(10)).until(d -> status.getText().equals("PAID"));
        assertThat(browser.findElement(By.id("order-id")).getText()).matches("\\d{6,}");
        assertThat(app.backend().ledger().stock(31).orElseThrow().sold()).isEqualTo(1);
        screenshot("activity-page-paid.png");
    }

    @Test
    void theDashboardDrawsItsCharts() throws Exception {
        createActivity(32, Instant.now().minusSeconds(1));
        for (long user = 1; user <= 3; user++) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base()
                            + "/api/activities/32/attempts"))
                    .header("Authorization", "Bearer " + app.buyerToken(user)).header("Idempotency-Key", "k" + user)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        }
        browser.get(base() + "/dashboard");
        // The other test's buyer may have been admitted already: at least these three.
        waiting(Duration.ofSeconds(10)).until(d -> Integer.parseInt(d.findElement(By.id("admitted")).getText()) >= 3);
        // Data points come in once a second: a few of them make lines on the canvases.
        waiting(Duration.ofSeconds(15)).until(d -> drawnPixels() > 500);
        assertThat(browser.findElements(By.cssSelector(".chart canvas"))).hasSize(4);
        assertThat(browser.findElement(By.id("oversold")).getText()).isEqualTo("0");
        screenshot("dashboard.png");
    }

    /** @return pixels the charts' canvases painted in a series color (not the background, grid or axes) */
    private static long drawnPixels() {
        Object n = ((JavascriptExecutor) browser).executeScript("""
                let count = 0;
                for (const c of document.querySelectorAll('.chart canvas')) {
                  const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                  for (let i = 0; i < data.length; i += 4) {
                    const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
                    if (a > 0 && Math.max(r, g, b) - Math.min(r, g, b) > 60) count++;
                  }
                }
                return count;""");
        return ((Number) n).longValue();
    }
}
