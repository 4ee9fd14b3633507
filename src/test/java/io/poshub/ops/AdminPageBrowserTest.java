package io.poshub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.poshub.support.DefaultHubTest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The admin page in real headless Chromium (Debian's chromium and chromium-driver): log in, upload a sample,
 * watch its import reach DONE_WITH_REJECTS with the right counts, open its rejects, keep a screenshot.
 */
class AdminPageBrowserTest extends DefaultHubTest {

    private static final String DAY1 = "counterpoint-store001-20261102.csv";
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @LocalServerPort
    int port;
    WebDriver browser;

    @Test
    void anAdminUploadsAFileAndSeesItsImportAndRejects() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "not run: headless Chromium is not installed here (apt-get install chromium chromium-driver; .ci/run does)");
        importSampleMembers();
        addFeed("store-001", "file:" + dataDir.resolve("inbox/store-001"), "counterpoint");

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,1000",
                "--user-data-dir=" + Files.createTempDirectory("poshub-chromium-"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build(), options);
        // The page re-renders its tables every 3 s: an element found a moment ago may be gone, so look again.
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);

        browser.get("http://admin:admin@localhost:" + port + "/admin");
        wait.until(d -> !d.findElements(By.cssSelector("#feed-select option[value='store-001']")).isEmpty());
        browser.findElement(By.id("file-input")).sendKeys(SAMPLES.resolve(DAY1).toString());
        browser.findElement(By.id("upload-button")).click();
        wait.until(d -> d.findElement(By.id("upload-result")).getText().contains("as import"));

        List<String> cells = wait.until(d -> importRow(d).map(r -> r.findElements(By.tagName("td")).stream()
                .map(WebElement::getText).toList()).orElse(null));
        assertThat(cells.subList(4, 10)).containsExactly("57", "2", "24", "0", "1", "4");

        wait.until(d -> importRow(d).map(r -> {
            r.click();
            return true;
        }).orElse(null));
        WebElement detail = wait.until(d -> {
            WebElement box = d.findElement(By.id("import-detail"));
            return box.getText().contains("line 14") ? box : null;
        });
        assertThat(detail.getText()).contains("line 13: QTY_SOLD (column 15) 'two' is not a number");
        File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Path.of("target", "admin-page.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static java.util.Optional<WebElement> importRow(WebDriver page) {
        return page.findElements(By.cssSelector("#imports tbody tr")).stream()
                .filter(r -> r.getText().contains(DAY1) && r.getText().contains("DONE_WITH_REJECTS")).findFirst();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }
}
