package io.poshub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.poshub.support.Expected;
import io.poshub.support.HubTest;
import io.poshub.support.People;
import io.poshub.support.TicketFiles;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.LinkedMultiValueMap;

/** Upload, preview (nothing written) and reprocess after a fix, through the admin API. */
class ManualImportsTest extends HubTest {

    private static final String DAY1 = "counterpoint-store001-20261102.csv";
    private static final List<String> TABLES = List.of("member", "sale", "sale_line", "points_entry", "import_file", "import_reject",
            "parked_sale", "redemption_request", "payment", "payment_event", "CAMEL_MESSAGEPROCESSED");
    private static Path mappings;

    @Autowired
    TestRestTemplate http;
    @Autowired
    ImportFiles importFiles;
    @Autowired
    ImportSweep sweep;

    @DynamicPropertySource
    protected static void hubProperties(DynamicPropertyRegistry registry) throws IOException {
        Path root = Files.createTempDirectory("poshub-manual-");
        mappings = Files.createDirectories(root.resolve("mappings"));
        Files.copy(Path.of("mappings/counterpoint.yaml"), mappings.resolve("counterpoint.yaml"));
        Files.writeString(mappings.resolve("fixme.yaml"), Files.readString(Path.of("mappings/counterpoint.yaml"))
                .replace("match: [card, externalId, phone, email]", "match: [email]"));
        hub(registry, Settings.defaults().withConfigDirs(Files.createDirectories(root.resolve("routes")), mappings));
    }

    @BeforeEach
    void feeds() throws IOException {
        if (camel.getRoute("feed-store-001") == null) {
            importSampleMembers();
            addFeed("store-001", "file:" + dataDir.resolve("inbox/store-001"), "counterpoint");
            addFeed("fix", "file:" + dataDir.resolve("inbox/fix"), "fixme");
        }
    }

    @Test
    void aPreviewWritesNothingAndForetellsTheImport() throws IOException {
        Map<String, Long> rowsBefore = rowCounts();
        List<String> filesBefore = files();

        ResponseEntity<Map> preview = admin().postForEntity("/api/feeds/store-001/preview", multipart(DAY1, Files.readAllBytes(SAMPLES.resolve(DAY1))), Map.class);
        assertThat(preview.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(rowCounts()).isEqualTo(rowsBefore);
        assertThat(files()).isEqualTo(filesBefore);
        Map<String, Object> counts = (Map<String, Object>) preview.getBody().get("counts");
        assertThat(counts).containsEntry("salesBooked", 24).containsEntry("salesParked", 1).containsEntry("rowsRejected", 2);
        assertThat((List<?>) preview.getBody().get("rejects")).hasSize(2);
        assertThat((List<Map<String, Object>>) preview.getBody().get("sales")).filteredOn(s -> "1001".equals(s.get("ticket")))
                .singleElement().satisfies(s -> assertThat(s).containsEntry("outcome", "BOOKED").containsEntry("points", 74));

        NotifyBuilder done = files(camel, "store-001").whenDone(1).create();
        ResponseEntity<Map> upload = admin().postForEntity("/api/feeds/store-001/uploads", multipart(DAY1, Files.readAllBytes(SAMPLES.resolve(DAY1))), Map.class);
        assertThat(upload.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(done.matches(30, TimeUnit.SECONDS)).isTrue();
        awaitImport(((Number) upload.getBody().get("importId")).longValue());
        Map<String, Object> imported = admin().getForObject("/api/imports/" + upload.getBody().get("importId"), Map.class);
        assertThat(imported).containsEntry("status", "DONE_WITH_REJECTS").containsEntry("name", DAY1);
        for (String column : List.of("rowsAccepted", "rowsRejected", "salesBooked", "salesDuplicate", "salesParked", "salesAnonymous")) {
            assertThat(imported.get(column)).as(column).isEqualTo(counts.get(column));
        }
        assertThat(imported.get("salesBooked")).isEqualTo(Expected.counts(DAY1).get("sales_booked"));
    }

    @Test
    void afterTheMemberIsCreatedAndTheMappingFixedAReprocessBooksWhatWasMissingAndNothingTwice() throws IOException {
        memberImport.load("demo", new StringReader("""
                external_id,card_number,phone,email,first_name,last_name,tier
                F1,CARDAAAA01,,shared@example.org,Twin,One,BASE
                F2,CARDBBBB02,,shared@example.org,Twin,Two,BASE
                F3,CARDDDDD04,,f3@example.org,Third,Member,BASE
                """));
        String header = Files.readAllLines(SAMPLES.resolve(DAY1)).get(0).replace("\uFEFF", "");
        String file = header + "\n"
                + "050,1,601,2026-11-08,2026-11-08 10:00:00,,CARDAAAA01,shared@example.org,,1,S,SKU-1,x,HOME,1,0,30.00,30.00,0,30.00,CASH,\n"
                + "050,1,602,2026-11-08,2026-11-08 10:10:00,,CARDCCCC03,unknown@example.org,,1,S,SKU-1,x,HOME,1,0,40.00,40.00,0,40.00,CASH,\n"
                + "050,1,603,2026-11-08,2026-11-08 10:20:00,,CARDDDDD04,f3@example.org,,1,S,SKU-1,x,HOME,1,0,50.00,50.00,0,50.00,CASH,\n";
        NotifyBuilder first = files(camel, "fix").whenDone(1).create();
        drop(file, dataDir.resolve("inbox/fix"), "fix-20261108.csv");
        assertThat(first.matches(30, TimeUnit.SECONDS)).isTrue();
        awaitImport("fix", "fix-20261108.csv");
        Map<String, Object> before = jdbc.queryForMap("SELECT * FROM import_file WHERE feed = 'fix'");
        assertThat(before).containsEntry("rows_rejected", 1).containsEntry("sales_parked", 1).containsEntry("sales_booked", 1);

        HttpHeaders json = new HttpHeaders();
        json.setContentType(MediaType.APPLICATION_JSON);
        assertThat(admin().postForEntity("/api/members", new HttpEntity<>(Map.of("cardNumber", "CARDCCCC03",
                "email", "unknown@example.org", "externalId", "F4"), json), Map.class).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        Files.writeString(mappings.resolve("fixme.yaml"), Files.readString(mappings.resolve("fixme.yaml"))
                .replace("match: [email]", "match: [card, email]"));

        NotifyBuilder again = files(camel, "fix").whenDone(1).create();
        ResponseEntity<Map> reprocess = admin().postForEntity("/api/imports/" + before.get("id") + "/reprocess", null, Map.class);
        assertThat(reprocess.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(again.matches(30, TimeUnit.SECONDS)).isTrue();
        awaitImport(((Number) reprocess.getBody().get("importId")).longValue());

        Map<String, Object> after = jdbc.queryForMap("SELECT * FROM import_file WHERE id = ?", reprocess.getBody().get("importId"));
        assertThat(after).containsEntry("status", "DONE").containsEntry("rows_rejected", 0).containsEntry("sales_booked", 1)
                .containsEntry("sales_duplicate", 2).containsEntry("reprocess_of", before.get("id"));
        assertThat(jdbc.queryForList("SELECT status FROM sale WHERE store = '050' ORDER BY ticket", String.class))
                .containsExactly("BOOKED", "BOOKED", "BOOKED");
        assertThat(balances()).containsEntry("F1", 30L).containsEntry("F4", 40L).containsEntry("F3", 50L);
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM sale s WHERE s.store = '050' AND (SELECT COUNT(*) FROM points_entry p WHERE p.sale_id = s.id) <> 1
                """, Integer.class)).isZero();
    }

    @Test
    void aPreviewShowsTheFirstTicketsInFullAndCountsTheRest() {
        String file = TicketFiles.counterpoint(3_000, "5", 1, List.of("", "BUQSN9P2NP"));
        ResponseEntity<Map> preview = admin().postForEntity("/api/feeds/store-001/preview?limit=10",
                multipart("big.csv", file.getBytes(java.nio.charset.StandardCharsets.UTF_8)), Map.class);
        assertThat(preview.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(preview.getBody()).containsEntry("rowsTotal", 6_000).containsEntry("salesTotal", 3_000)
                .containsEntry("limit", 10).containsEntry("complete", false);
        assertThat((List<?>) preview.getBody().get("sales")).hasSize(10);
        assertThat((Map<String, Object>) preview.getBody().get("counts")).containsEntry("salesBooked", 1_500)
                .containsEntry("salesAnonymous", 1_500);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sale WHERE register = '5'", Integer.class)).isZero();
    }

    @Test
    void aPreviewLocksNothingAFeedBooks() throws Exception {
        importSampleMembers();
        String file = TicketFiles.counterpoint(50, "6", 1, List.of("BUQSN9P2NP"));
        long member = jdbc.queryForObject("SELECT id FROM member WHERE card_number = 'BUQSN9P2NP'", Long.class);
        // A booking holds the member's row; a preview of sales to the same member must not wait for it.
        try (java.sql.Connection booking = connectDirectly()) {
            booking.setAutoCommit(false);
            try (var lock = booking.prepareStatement("SELECT id FROM member WHERE id = ? FOR UPDATE")) {
                lock.setLong(1, member);
                lock.executeQuery().close();
            }
            var answered = java.util.concurrent.CompletableFuture.supplyAsync(() -> admin().postForEntity("/api/feeds/store-001/preview",
                    multipart("locked.csv", file.getBytes(java.nio.charset.StandardCharsets.UTF_8)), Map.class));
            ResponseEntity<Map> preview = answered.get(20, TimeUnit.SECONDS);
            assertThat(preview.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat((Map<String, Object>) preview.getBody().get("counts")).containsEntry("salesBooked", 50);
            assertThat((List<Map<String, Object>>) preview.getBody().get("sales"))
                    .allSatisfy(sale -> assertThat(((Number) sale.get("memberId")).longValue()).isEqualTo(member));
            booking.rollback();
        }
    }

    @Test
    void twoUploadsOfOneNameAreEachBookedWhole() {
        String big = TicketFiles.counterpoint(5_000, "7", 1, List.of(""));
        String small = TicketFiles.counterpoint(2, "8", 1, List.of(""));
        long first = upload("store-001", "day.csv", big);
        long second = upload("store-001", "day.csv", small);

        awaitImport(first);
        awaitImport(second);
        assertThat(jdbc.queryForMap("SELECT name, status, rows_total, sales_total FROM import_file WHERE id = ?", first))
                .containsEntry("name", "day.csv").containsEntry("status", "DONE").containsEntry("rows_total", 10_000)
                .containsEntry("sales_total", 5_000);
        assertThat(jdbc.queryForMap("SELECT name, status, rows_total, sales_total FROM import_file WHERE id = ?", second))
                .containsEntry("name", "day.csv").containsEntry("status", "DONE").containsEntry("rows_total", 4)
                .containsEntry("sales_total", 2);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sale WHERE store = '001' AND register IN ('7', '8')", Integer.class))
                .isEqualTo(5_002);
        // The console's chart of the days: both files count in their feed's day (their sales have no card: anonymous, not booked).
        List<Map<String, Object>> days = http.withBasicAuth(People.ADMIN, People.ADMIN_PASSWORD).exchange("/api/imports/daily?days=2", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
        assertThat(days).anySatisfy(day -> assertThat(day).containsEntry("feed", "store-001")
                .hasEntrySatisfying("files", files -> assertThat(((Number) files).longValue()).isGreaterThanOrEqualTo(2)));
    }

    @Test
    void anImportThatCanNoLongerFinishEndsFailedWithItsReason() throws Exception {
        long gone = importFiles.create("store-001", ImportKind.SALES, "gone.csv", "a".repeat(64), 10);
        long noFeed = importFiles.create("no-such-feed", ImportKind.SALES, "x.csv", "b".repeat(64), 10);
        long halfWritten = importFiles.create("store-001", ImportKind.SALES, "late.csv", "upload-123.part", "c".repeat(64), 10);
        long recent = importFiles.create("store-001", ImportKind.SALES, "recent.csv", "d".repeat(64), 10);
        // a file still waiting in a folder whose feed does not run now: it is read when the feed runs again
        Path waitingFolder = Files.createDirectories(dataDir.resolve("inbox/paused"));
        addFeed("paused", "file:" + waitingFolder, "counterpoint");
        camel.getRouteController().stopRoute("feed-paused");
        drop("STR_ID\n", waitingFolder, "waiting.csv");
        long waiting = importFiles.create("paused", ImportKind.SALES, "waiting.csv", "e".repeat(64), 10);
        jdbc.update("UPDATE import_file SET touched_at = touched_at - INTERVAL 1 HOUR WHERE id IN (?, ?, ?, ?)", gone, noFeed, halfWritten, waiting);

        assertThat(sweep.sweep()).isEqualTo(3);
        assertThat(jdbc.queryForMap("SELECT status, error FROM import_file WHERE id = ?", gone))
                .containsEntry("status", "FAILED").extractingByKey("error").asString().contains("gone.csv", "no longer in the feed's folder");
        assertThat(jdbc.queryForMap("SELECT status, error FROM import_file WHERE id = ?", noFeed))
                .containsEntry("status", "FAILED").extractingByKey("error").asString().contains("no-such-feed no longer exists");
        assertThat(jdbc.queryForMap("SELECT status, error FROM import_file WHERE id = ?", halfWritten))
                .containsEntry("status", "FAILED").extractingByKey("error").asString().contains("never reached the feed's folder");
        assertThat(jdbc.queryForList("SELECT status FROM import_file WHERE id IN (?, ?)", String.class, recent, waiting))
                .containsOnly("RECEIVED");
        assertThat(sweep.sweep()).as("each ended once").isZero();
        jdbc.update("UPDATE import_file SET status = 'FAILED' WHERE id IN (?, ?)", recent, waiting);
    }

    private long upload(String feed, String name, String content) {
        ResponseEntity<Map> answer = admin().postForEntity("/api/feeds/" + feed + "/uploads",
                multipart(name, content.getBytes(java.nio.charset.StandardCharsets.UTF_8)), Map.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        return ((Number) answer.getBody().get("importId")).longValue();
    }

    private Map<String, Long> balances() {
        Map<String, Long> balances = new TreeMap<>();
        jdbc.query("SELECT m.external_id, SUM(p.delta) FROM points_entry p JOIN member m ON m.id = p.member_id GROUP BY m.external_id",
                rs -> {
                    balances.put(rs.getString(1), rs.getLong(2));
                });
        return balances;
    }

    private Map<String, Long> rowCounts() {
        Map<String, Long> counts = new TreeMap<>();
        TABLES.forEach(t -> counts.put(t, jdbc.queryForObject("SELECT COUNT(*) FROM " + t, Long.class)));
        return counts;
    }

    private List<String> files() throws IOException {
        if (!Files.exists(dataDir)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(dataDir)) {
            return all.filter(Files::isRegularFile).map(p -> dataDir.relativize(p).toString()).sorted().toList();
        }
    }

    private static HttpEntity<LinkedMultiValueMap<String, Object>> multipart(String name, byte[] content) {
        LinkedMultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("file", new ByteArrayResource(content) {
            @Override
            public String getFilename() {
                return name;
            }
        });
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        return new HttpEntity<>(form, headers);
    }

    private TestRestTemplate admin() {
        return http.withBasicAuth(People.ADMIN, People.ADMIN_PASSWORD);
    }
}
