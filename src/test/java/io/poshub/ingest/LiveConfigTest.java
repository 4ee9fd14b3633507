package io.poshub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poshub.common.Hashes;
import io.poshub.support.FeedYaml;
import io.poshub.support.FormatTesting;
import io.poshub.support.HubTest;
import io.poshub.support.People;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * routes/ and mappings/ edited while the hub runs, with the shipped watch interval: a new feed is live within
 * 5 s, a changed mapping applies to the next file, a broken edit is refused and reported while the last good
 * version keeps booking, a removed feed file stops its feed, and a bad file at start-up does not stop the others.
 */
class LiveConfigTest extends HubTest {

    private static final Duration LIVE_WITHIN = Duration.ofSeconds(5);
    private static Path routes;
    private static Path mappings;
    private static Path inbox;

    @Autowired
    TestRestTemplate http;

    @DynamicPropertySource
    protected static void hubProperties(DynamicPropertyRegistry registry) throws IOException {
        Path root = Files.createTempDirectory("poshub-live-");
        routes = Files.createDirectories(root.resolve("routes"));
        mappings = Files.createDirectories(root.resolve("mappings"));
        inbox = root.resolve("inbox");
        Files.copy(Path.of("mappings/counterpoint.yaml"), mappings.resolve("live.yaml"));
        write(routes.resolve("good.camel.yaml"), feed("good", "live"));
        write(routes.resolve("broken.camel.yaml"), "- templatedRoute:\n    routeTemplateRef: pos-feed\n   routeId: [oops\n");
        hub(registry, Settings.defaults().withConfigDirs(routes, mappings));
    }

    @BeforeEach
    void members() {
        importSampleMembers();
    }

    @Test
    void aBadFileAtStartUpIsReportedAndTheOtherFeedsStart() {
        assertThat(camel.getRouteController().getRouteStatus("feed-good")).isEqualTo(ServiceStatus.Started);
        assertThat(configErrors()).anySatisfy(e -> {
            assertThat(e.get("file")).asString().endsWith("broken.camel.yaml");
            assertThat(e.get("message")).asString().contains("line");
        });
        assertThat(feeds()).anySatisfy(f -> assertThat(f).containsEntry("feed", "good").containsEntry("state", "running")
                .containsEntry("mapping", "live"));
    }

    @Test
    void aNewFeedFileIsLiveWithinFiveSeconds() {
        startFeed("added", "live");

        assertThat(book("added", "2001")).isEqualTo(50);
    }

    @Test
    void aChangedMappingAppliesToTheNextFile() throws IOException {
        String mapping = Files.readString(mappings.resolve("live.yaml"));
        write(mappings.resolve("changing.yaml"), mapping);
        startFeed("changing", "changing");
        assertThat(book("changing", "3001")).isEqualTo(50);

        write(mappings.resolve("changing.yaml"), mapping.replace("pointsPerUnit: 1", "pointsPerUnit: 2"));
        assertThat(book("changing", "3002")).isEqualTo(100);
    }

    @Test
    void aBrokenEditIsRefusedAndTheLastGoodVersionKeepsBooking() {
        startFeed("edited", "live");
        write(routes.resolve("edited.camel.yaml"), feed("edited", "live").replace("    parameters:", "   parameters: [oops"));
        await().atMost(LIVE_WITHIN).until(() -> configErrors().stream()
                .anyMatch(e -> e.get("file").toString().endsWith("edited.camel.yaml")));
        assertThat(camel.getRouteController().getRouteStatus("feed-edited")).isEqualTo(ServiceStatus.Started);
        assertThat(book("edited", "4004")).isEqualTo(50);

        write(routes.resolve("edited.camel.yaml"), feed("edited", "no-such-mapping"));
        await().atMost(LIVE_WITHIN).until(() -> configErrors().stream()
                .anyMatch(e -> e.get("message").toString().contains("no-such-mapping")));
        assertThat(configErrors()).filteredOn(e -> e.get("file").toString().endsWith("edited.camel.yaml"))
                .singleElement().satisfies(e -> assertThat(e.get("message")).asString().contains("mapping 'no-such-mapping' not found"));
        write(mappings.resolve("bad.yaml"), "format: counterpoint\ncurrency: CAD\ntimezone: Nowhere/Land\nphoneRegion: CA\nmatch: [card]\n");
        await().atMost(LIVE_WITHIN).until(() -> configErrors().stream().anyMatch(e -> e.get("file").toString().endsWith("bad.yaml")));

        assertThat(camel.getRouteController().getRouteStatus("feed-edited")).isEqualTo(ServiceStatus.Started);
        assertThat(book("edited", "4003")).isEqualTo(50);
    }

    /** The review's finding: a plain route beside a feed was loaded and ran. Now the file is refused whole, at its line. */
    @Test
    void aRouteFileReachingBeyondTheHubsTemplatesIsRefusedAndTheFeedItWouldReplaceRunsOn() {
        startFeed("guarded", "live");
        Path owned = routes.getParent().resolve("owned");
        write(routes.resolve("guarded.camel.yaml"), feed("guarded", "live") + """
                - route:
                    id: owned
                    from:
                      uri: timer:owned?repeatCount=1
                      steps:
                        - to: file:%s?fileName=owned.txt
                """.formatted(owned));
        await().atMost(LIVE_WITHIN).until(() -> configErrors().stream()
                .anyMatch(e -> e.get("file").toString().endsWith("guarded.camel.yaml")));

        assertThat(configErrors()).filteredOn(e -> e.get("file").toString().endsWith("guarded.camel.yaml")).singleElement()
                .satisfies(e -> assertThat(e.get("message")).isEqualTo("line 8: only templatedRoute items of the hub's templates "
                        + "(member-feed, pos-feed, terminal-feed) may stand in a route file, not 'route'"));
        assertThat(camel.getRoute("owned")).isNull();
        assertThat(camel.getRouteController().getRouteStatus("feed-guarded")).isEqualTo(ServiceStatus.Started);
        assertThat(book("guarded", "5001")).isEqualTo(50);
        assertThat(owned).doesNotExist();
    }

    /** A mapping saved through the API is in the audit trail with the hashes of the text before and after. */
    @Test
    void aMappingSavedThroughTheApiIsInTheTrailWithItsOldAndNewHash() throws IOException {
        String first = Files.readString(mappings.resolve("live.yaml"));
        String second = first.replace("pointsPerUnit: 1", "pointsPerUnit: 3");
        HttpHeaders text = new HttpHeaders();
        text.setContentType(MediaType.TEXT_PLAIN);
        for (String version : List.of(first, second)) {
            assertThat(http.withBasicAuth(People.ADMIN, People.ADMIN_PASSWORD).exchange("/api/mappings/audited", HttpMethod.PUT,
                    new HttpEntity<>(version, text), String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        }
        List<Map<String, Object>> saves = jdbc.queryForList("SELECT actor, target, JSON_VALUE(detail, '$.before') AS before_hash, "
                + "JSON_VALUE(detail, '$.after') AS after_hash FROM audit_event WHERE action = 'mappingSave' ORDER BY id");
        assertThat(saves).hasSize(2).allSatisfy(s -> assertThat(s).containsEntry("actor", "admin")
                .containsEntry("target", "/api/mappings/audited"));
        assertThat(saves.get(0).get("before_hash")).isNull();
        assertThat(saves.get(0).get("after_hash")).isEqualTo(Hashes.sha256Hex(first.getBytes(StandardCharsets.UTF_8)));
        assertThat(saves.get(1).get("before_hash")).isEqualTo(saves.get(0).get("after_hash"));
        assertThat(saves.get(1).get("after_hash")).isEqualTo(Hashes.sha256Hex(second.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void removingAFeedFileStopsTheFeed() throws IOException {
        startFeed("removed", "live");
        Files.delete(routes.resolve("removed.camel.yaml"));
        await().atMost(LIVE_WITHIN).until(() -> camel.getRoute("feed-removed") == null);
        assertThat(feeds()).extracting(f -> f.get("feed")).doesNotContain("removed").contains("good");
        assertThat(configErrors()).noneMatch(e -> e.get("file").toString().endsWith("removed.camel.yaml"));
    }

    /** Writes the feed's file into routes/ and waits until its route runs: live within five seconds. */
    private void startFeed(String feed, String mapping) {
        write(routes.resolve(feed + ".camel.yaml"), feed(feed, mapping));
        await().atMost(LIVE_WITHIN).until(() -> camel.getRouteController().getRouteStatus("feed-" + feed) == ServiceStatus.Started);
    }

    /** A mapping written from the README alone, for a layout none of the shipped ones covers, books correctly. */
    @Test
    void aMappingWrittenFromTheReadmeForANewLayoutBooks() {
        write(mappings.resolve("kassa.yaml"), FormatTesting.TAB_MAPPING);
        write(routes.resolve("kassa.camel.yaml"), feed("kassa", "kassa"));
        await().atMost(LIVE_WITHIN).until(() -> camel.getRouteController().getRouteStatus("feed-kassa") == ServiceStatus.Started);

        drop("""
                12\t1\t900\t05.11.2026\t14.05\tbuqs n9p2np\t\tSKU-1\t2\t24990
                12\t1\t900\t05.11.2026\t14.05\tbuqs n9p2np\t\tSKU-2\t1\t1050
                12\t1\t901\t05.11.2026\t14.10\t\t960 12 333\tSKU-3\t-1\t-4990
                12\t1\t902\t05.11.2026\t14.20\t\t\tSKU-3\t1\t990
                """, inbox.resolve("kassa"), "kassa-20261105.tsv");
        awaitImport("kassa", "kassa-20261105.tsv");

        Map<String, Object> imported = jdbc.queryForMap("SELECT * FROM import_file WHERE feed = 'kassa'");
        assertThat(imported).containsEntry("status", "DONE").containsEntry("rows_total", 4).containsEntry("sales_booked", 2)
                .containsEntry("sales_anonymous", 1);
        assertThat(jdbc.queryForList("SELECT points FROM sale WHERE feed = 'kassa' ORDER BY ticket", Long.class))
                .containsExactly(260L, -49L, 0L);
        assertThat(jdbc.queryForObject("SELECT net_amount FROM sale WHERE feed = 'kassa' AND ticket = '900'", java.math.BigDecimal.class))
                .isEqualByComparingTo("260.40");
    }

    /** Drops a one-ticket Counterpoint file for member C10042 (a 50.00 line) and answers the points it earned. */
    private long book(String feed, String ticket) {
        String header = "STR_ID,STA_ID,TKT_NO,BUS_DAT,TKT_DT,CUST_NO,LOY_CARD_NO,EMAIL_ADRS_1,PHONE_1,LIN_SEQ_NO,LIN_TYP,ITEM_NO,"
                + "DESCR,CATEG_COD,QTY_SOLD,QTY_RET,PRC,EXT_PRC,TAX_AMT,TOT,PAY_COD,ORIG_TKT_NO\n";
        drop(header + "009,1," + ticket + ",2026-11-05,2026-11-05 10:00:00,C10042,,,,1,S,SKU-1005,Gift card,GIFTCARD,1,0,"
                + "50.00,50.00,7.50,57.50,CASH,\n", inbox.resolve(feed), ticket + ".csv");
        awaitImport(feed, ticket + ".csv");
        return jdbc.queryForObject("SELECT points FROM sale WHERE ticket = ?", Long.class, ticket);
    }

    private static String feed(String feed, String mapping) {
        return FeedYaml.posFeed(feed, "file:" + inbox.resolve(feed), mapping);
    }

    /** Written aside and renamed in, as an admin's editor or deploy tool should. */
    private static void write(Path file, String content) {
        try {
            Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.writeString(temp, content);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Map<String, Object>> configErrors() {
        return http.withBasicAuth(People.ADMIN, People.ADMIN_PASSWORD).exchange("/api/config/errors", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
    }

    private List<Map<String, Object>> feeds() {
        return http.withBasicAuth(People.ADMIN, People.ADMIN_PASSWORD).exchange("/api/feeds", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
    }
}
