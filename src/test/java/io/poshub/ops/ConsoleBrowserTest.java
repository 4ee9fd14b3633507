package io.poshub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.poshub.support.FormatTesting;
import io.poshub.support.LoyaltyHubTest;
import io.poshub.support.People;
import io.poshub.support.TicketFiles;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The console in real headless Chromium (Debian's chromium and chromium-driver): every page loads with no console
 * error and leaves a screenshot in {@code target/console/}; a file uploaded and its rejects; the mapping flow from
 * open to a file booked with the edit; the wizard's mapping for the README's tab-separated export; a 200 000-line file's
 * progress bar seen at two values before DONE; two members merged from a member's page.
 */
class ConsoleBrowserTest extends LoyaltyHubTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SHOTS = Path.of("target", "console");
    private static final String DAY1 = "counterpoint-store001-20261102.csv";

    @Value("${poshub.mappings-dir}")
    Path mappingsDir;
    ChromeDriver browser;
    WebDriverWait wait;

    @BeforeEach
    void openBrowser() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "not run: headless Chromium is not installed here (apt-get install chromium chromium-driver; .ci/run does)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1500,1100",
                "--user-data-dir=" + Files.createTempDirectory("poshub-chromium-"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build(), options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        // Pages re-render parts of themselves every second or three: an element found a moment ago may be gone.
        wait.ignoring(StaleElementReferenceException.class);
        Files.createDirectories(SHOTS);
        browser.get("http://localhost:" + port + "/admin");
        signIn(People.ADMIN, People.ADMIN_PASSWORD);
        try {
            wait.until(d -> !d.findElements(By.id("feeds")).isEmpty());
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the console did not show its feeds; console: " + severe() + "; page: "
                    + browser.findElement(By.tagName("body")).getText(), e);
        }
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aVisitorWithoutCredentialsSignsInOnTheConsolesOwnPage() {
        // 127.0.0.1 is another origin than the localhost signed in before each test: its tab storage is empty.
        String origin = "http://127.0.0.1:" + port;
        browser.get(origin + "/admin/index.html#imports");
        signIn("admin", "not the password");
        wait.until(d -> d.findElement(By.id("refused")).isDisplayed());
        assertThat(browser.findElement(By.id("refused")).getText()).isEqualTo("Wrong user or password.");
        assertThat(browser.getCurrentUrl()).contains("next=%23imports");
        shoot("sign-in-refused");

        browser.findElement(By.id("user")).clear();
        browser.findElement(By.id("password")).clear();
        signIn(People.ADMIN, People.ADMIN_PASSWORD);
        wait.until(d -> !d.findElements(By.id("imports")).isEmpty());
        assertThat(browser.getCurrentUrl()).isEqualTo(origin + "/admin/index.html#imports");

        browser.findElement(By.id("sign-out")).click();
        wait.until(d -> d.getCurrentUrl().contains("/admin/login.html"));
        browser.get(origin + "/admin/index.html");
        wait.until(d -> d.getCurrentUrl().contains("/admin/login.html"));
        assertThat(severe()).as("console errors").allSatisfy(line -> assertThat(line).contains("401"));
    }

    @Test
    void everyPageLoadsWithoutAConsoleErrorAndIsPhotographed() throws Exception {
        importSampleMembers();
        // Yesterday at store 777: two tickets came, the Z counts three — something for the day-close pages to show.
        String yesterday = LocalDate.now().minusDays(1).toString();
        book("yesterday.csv", String.join(",", "777", "1", "9001", yesterday, yesterday + " 10:00:00", "", "", "", "", "1", "S", "SKU-A",
                "Item", "APPAREL", "1", "0", "50.00", "50.00", "0.00", "50.00", "VISA", ""), String.join(",", "777", "1", "9002", yesterday,
                yesterday + " 11:00:00", "", "", "", "", "1", "S", "SKU-B", "Item", "HOME", "1", "0", "20.00", "20.00", "0.00", "20.00", "CASH", ""));
        Files.writeString(mappingsDir.resolve("zreport-test.yaml"), "format: zreport\ncurrency: CAD\ntimezone: America/Toronto\n");
        addFeed("ztest", "file:" + dataDir.resolve("inbox/ztest"), "zreport-test");
        drop("STORE,REGISTER,BUSINESS_DATE,Z_NO,FIRST_TICKET,LAST_TICKET,TICKET_COUNT,TENDER,TENDER_COUNT,TENDER_AMOUNT\n"
                + "777,1," + yesterday + ",41,9001,9003,3,VISA,1,50.00\n777,1," + yesterday + ",41,9001,9003,3,CASH,2,35.00\n",
                dataDir.resolve("inbox/ztest"), "z-777.csv");
        awaitImport("ztest", "z-777.csv");
        // The terminals settled 70,00 by VISA: 20,00 more than the VISA tender — ticket 9002's CASH 20,00, keyed as cash.
        Files.writeString(mappingsDir.resolve("terminal-test.yaml"), "format: terminal\ncurrency: CAD\ntimezone: America/Toronto\n");
        org.apache.camel.builder.TemplatedRouteBuilder.builder(camel, "terminal-feed").routeId("feed-ttest").parameter("feed", "ttest")
                .parameter("source", "file:" + dataDir.resolve("inbox/ttest")).parameter("mapping", "terminal-test").add();
        drop("STORE,TERMINAL,BUSINESS_DATE,SCHEME,COUNT,AMOUNT\n777,T-1," + yesterday + ",VISA,2,70.00\n", dataDir.resolve("inbox/ttest"), "t-777.csv");
        awaitImport("ttest", "t-777.csv");
        open("#day-close/777/" + yesterday, "page");
        try {
            wait.until(d -> d.findElement(By.id("page")).getText().contains("Missing tickets: 9003"));
            wait.until(d -> d.findElement(By.id("terminals")).getText().contains("TERMINAL_MISMATCH")
                    && d.findElement(By.id("terminals")).getText().contains("1/9002"));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(browser.findElement(By.tagName("body")).getText() + " / " + severe(), e);
        }
        // The drawer of register 1 counted on the page: float 100,00, counted 115,00 against 20,00 taken in cash — 5,00 short.
        browser.findElement(By.id("cash-register")).sendKeys("1");
        browser.findElement(By.id("cash-float")).sendKeys("100");
        browser.findElement(By.id("cash-counted")).sendKeys("115");
        browser.findElement(By.id("cash-count-button")).click();
        wait.until(d -> d.findElements(By.cssSelector("#cash-drawers td.text-danger")).stream().anyMatch(c -> c.getText().contains("5.00")));
        assertThat(jdbc.queryForMap("SELECT float_minor, counted_minor, source FROM cash_count WHERE store = '777'"))
                .containsEntry("float_minor", 10000L).containsEntry("counted_minor", 11500L).containsEntry("source", "API");
        shoot("store-day");
        Map<String, String> pages = Map.of("today", "sales-chart", "imports", "imports", "members", "member-results",
                "gift-cards", "gift-cards-sold", "payments", "payments-date", "day-close", "page", "mappings", "mapping-list",
                "till-keys", "till-keys", "audit", "audit", "rewards", "reward-code");
        for (String page : List.of("today", "imports", "members", "rewards", "gift-cards", "payments", "day-close", "mappings", "till-keys",
                "audit")) {
            open("#" + page, pages.get(page));
            shoot(page);
        }
        long member = jdbc.queryForObject("SELECT MIN(id) FROM member", Long.class);
        // A receipt the SMS provider refused: the day-close page lists it with its reason (as text), and it is tried again from there.
        jdbc.update("""
                INSERT INTO receipt_outbox (member_id, merchant, kind, source_id, channel, state, tries, last_error)
                VALUES (?, 'demo', 'SALE', 424242, 'SMS', 'FAILED', 8, 'the SMS provider answered 400: <b>not a mobile</b>')
                """, member);
        open("#day-close", "receipts-failed");
        wait.until(d -> d.findElement(By.id("receipts-failed")).getText().contains("answered 400: <b>not a mobile</b>"));
        assertThat(browser.findElement(By.id("receipt-counts")).getText()).contains("1 failed");
        browser.findElement(By.cssSelector("#receipts-failed button")).click();
        wait.until(d -> "PENDING".equals(jdbc.queryForObject("SELECT state FROM receipt_outbox WHERE source_id = 424242", String.class)));
        open("#members/" + member, "member-facts");
        shoot("member");
        open("#mappings/loyal", "mapping-text");
        shoot("mapping-editor");
        assertThat(severe()).as("console errors").isEmpty();
    }

    /**
     * Markup planted wherever data reaches the console — a member's names, a rejected line's value, a file's name, the
     * name a failed sign-in tried, a refused file's header in its error, a refused mapping's value in its error — shows
     * as the text it is: no element made of it, no script run (the page's title is what a planted script would
     * change), whatever the Content-Security-Policy would also have stopped.
     */
    @Test
    void markupPlantedInTheDataShowsAsTextAndRunsNothing() throws Exception {
        importSampleMembers();
        String image = "<img src=x onerror=document.title='owned'>";
        String script = "<script>document.title='owned'</script>";
        long member = jdbc.queryForObject("SELECT MIN(id) FROM member", Long.class);
        HttpHeaders json = new HttpHeaders();
        json.setContentType(MediaType.APPLICATION_JSON);
        admin().exchange("/api/members/" + member, HttpMethod.PATCH, new HttpEntity<>(
                Map.of("firstName", image, "lastName", script), json), String.class);
        String planted = "<img src=x onerror=alert(1)>.csv";
        drop(HEADER + String.join(",", "001", "1", "7001", "2026-11-05", "2026-11-05 10:00:00", "", "", "", "", "1", "S", "SKU-1",
                "Item", "APPAREL", "<img src=x onerror=alert(2)>", "0", "10.00", "10.00", "0.00", "10.00", "CASH", "") + "\n", inbox(), planted);
        awaitImport("loyal", planted);
        assertThat(http.withBasicAuth(script, "guess").getForEntity("/api/feeds", String.class).getStatusCode().value()).isEqualTo(401);

        open("#members/" + member, "member-facts");
        assertLiteral(image, script);
        open("#imports", "imports");
        wait.until(d -> row(planted, "FAILED").or(() -> row(planted, "DONE_WITH_REJECTS")).map(r -> {
            r.click();
            return true;
        }).orElse(null));
        wait.until(d -> !d.findElements(By.id("import-detail")).isEmpty());
        assertLiteral(planted, "'<img src=x onerror=alert(2)>'");
        open("#audit", "audit");
        assertLiteral(script);

        // A file refused whole echoes its header in the import's error; a mapping refused echoes its value.
        drop(script + "\n1,2\n", inbox(), "planted-header.csv");
        awaitImport("loyal", "planted-header.csv");
        open("#imports", "imports");
        wait.until(d -> row("planted-header.csv", "FAILED").map(r -> {
            r.click();
            return true;
        }).orElse(null));
        wait.until(d -> d.findElements(By.id("import-detail")).stream().anyMatch(e -> e.getText().contains("the header is not")));
        assertLiteral("(found " + script + ")");
        Path plantedMapping = mappingsDir.resolve("planted.yaml");
        try {
            Files.writeString(plantedMapping, "format: \"" + image + "\"\n");
            wait.until(d -> admin().getForObject("/api/mappings", String.class).contains("unknown format"));
            open("#mappings", "mapping-list");
            wait.until(d -> d.findElement(By.id("mapping-list")).getText().contains("unknown format"));
            assertLiteral(image);
        } finally {
            Files.deleteIfExists(plantedMapping);
        }
        shoot("planted-markup");
    }

    /** Each text shows on the page as written; no element or script came of it; the title is the console's own. */
    private void assertLiteral(String... texts) {
        String page = browser.findElement(By.tagName("body")).getText();
        for (String text : texts) {
            assertThat(page).contains(text);
        }
        assertThat((Long) browser.executeScript("return document.querySelectorAll('img[src=\"x\"]').length")).isZero();
        assertThat((Boolean) browser.executeScript("return [...document.scripts].some(s => s.textContent.includes('owned'))")).isFalse();
        assertThat(browser.getTitle()).isEqualTo("poshub console");
    }

    @Test
    void anUploadedFileShowsItsCountsAndRejects() throws Exception {
        importSampleMembers();
        open("#imports", "feed-select");
        browser.findElement(By.id("file-input")).sendKeys(SAMPLES.resolve(DAY1).toString());
        browser.findElement(By.id("upload-button")).click();
        wait.until(d -> d.findElement(By.id("upload-result")).getText().contains("as import"));
        List<String> cells = wait.until(d -> row(DAY1, "DONE_WITH_REJECTS").map(r -> r.findElements(By.tagName("td")).stream()
                .map(WebElement::getText).toList()).orElse(null));
        assertThat(cells.subList(4, 10)).containsExactly("57", "2", "24", "0", "1", "4");
        wait.until(d -> row(DAY1, "DONE_WITH_REJECTS").map(r -> {
            r.click();
            return true;
        }).orElse(null));
        WebElement detail = wait.until(d -> d.findElement(By.id("import-detail")).getText().contains("line 14")
                ? d.findElement(By.id("import-detail")) : null);
        assertThat(detail.getText()).contains("line 13", "QTY_SOLD (column 15) 'two' is not a number");
        shoot("import-detail");
        assertThat(severe()).isEmpty();
    }

    @Test
    void aMappingIsOpenedBrokenCheckedFixedTriedSavedAndTheNextFileBooksWithIt() throws Exception {
        long member = createMember(Map.of("externalId", "CON-1", "cardNumber", "CONCARD01"));
        Path sample = Files.createTempFile("poshub-try-", ".csv");
        Files.writeString(sample, HEADER + sale("CON-T1", "CONCARD01", "SKU-A", "APPAREL", "40.00") + "\n");

        open("#mappings/loyal", "mapping-text");
        String text = value("mapping-text");
        setText(text.replace("pointsPerUnit: 1", "pointsPerUnitt: 3"));
        browser.findElement(By.id("check-button")).click();
        WebElement problem = wait.until(d -> d.findElements(By.cssSelector("#mapping-problems .problem")).stream().findFirst().orElse(null));
        int line = FormatTesting.lineOf(text, "pointsPerUnit");
        assertThat(problem.getText()).startsWith("line " + line + ": ").contains("unknown key 'pointsPerUnitt' in earn");
        assertThat(browser.findElement(By.cssSelector("#mapping-gutter .bad")).getText()).isEqualTo(String.valueOf(line));
        shoot("mapping-check");

        setText(text.replace("pointsPerUnit: 1", "pointsPerUnit: 3"));
        browser.findElement(By.id("check-button")).click();
        wait.until(d -> d.findElement(By.id("mapping-problems")).getText().contains("The mapping is good"));
        browser.findElement(By.id("mapping-sample")).sendKeys(sample.toString());
        browser.findElement(By.id("try-button")).click();
        WebElement tried = wait.until(d -> d.findElements(By.cssSelector("#tried-sales tbody tr")).stream().findFirst().orElse(null));
        List<String> shown = tried.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
        assertThat(shown.get(4)).isEqualTo("BOOKED");
        assertThat(shown.get(6)).isEqualTo("120");
        shoot("mapping-try");

        browser.findElement(By.id("save-button")).click();
        wait.until(d -> d.findElement(By.id("mapping-saved")).getText().contains("Saved"));
        assertThat(Files.readString(mappingsDir.resolve("loyal.yaml"))).contains("pointsPerUnit: 3");
        // What Try showed is what POST /preview says with the saved mapping: member and points alike.
        MultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
        body.add("file", new FileSystemResource(sample));
        Map<String, Object> sale = ((List<Map<String, Object>>) admin().postForObject("/api/feeds/loyal/preview", body, Map.class)
                .get("sales")).get(0);
        assertThat(sale).containsEntry("points", 120).containsEntry("memberId", (int) member).containsEntry("outcome", "BOOKED");
        assertThat(shown.get(5)).isEqualTo(String.valueOf(member));

        book("con-1.csv", sale("CON-T1", "CONCARD01", "SKU-A", "APPAREL", "40.00"));
        assertThat(balance(member)).isEqualTo(120);
        assertThat(severe()).isEmpty();
    }

    @Test
    void theWizardWritesAMappingThatBooksTheReadmesTabSeparatedExport() throws Exception {
        Path sample = Files.createTempFile("poshub-kassa-", ".txt");
        Files.writeString(sample, "12\t1\t900\t02.11.2026\t14.05\t\t912 34 567\tSKU-1\t2\t24990\n"
                + "12\t1\t901\t02.11.2026\t14.10\t\t\tSKU-2\t-1\t-4990\n");
        open("#mappings/+new", "wizard-sample");
        browser.findElement(By.id("wizard-sample")).sendKeys(sample.toString());
        wait.until(d -> !d.findElements(By.id("wizard-rows")).isEmpty());
        assertThat(browser.findElement(By.id("wizard-rows")).getText()).contains("912 34 567", "24990");
        WebElement header = browser.findElement(By.id("wizard-header"));
        if (header.isSelected()) {
            header.click();
        }
        String[] fields = {"store", "register", "ticket", "date", "time", "card", "phone", "sku", "quantity", "lineNet"};
        for (int i = 0; i < fields.length; i++) {
            pick("wizard-field-" + fields[i], String.valueOf(i + 1));
        }
        type("wizard-name", "kassa");
        type("wizard-datePattern", "dd.MM.yyyy");
        type("wizard-timePattern", "HH.mm");
        type("wizard-timezone", "Europe/Oslo");
        browser.findElement(By.id("wizard-minorUnits")).click();
        shoot("mapping-wizard");
        browser.findElement(By.id("wizard-build")).click();
        wait.until(d -> value("mapping-text").contains("format: generic"));
        browser.findElement(By.id("save-button")).click();
        wait.until(d -> d.findElement(By.id("mapping-saved")).getText().contains("Saved: the next file"));

        Path inbox = dataDir.resolve("inbox/kassa");
        TemplatedRouteBuilder.builder(camel, "pos-feed").routeId("feed-kassa").parameter("feed", "kassa")
                .parameter("source", "file:" + inbox).parameter("mapping", "kassa").add();
        drop(sample, inbox, "kassa-20261102.txt");
        awaitImport("kassa", "kassa-20261102.txt");
        assertThat(jdbc.queryForMap("SELECT status, rows_total, rows_rejected, sales_total FROM import_file WHERE feed = 'kassa'"))
                .containsEntry("status", "DONE").containsEntry("rows_total", 2).containsEntry("rows_rejected", 0).containsEntry("sales_total", 2);
        assertThat(jdbc.queryForList("SELECT net_amount FROM sale WHERE feed = 'kassa' ORDER BY ticket", String.class))
                .containsExactly("249.90", "-49.90");
        assertThat(severe()).isEmpty();
    }

    @Test
    void aBigFilesProgressBarMovesBeforeItIsDone() throws Exception {
        Path big = Files.createTempFile("poshub-big-", ".csv");
        Files.writeString(big, TicketFiles.counterpoint(100_000, "7", 1, List.of("")));
        open("#today", "feeds");
        drop(big, inbox(), "big-200000.csv");
        Set<String> seen = new HashSet<>();
        wait.withTimeout(Duration.ofSeconds(120)).until(d -> {
            d.findElements(By.cssSelector("#running .progress-bar")).forEach(bar -> seen.add(bar.getAttribute("data-bytes")));
            if (seen.size() == 2) {
                shoot("today-progress");
            }
            return seen.size() >= 2 || done("big-200000.csv");
        });
        assertThat(seen).as("progress values seen before DONE").hasSizeGreaterThanOrEqualTo(2);
        awaitImport("loyal", "big-200000.csv");
        assertThat(jdbc.queryForMap("SELECT status, rows_total, bytes_read = size_bytes AS whole FROM import_file WHERE name = 'big-200000.csv'"))
                .containsEntry("status", "DONE").containsEntry("rows_total", 200_000).containsEntry("whole", 1);
        assertThat(severe()).isEmpty();
    }

    @Test
    void twoMembersAreMergedFromTheSurvivorsPage() throws Exception {
        long survivor = createMember(Map.of("externalId", "MERGE-A", "cardNumber", "MERGECARDA"));
        long merged = createMember(Map.of("externalId", "MERGE-B", "cardNumber", "MERGECARDB"));
        open("#members/" + survivor, "merge-from");
        type("merge-from", String.valueOf(merged));
        browser.findElement(By.id("merge-button")).click();
        answerDialog(null);
        wait.until(d -> member(merged).get("status").equals("MERGED"));
        assertThat(member(merged)).containsEntry("mergedInto", (int) survivor);
        // The merged member's page is its own, marked as merged into the survivor.
        open("#members/" + merged, "member-facts");
        WebElement facts = wait.until(d -> d.findElements(By.cssSelector("#member-facts[data-member-id='" + merged + "']")).stream()
                .findFirst().orElse(null));
        assertThat(facts.getText()).contains("MERGED (into " + survivor + ")");
        assertThat(severe()).isEmpty();
    }

    /**
     * Members' rights on the member page (contract §17): the consent history shows each change; an admin exports the member
     * and erases it after giving a reason and confirming — the page then says ERASED with nothing personal left; a viewer
     * sees neither button.
     */
    @Test
    void anAdminErasesAMemberFromItsPageAndAViewerCannot() throws Exception {
        long id = createMember(Map.of("externalId", "RIGHTS-1", "cardNumber", "RIGHTSCARD1", "firstName", "Ragnhild"));
        admin().patchForObject("/api/members/" + id, Map.of("marketingConsent", true), Map.class);
        open("#members/" + id, "consents");
        assertThat(browser.findElement(By.id("consents")).getText()).contains("marketing", "yes", "api");
        assertThat(browser.findElements(By.id("export-button"))).hasSize(1);
        browser.findElement(By.id("erase-button")).click();
        answerDialog("case 2026-7");
        answerDialog(null);
        wait.until(d -> "ERASED".equals(member(id).get("status")));
        WebElement facts = wait.until(d -> d.findElements(By.id("member-facts")).stream()
                .filter(f -> f.getText().contains("ERASED")).findFirst().orElse(null));
        assertThat(facts.getText()).doesNotContain("Ragnhild", "RIGHTSCARD1", "RIGHTS-1").contains("erased");
        assertThat(browser.findElements(By.id("erase-button"))).isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE action = 'memberRightsErasure' AND detail LIKE '%case 2026-7%'",
                Integer.class)).isEqualTo(1);

        long other = createMember(Map.of("externalId", "RIGHTS-2", "cardNumber", "RIGHTSCARD2"));
        browser.executeScript("sessionStorage.clear()");
        browser.get("http://localhost:" + port + "/admin");
        signIn(People.VIEWER, People.VIEWER_PASSWORD);
        wait.until(d -> !d.findElements(By.id("feeds")).isEmpty());
        open("#members/" + other, "consents");
        assertThat(browser.findElements(By.id("member-rights"))).isEmpty();
        assertThat(severe()).isEmpty();
    }

    /**
     * Rewards in the console (contract §18): an admin adds a reward on the Rewards page and sees it listed; a voucher a
     * till bought with it shows on the member's page.
     */
    @Test
    void anAdminAddsARewardAndTheMembersVoucherShowsOnItsPage() throws Exception {
        open("#rewards", "reward-code");
        type("reward-code", "COFFEE");
        type("reward-name", "A free coffee");
        type("reward-cost", "15");
        pick("reward-kind", "ITEM");
        type("reward-value", "35");
        type("reward-days", "14");
        browser.findElement(By.id("reward-save")).click();
        wait.until(d -> d.findElement(By.id("reward-said")).getText().contains("saved"));
        wait.until(d -> d.findElements(By.cssSelector("#rewards tbody tr")).stream().anyMatch(r -> r.getText().contains("COFFEE")));
        assertThat(jdbc.queryForMap("SELECT points_cost, kind, valid_days FROM reward WHERE code = 'COFFEE'"))
                .containsEntry("points_cost", 15L).containsEntry("kind", "ITEM").containsEntry("valid_days", 14);

        long member = createMember(Map.of("externalId", "COFFEE-1", "cardNumber", "COFFEECARD1"));
        book("coffee-points.csv", sale("801", "COFFEECARD1", "SKU-A", "APPAREL", "30.00"));
        org.springframework.http.HttpHeaders keyed = new org.springframework.http.HttpHeaders();
        keyed.set("Idempotency-Key", "coffee-1");
        String voucher = asTill(DEMO_TILL).exchange("/api/members/" + member + "/rewards/COFFEE/vouchers",
                org.springframework.http.HttpMethod.POST, new org.springframework.http.HttpEntity<>(null, keyed), Map.class)
                .getBody().get("voucher").toString();
        open("#members/" + member, "vouchers");
        assertThat(browser.findElement(By.id("vouchers")).getText()).contains(voucher, "COFFEE", "issued");
        // Its points as the till sees them, nothing pending or expiring (the loyal mapping's points are spendable at once and
        // never expire).
        long left = balance(member);
        assertThat(browser.findElement(By.id("member-facts")).getText()).contains("balance\n" + left + " points", "pending\n0 points",
                "nothing in the next 90 days");

        // The program of each mapping, and a run an admin starts as of a day.
        open("#rewards", "programs");
        assertThat(browser.findElement(By.id("programs")).getText()).contains("loyal", "never");
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("document.getElementById('loyalty-as-of').value = '2026-11-30'");
        browser.findElement(By.id("loyalty-run-button")).click();
        answerDialog(null);
        wait.until(d -> d.findElement(By.id("loyalty-run-said")).getText().contains("expired"));
        wait.until(d -> d.findElements(By.cssSelector("#loyalty-runs tbody tr")).stream().anyMatch(r -> r.getText().contains("2026-11-30")));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM loyalty_run WHERE as_of = '2026-11-30'", Integer.class)).isEqualTo(1);
        assertThat(severe()).isEmpty();
    }

    /** Waits for the page's prompt or confirmation and accepts it, typing {@code text} first when given. */
    private void answerDialog(String text) {
        wait.until(d -> {
            try {
                var dialog = d.switchTo().alert();
                if (text != null) {
                    dialog.sendKeys(text);
                }
                dialog.accept();
                return true;
            } catch (org.openqa.selenium.NoAlertPresentException e) {
                return false;
            }
        });
    }

    private void open(String hash, String waitForId) {
        browser.executeScript("location.hash = arguments[0]", hash);
        wait.until(d -> !d.findElements(By.id(waitForId)).isEmpty());
        wait.until(d -> d.findElement(By.id("problem")).getAttribute("class").contains("d-none")
                || !d.findElement(By.id("problem")).getText().isEmpty());
        assertThat(browser.findElement(By.id("problem")).getText()).as("the page's problem box on " + hash).isEmpty();
    }

    private void shoot(String name) {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        try {
            Files.copy(shot.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the console's sign-in page (the console sends a visitor there) and signs in. */
    private void signIn(String user, String password) {
        wait.until(d -> d.getCurrentUrl().contains("/admin/login.html") && !d.findElements(By.id("user")).isEmpty());
        browser.findElement(By.id("user")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("sign-in")).click();
    }

    private List<String> severe() {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(entry.getMessage());
            }
        }
        return errors;
    }

    private java.util.Optional<WebElement> row(String name, String status) {
        return browser.findElements(By.cssSelector("#imports tbody tr")).stream()
                .filter(r -> r.getText().contains(name) && r.getText().contains(status)).findFirst();
    }

    private boolean done(String name) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM import_file WHERE name = ? AND finished_at IS NOT NULL", Integer.class, name) > 0;
    }

    private String value(String id) {
        return browser.findElement(By.id(id)).getAttribute("value");
    }

    private void setText(String text) {
        ((JavascriptExecutor) browser).executeScript("const a = document.getElementById('mapping-text'); a.value = arguments[0];"
                + "a.dispatchEvent(new Event('input'));", text);
    }

    private void type(String id, String text) {
        WebElement input = browser.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    private void pick(String id, String value) {
        browser.findElement(By.cssSelector("#" + id + " option[value='" + value + "']")).click();
    }

}
