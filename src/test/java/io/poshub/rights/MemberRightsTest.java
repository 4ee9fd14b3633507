package io.poshub.rights;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.poshub.support.HubTest;
import io.poshub.support.People;
import io.poshub.support.TicketFiles;
import io.poshub.support.VippsPeer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Members' rights (contract §17). A member's phone, e-mail, card, external id and name are planted in every place the
 * hub keeps them — through real imports (sales booked, a parked sale booked later, a rejected line, a file refused whole
 * into error/), a Vipps payment, the member row — then erased: a dump of every table and every file under the data dir
 * finds none of them, while the points per store, the day close and the number of sales are as before, and another
 * member's data is untouched. A later sale with the old card parks and links to nobody; the old keys find nobody.
 */
class MemberRightsTest extends HubTest {

    private static final String TILL = "till-key-for-rights-tests";
    private static WireMockServer vipps;

    private static final String CARD = "ERZ9K4Q7M2";
    private static final String PHONE = "+15145550199";
    private static final String EMAIL = "kariannelise.erase@example.org";
    private static final String FIRST = "Kariannelise";
    private static final String LAST = "Nordmannsen";
    private static final String EXTERNAL = "C77001";
    /** Each planted value as it may be written, lower-cased: none may be left anywhere. */
    private static final List<String> PLANTED = List.of("erz9k4q7m2", "erz9 k4q7 m2", "5145550199", "555-0199", EMAIL,
            FIRST.toLowerCase(Locale.ROOT), LAST.toLowerCase(Locale.ROOT), EXTERNAL.toLowerCase(Locale.ROOT));

    /** A member of the sample whose sales sit in the same files: nothing of it may go. */
    private static final String BYSTANDER_CARD = "BUQSN9P2NP";

    @Autowired
    TestRestTemplate http;
    @Autowired
    Retention retention;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws IOException {
        hub(registry, Settings.defaults());
        vipps = new WireMockServer(options().dynamicPort());
        vipps.start();
        vipps.stubFor(post("/accesstoken/get").willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"token_type\":\"Bearer\",\"expires_in\":\"3600\",\"access_token\":\"test-token\"}")));
        vipps.stubFor(post("/epayment/v1/payments").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"reference\":\"ok\"}")));
        VippsPeer.configure(registry, vipps);
        registry.add("poshub.till-keys.demo", () -> TILL);
    }

    @AfterAll
    static void stopVipps() {
        vipps.stop();
    }

    @Test
    void anErasedMemberIsNowhereAndEveryTotalStaysAsItWas() throws Exception {
        importSampleMembers();
        Path inbox = dataDir.resolve("inbox/rights");
        addFeed("rights", "file:" + inbox, "counterpoint");
        // Before the member exists: a sale naming only its e-mail parks, and books to it when it arrives.
        drop(TicketFiles.HEADER + line("4001", "", "", EMAIL, "", "1"), inbox, "day0.csv");
        awaitImport("rights", "day0.csv");
        long id = createMember();
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM parked_sale WHERE email = ? AND member_id = ?", Integer.class, EMAIL, id) == 1);
        assertThat(admin().exchange("/api/members/" + id, HttpMethod.PATCH, json("{\"marketingConsent\":true}"), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        // Sales by the card as a till spaces it, by the phone as a person writes it, the bystander's, and a rejected line.
        drop(TicketFiles.HEADER
                + line("5001", EXTERNAL, "ERZ9 K4Q7 M2", EMAIL.toUpperCase(Locale.ROOT), "", "1")
                + line("5001", EXTERNAL, "ERZ9 K4Q7 M2", EMAIL.toUpperCase(Locale.ROOT), "", "2")
                + line("5002", "", "", "", "(514) 555-0199", "1")
                + line("5003", "C10042", BYSTANDER_CARD, "zoe.gagnon42@example.org", "+15145557385", "1")
                + line("5004", EXTERNAL, CARD, EMAIL, PHONE, "1").replace(",1,0,20.00,", ",x,0,20.00,"), inbox, "day1.csv");
        awaitImport("rights", "day1.csv");
        // A file whose first line is a sale, not the header: refused whole, kept in error/, its first line in the error.
        drop(line("5005", EXTERNAL, CARD, EMAIL, PHONE, "1"), inbox, "broken.csv");
        awaitImport("rights", "broken.csv");
        ResponseEntity<String> payment = till().postForEntity("/api/payments", Map.of("reference", "rights-pay-0001",
                "phone", PHONE, "amount", 4_900, "currency", "NOK", "store", "001"), String.class);
        assertThat(payment.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        till().postForEntity("/api/payments", Map.of("reference", "rights-pay-0002", "phone", "+4791234567", "amount", 100,
                "currency", "NOK", "store", "001"), String.class);

        Map<String, String> planted = everything();
        for (String value : List.of(CARD.toLowerCase(Locale.ROOT), "erz9 k4q7 m2", "(514) 555-0199", EMAIL, FIRST.toLowerCase(Locale.ROOT))) {
            assertThat(whereIs(value, planted)).as("%s planted", value).isNotEmpty();
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM import_reject WHERE raw LIKE '%ERZ9%'", Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT error FROM import_file WHERE name = 'broken.csv'", String.class)).contains(CARD);
        long balance = member(id).path("balance").asLong();
        assertThat(balance).isPositive();
        String pointsPerStore = pointsPerStore();
        int sales = jdbc.queryForObject("SELECT COUNT(*) FROM sale", Integer.class);
        String dayClose = dayClose();

        ResponseEntity<String> erased = admin().postForEntity("/api/members/" + id + "/erasure",
                json("{\"reason\":\"member's request, case 2026-118\"}"), String.class);
        assertThat(erased.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode erasure = new ObjectMapper().readTree(erased.getBody());
        assertThat(erasure.path("repeated").asBoolean()).isFalse();

        Map<String, String> left = everything();
        for (String value : PLANTED) {
            assertThat(whereIs(value, left)).as("where %s is left", value).isEmpty();
        }
        assertThat(whereIs(BYSTANDER_CARD.toLowerCase(Locale.ROOT), left)).as("the bystander is untouched")
                .anySatisfy(place -> assertThat(place).startsWith("file archive/rights/"))
                .anySatisfy(place -> assertThat(place).startsWith("table member"));
        assertThat(pointsPerStore()).isEqualTo(pointsPerStore);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sale", Integer.class)).isEqualTo(sales);
        assertThat(dayClose()).isEqualTo(dayClose);
        JsonNode member = member(id);
        assertThat(member.path("status").asText()).isEqualTo("ERASED");
        assertThat(member.path("balance").asLong()).isEqualTo(balance);
        for (String field : List.of("cardNumber", "phone", "email", "firstName", "lastName", "externalId")) {
            assertThat(member.path(field).isNull()).as(field).isTrue();
        }
        assertThat(jdbc.queryForObject("SELECT phone_masked FROM payment WHERE reference = 'rights-pay-0001'", String.class)).isNull();
        assertThat(jdbc.queryForObject("SELECT phone_masked FROM payment WHERE reference = 'rights-pay-0002'", String.class))
                .endsWith("4567");
        // The trail says who erased whom and why, and nothing of what was erased.
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE action = 'memberRightsErasure' AND target = ?",
                Integer.class, "/api/members/" + id + "/erasure")).isEqualTo(1);

        ResponseEntity<String> again = admin().postForEntity("/api/members/" + id + "/erasure", json("{\"reason\":\"again\"}"),
                String.class);
        JsonNode repeated = new ObjectMapper().readTree(again.getBody());
        assertThat(repeated.path("repeated").asBoolean()).isTrue();
        assertThat(repeated.path("erasedAt").asText()).isEqualTo(erasure.path("erasedAt").asText());

        for (String key : List.of("card=" + CARD, "phone=" + PHONE.replace("+", "%2B"), "email=" + EMAIL, "externalId=" + EXTERNAL)) {
            assertThat(admin().getForObject(java.net.URI.create(http.getRootUri() + "/api/members?merchant=demo&" + key), String.class))
                    .as(key).isEqualTo("[]");
        }
        drop(TicketFiles.HEADER + line("6001", "", CARD, "", "", "1"), inbox, "day2.csv");
        awaitImport("rights", "day2.csv");
        assertThat(jdbc.queryForMap("SELECT status, member_id FROM sale WHERE ticket = '6001'"))
                .containsEntry("status", "PARKED").containsEntry("member_id", null);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sale WHERE member_id = ?", Integer.class, id))
                .isEqualTo(jdbc.queryForObject("SELECT COUNT(*) FROM sale WHERE member_id = ? AND ticket <> '6001'", Integer.class, id));
    }

    @Test
    void theExportHoldsEveryEntryTheLedgerHasForTheMember() throws Exception {
        importSampleMembers();
        Path inbox = dataDir.resolve("inbox/export");
        addFeed("export", "file:" + inbox, "counterpoint");
        drop(SAMPLES.resolve("counterpoint-store001-20261102.csv"), inbox, "export-day.csv");
        awaitImport("export", "export-day.csv");
        long id = jdbc.queryForObject("SELECT id FROM member WHERE external_id = 'C10042'", Long.class);
        HttpEntity<String> redemption = json("{\"points\":10,\"reference\":\"r1\",\"store\":\"001\"}");
        HttpHeaders keyed = new HttpHeaders();
        keyed.putAll(redemption.getHeaders());
        keyed.set("Idempotency-Key", "export-redemption-1");
        assertThat(admin().exchange("/api/members/" + id + "/redemptions", HttpMethod.POST, new HttpEntity<>(redemption.getBody(), keyed),
                String.class).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        admin().exchange("/api/members/" + id, HttpMethod.PATCH, json("{\"marketingConsent\":true}"), String.class);
        admin().exchange("/api/members/" + id, HttpMethod.PATCH, json("{\"marketingConsent\":false}"), String.class);
        admin().exchange("/api/rewards/EXPORT1", HttpMethod.PUT, json("{\"name\":\"1 off\",\"pointsCost\":1,\"kind\":\"AMOUNT\","
                + "\"value\":1,\"validDays\":1,\"active\":true}"), String.class);
        HttpHeaders bought = new HttpHeaders();
        bought.set("Idempotency-Key", "export-voucher-1");
        String voucher = new ObjectMapper().readTree(admin().exchange("/api/members/" + id + "/rewards/EXPORT1/vouchers", HttpMethod.POST,
                new HttpEntity<>(null, bought), String.class).getBody()).path("voucher").asText();

        // An e-receipt made for the first of its sales (contract §22) is in it too.
        jdbc.update("INSERT INTO receipt_outbox (member_id, merchant, kind, source_id, channel) VALUES (?, 'demo', 'SALE', ?, 'EMAIL')", id,
                jdbc.queryForObject("SELECT MIN(id) FROM sale WHERE member_id = ?", Long.class, id));
        JsonNode export = new ObjectMapper().readTree(admin().getForObject("/api/members/" + id + "/export", String.class));
        assertThat(export.path("receipts").findValuesAsText("channel")).containsExactly("EMAIL");
        assertThat(export.path("receipts").findValuesAsText("state")).containsExactly("PENDING");
        assertThat(export.path("member").path("id").asLong()).isEqualTo(id);
        List<Long> entries = jdbc.queryForList("SELECT id FROM points_entry WHERE member_id = ? ORDER BY id", Long.class, id);
        assertThat(entries).hasSizeGreaterThan(1);
        assertThat(export.path("points").findValues("id").stream().map(JsonNode::asLong).sorted().toList()).isEqualTo(entries);
        assertThat(export.path("points").findValuesAsText("reason")).contains("EARN", "REDEEM");
        List<Long> sales = jdbc.queryForList("SELECT id FROM sale WHERE member_id = ? ORDER BY id", Long.class, id);
        List<Long> exported = new ArrayList<>();
        export.path("sales").forEach(s -> exported.add(s.path("id").asLong()));
        assertThat(exported.stream().sorted().toList()).isEqualTo(sales);
        int lines = jdbc.queryForObject("SELECT COUNT(*) FROM sale_line l JOIN sale s ON s.id = l.sale_id WHERE s.member_id = ?",
                Integer.class, id);
        int exportedLines = 0;
        for (JsonNode sale : export.path("sales")) {
            exportedLines += sale.path("lines").size();
            assertThat(sale.path("tenders").size()).isPositive();
        }
        assertThat(exportedLines).isEqualTo(lines);
        assertThat(export.path("consents").findValuesAsText("value")).containsExactly("true", "false");
        assertThat(export.path("vouchers").findValuesAsText("voucher")).containsExactly(voucher);
        assertThat(export.path("consents").findValuesAsText("source")).containsOnly("API");
        assertThat(http.withBasicAuth(People.VIEWER, People.VIEWER_PASSWORD).getForEntity("/api/members/" + id + "/export",
                String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

        // The same sales as the member app's receipts (contract §22): a till of the merchant reads them, day by day.
        JsonNode receipts = new ObjectMapper().readTree(till().getForObject("/api/members/" + id + "/receipts?from=2026-11-02&to=2026-11-02",
                String.class));
        assertThat(receipts.findValues("saleId").stream().map(JsonNode::asLong).sorted().toList()).isEqualTo(sales);
        for (JsonNode receipt : receipts) {
            JsonNode sale = jdbc.queryForList("SELECT total_amount, points FROM sale WHERE id = ?", receipt.path("saleId").asLong()).stream()
                    .map(row -> new ObjectMapper().valueToTree(row)).findFirst().map(JsonNode.class::cast).orElseThrow();
            assertThat(receipt.path("total").decimalValue()).isEqualByComparingTo(sale.path("total_amount").decimalValue());
            assertThat(receipt.path("points").asLong()).isEqualTo(sale.path("points").asLong());
            assertThat(receipt.path("lines").size()).isPositive();
            assertThat(receipt.path("tenders").size()).isPositive();
        }
        assertThat(new ObjectMapper().readTree(till().getForObject("/api/members/" + id + "/receipts?from=2026-11-03&to=2026-11-30",
                String.class))).as("none on other days").isEmpty();
        ResponseEntity<String> backwards = till().getForEntity("/api/members/" + id + "/receipts?from=2026-11-03&to=2026-11-02", String.class);
        assertThat(backwards.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(backwards.getBody()).contains("\"field\":\"to\"");
    }

    /**
     * An import booking the member's sales while it is erased: the member's row is held, so the erasure waits on it, and
     * the file's first chunk — its sales matched to the member before the erasure committed — waits behind it. When the
     * hold goes, the erasure commits first: the chunk finds its member erased, goes back, and its sales are matched again.
     * Every sale of the file is there, once; none is booked to the member after its erasure (without the booking's check
     * the waiting chunk's 1 000 were); the member's points are its sales'.
     */
    @Test
    void anErasureDuringAnImportOfTheMembersSalesLosesNothingAndRelinksNothing() throws Exception {
        long id = jdbc.queryForObject("SELECT id FROM member WHERE id = ?", Long.class, createMember("C88001", "CONC8800001"));
        Path inbox = dataDir.resolve("inbox/concurrent");
        addFeed("concurrent", "file:" + inbox, "counterpoint");
        CompletableFuture<ResponseEntity<String>> erasing;
        try (Connection holder = connectDirectly()) {
            holder.setAutoCommit(false);
            try (Statement hold = holder.createStatement()) {
                hold.executeQuery("SELECT id FROM member WHERE id = " + id + " FOR UPDATE").close();
            }
            erasing = CompletableFuture.supplyAsync(() -> admin().postForEntity("/api/members/" + id + "/erasure",
                    json("{\"reason\":\"drill\"}"), String.class));
            awaitRunning("erased_at, marketing_consent, receipt_consent FROM member WHERE id");
            // The file's first chunk matches its sales to the member (the erasure has not committed) and queues behind it.
            drop(TicketFiles.counterpoint(3_000, "9", 1, List.of("CONC8800001")), inbox, "concurrent.csv");
            awaitRunning("lifetime_earned, status FROM member WHERE id IN");
            holder.rollback();
        }
        assertThat(erasing.get().getStatusCode()).isEqualTo(HttpStatus.OK);
        awaitImport("concurrent", "concurrent.csv");
        long file = jdbc.queryForObject("SELECT id FROM import_file WHERE name = 'concurrent.csv'", Long.class);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sale WHERE import_file_id = ?", Integer.class, file)).isEqualTo(3_000);
        Timestamp erasedAt = jdbc.queryForObject("SELECT erased_at FROM member WHERE id = ?", Timestamp.class, id);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sale WHERE member_id = ? AND created_at > ?", Integer.class, id, erasedAt))
                .as("sales booked to the member after its erasure").isZero();
        int booked = jdbc.queryForObject("SELECT COUNT(*) FROM sale WHERE import_file_id = ? AND member_id = ?", Integer.class, file, id);
        int parked = jdbc.queryForObject("SELECT COUNT(*) FROM sale WHERE import_file_id = ? AND status = 'PARKED' AND member_id IS NULL",
                Integer.class, file);
        assertThat(booked + parked).isEqualTo(3_000);
        assertThat(parked).as("the erasure came mid-file").isPositive();
        assertThat(jdbc.queryForObject("SELECT COALESCE(SUM(delta), 0) FROM points_entry WHERE member_id = ?", Long.class, id))
                .isEqualTo(jdbc.queryForObject("SELECT COALESCE(SUM(points), 0) FROM sale WHERE member_id = ?", Long.class, id));
    }

    /**
     * A member merged into another is the same person: erasing the survivor blanks the merged one's keys too (they led to
     * the survivor), and the merged one cannot be erased on its own — its survivor's erasure is the way.
     */
    @Test
    void erasingASurvivorErasesTheMembersMergedIntoIt() throws Exception {
        long survivor = createMember("C99001", "MERGESURV01");
        long merged = createMember("C99002", "MERGEGONE01");
        assertThat(admin().postForEntity("/api/members/" + survivor + "/merge", json("{\"from\":" + merged + "}"), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        ResponseEntity<String> refused = admin().postForEntity("/api/members/" + merged + "/erasure", json("{\"reason\":\"r\"}"),
                String.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(refused.getBody()).contains("erase that one");

        JsonNode erased = new ObjectMapper().readTree(admin().postForEntity("/api/members/" + survivor + "/erasure",
                json("{\"reason\":\"r\"}"), String.class).getBody());
        assertThat(erased.path("mergedMembers").asInt()).isEqualTo(1);
        assertThat(jdbc.queryForMap("SELECT status, card_number, external_id FROM member WHERE id = ?", merged))
                .containsEntry("status", "MERGED").containsEntry("card_number", null).containsEntry("external_id", null);
        assertThat(jdbc.queryForObject("SELECT erased_at FROM member WHERE id = ?", Timestamp.class, merged)).isNotNull();
        assertThat(admin().getForObject("/api/members?merchant=demo&card=MERGEGONE01", String.class)).isEqualTo("[]");
        ResponseEntity<String> change = admin().exchange("/api/members/" + survivor, HttpMethod.PATCH, json("{\"firstName\":\"Back\"}"),
                String.class);
        assertThat(change.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    }

    /**
     * Retention (contract §17) with a fixed clock: as of 89 days on nothing is old enough; as of 91 days the raw reject
     * lines and the kept files go (reasons, counts and the sales stay, and a reprocess says the file is gone); as of 181
     * days the parked sales no member came for go too. The daily run runs once a day whoever asks again; a second run
     * finds nothing more; each run is counted, listed and in the trail.
     */
    @Test
    void theRetentionSweepRemovesRawDataPastItsPeriodsAndKeepsTheCounts() throws Exception {
        Path inbox = dataDir.resolve("inbox/kept");
        addFeed("kept", "file:" + inbox, "counterpoint");
        drop(SAMPLES.resolve("counterpoint-store001-20261102.csv"), inbox, "kept-day.csv");
        awaitImport("kept", "kept-day.csv");
        long file = jdbc.queryForObject("SELECT id FROM import_file WHERE name = 'kept-day.csv'", Long.class);
        Map<String, Object> counts = jdbc.queryForMap("SELECT rows_total, rows_rejected, sales_total, sales_parked FROM import_file WHERE id = ?", file);
        int rejects = jdbc.queryForObject("SELECT COUNT(*) FROM import_reject WHERE import_file_id = ? AND raw IS NOT NULL", Integer.class, file);
        int parkedOpen = jdbc.queryForObject("SELECT COUNT(*) FROM parked_sale WHERE booked_at IS NULL", Integer.class);
        int sales = jdbc.queryForObject("SELECT COUNT(*) FROM sale", Integer.class);
        Path kept = Path.of(jdbc.queryForObject("SELECT stored_path FROM import_file WHERE id = ?", String.class, file));
        assertThat(rejects).isPositive();
        assertThat(parkedOpen).isPositive();
        assertThat(kept).exists();
        java.time.Instant now = java.time.Instant.now();

        Retention.Run early = retention.daily(now.plus(Duration.ofDays(89))).orElseThrow();
        assertThat(List.of(early.rejectLines(), early.files(), early.parkedSales())).containsOnly(0);
        assertThat(retention.daily(now.plus(Duration.ofDays(89)).plusSeconds(60))).as("the day's run ran already").isEmpty();

        Retention.Run past90 = retention.now("test", now.plus(Duration.ofDays(91)));
        assertThat(past90.rejectLines()).isGreaterThanOrEqualTo(rejects);
        assertThat(past90.files()).isPositive();
        assertThat(past90.parkedSales()).isZero();
        assertThat(kept).doesNotExist();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM import_reject WHERE import_file_id = ? AND raw IS NULL AND reason <> ''",
                Integer.class, file)).isEqualTo(rejects);
        assertThat(jdbc.queryForMap("SELECT rows_total, rows_rejected, sales_total, sales_parked FROM import_file WHERE id = ?", file))
                .isEqualTo(counts);
        ResponseEntity<String> reprocess = http.withBasicAuth(People.OPERATOR, People.OPERATOR_PASSWORD)
                .postForEntity("/api/imports/" + file + "/reprocess", null, String.class);
        assertThat(reprocess.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(reprocess.getBody()).contains("no longer in archive/ or error/");

        Retention.Run past180 = retention.now("test", now.plus(Duration.ofDays(181)));
        assertThat(past180.parkedSales()).isGreaterThanOrEqualTo(parkedOpen);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM parked_sale WHERE booked_at IS NULL", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sale", Integer.class)).isEqualTo(sales);
        Retention.Run again = retention.now("test", now.plus(Duration.ofDays(181)));
        assertThat(List.of(again.rejectLines(), again.files(), again.parkedSales())).containsOnly(0);

        // poshub_retention_removed_total{kind} in Prometheus' names (a test context exports to no registry but the simple one).
        assertThat(meters.get("poshub.retention.removed").tag("kind", "rejects").counter().count()).isGreaterThanOrEqualTo(rejects);
        assertThat(meters.get("poshub.retention.removed").tag("kind", "files").counter().count()).isGreaterThanOrEqualTo(1);
        assertThat(meters.get("poshub.retention.removed").tag("kind", "parked").counter().count()).isGreaterThanOrEqualTo(parkedOpen);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE actor = 'poshub' AND action = 'retentionSweep'",
                Integer.class)).isEqualTo(1);
        JsonNode runs = new ObjectMapper().readTree(admin().getForObject("/api/retention/runs", String.class));
        assertThat(runs.findValuesAsText("startedBy")).contains("test", "poshub");
        ResponseEntity<String> byAdmin = admin().postForEntity("/api/retention/run", null, String.class);
        assertThat(byAdmin.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(new ObjectMapper().readTree(byAdmin.getBody()).path("startedBy").asText()).isEqualTo(People.ADMIN);
        assertThat(http.withBasicAuth(People.OPERATOR, People.OPERATOR_PASSWORD).postForEntity("/api/retention/run", null, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    private long createMember() throws IOException {
        ResponseEntity<String> created = admin().postForEntity("/api/members", json("{\"merchant\":\"demo\",\"externalId\":\""
                + EXTERNAL + "\",\"cardNumber\":\"" + CARD + "\",\"phone\":\"" + PHONE + "\",\"email\":\"" + EMAIL
                + "\",\"firstName\":\"" + FIRST + "\",\"lastName\":\"" + LAST + "\"}"), String.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return new ObjectMapper().readTree(created.getBody()).path("id").asLong();
    }

    private long createMember(String externalId, String card) throws IOException {
        ResponseEntity<String> created = admin().postForEntity("/api/members", json("{\"merchant\":\"demo\",\"externalId\":\""
                + externalId + "\",\"cardNumber\":\"" + card + "\"}"), String.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return new ObjectMapper().readTree(created.getBody()).path("id").asLong();
    }

    /**
     * Waits until a statement containing {@code text} is running — here: standing behind the test's hold on the member's
     * row. The process list shows the connections of the schema's own user, which the hub's are, without the PROCESS
     * privilege that InnoDB's lock tables ask for (CI's test user has none).
     */
    private void awaitRunning(String text) {
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                + " WHERE COMMAND = 'Query' AND INFO LIKE ? AND INFO NOT LIKE '%PROCESSLIST%'", Integer.class, "%" + text + "%") > 0);
    }

    /** One CounterPoint line of store 001, register 1, 2026-11-02: 20.00 + tax, paid by VISA. */
    private static String line(String ticket, String customer, String card, String email, String phone, String seq) {
        return String.join(",", "001", "1", ticket, "2026-11-02", "2026-11-02 10:00:00", customer, card, email,
                phone.contains(",") ? "\"" + phone + "\"" : phone, seq, "S", "SKU-1001", "Wool sweater", "APPAREL", "1", "0",
                "20.00", "20.00", "3.25", "28.25", "VISA", "") + "\n";
    }

    /** Every value of every table of the schema and every file under the data dir, lower-cased, by where it is kept. */
    private Map<String, String> everything() throws Exception {
        Map<String, String> places = new java.util.LinkedHashMap<>();
        List<String> tables = jdbc.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
                + " AND table_type = 'BASE TABLE'", String.class);
        assertThat(tables).contains("member", "import_reject", "parked_sale", "payment", "audit_event", "member_consent");
        for (String table : tables) {
            StringBuilder rows = new StringBuilder();
            jdbc.query("SELECT * FROM `" + table + "`", (ResultSet rs) -> {
                int columns = rs.getMetaData().getColumnCount();
                for (int c = 1; c <= columns; c++) {
                    rows.append(rs.getString(c)).append('\u0001');
                }
                rows.append('\n');
            });
            places.put("table " + table, rows.toString().toLowerCase(Locale.ROOT));
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                places.put("file " + dataDir.relativize(file), new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
                        .toLowerCase(Locale.ROOT));
            }
        }
        return places;
    }

    /** Where the value is found: each place with a few characters around it. */
    private static List<String> whereIs(String value, Map<String, String> places) {
        List<String> found = new ArrayList<>();
        places.forEach((place, text) -> {
            int at = text.indexOf(value);
            if (at >= 0) {
                found.add(place + ": …" + text.substring(Math.max(0, at - 80), Math.min(text.length(), at + value.length() + 80)) + "…");
            }
        });
        return found;
    }

    private String pointsPerStore() {
        return jdbc.queryForList("SELECT s.store, SUM(p.delta) AS points FROM points_entry p JOIN sale s ON s.id = p.sale_id"
                + " GROUP BY s.store ORDER BY s.store").toString() + " all " + jdbc.queryForObject(
                "SELECT COALESCE(SUM(delta), 0) FROM points_entry", Long.class);
    }

    private String dayClose() {
        return admin().getForObject("/api/day-close?store=001&date=2026-11-02", String.class);
    }

    private JsonNode member(long id) throws IOException {
        return new ObjectMapper().readTree(admin().getForObject("/api/members/" + id, String.class));
    }

    private TestRestTemplate admin() {
        return http.withBasicAuth(People.ADMIN, People.ADMIN_PASSWORD);
    }

    private TestRestTemplate till() {
        return new TestRestTemplate(new RestTemplateBuilder().rootUri(http.getRootUri()).defaultHeader("X-Api-Key", TILL));
    }

    private static HttpEntity<String> json(String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(body, headers);
    }
}
