package io.poshub.dayclose;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.poshub.support.HubTest;
import io.poshub.support.People;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.datasource.init.ScriptUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The day close (contract §13) on the shipped sample days, with the Z-reports and payments of
 * {@code src/test/resources/dayclose} and the results worked out by hand there; split tenders, and the hub's own ledgers
 * (gift cards, points, Vipps) held against the Z; alerts to a WireMock webhook, including one that refuses.
 */
class DayCloseTest extends HubTest {

    private static final String TILL = "till-key-of-day-close";
    private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");
    private static final String Z_HEADER = "STORE,REGISTER,BUSINESS_DATE,Z_NO,FIRST_TICKET,LAST_TICKET,TICKET_COUNT,TENDER,TENDER_COUNT,TENDER_AMOUNT\n";
    static final WireMockServer webhook = new WireMockServer(options().dynamicPort());

    @Autowired
    TestRestTemplate http;
    private final ObjectMapper json = new ObjectMapper();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path mappings = Files.createTempDirectory("poshub-day-close-mappings-");
        try (Stream<Path> shipped = Files.list(Path.of("mappings"))) {
            for (Path m : shipped.toList()) {
                Files.copy(m, mappings.resolve(m.getFileName()));
            }
        }
        for (String name : List.of("zreport-counterpoint", "zreport-jesta", "zreport-ncr", "terminal-test")) {
            Files.copy(new ClassPathResource("dayclose/mappings/" + name + ".yaml").getInputStream(), mappings.resolve(name + ".yaml"));
        }
        hub(registry, Settings.defaults().withConfigDirs(null, mappings));
        webhook.start();
        takeEverything();
        registry.add("poshub.alerts.endpoint", () -> "http://localhost:" + webhook.port() + "/alerts");
        registry.add("poshub.alerts.send-interval", () -> "200ms");
        registry.add("poshub.alerts.max-backoff", () -> "1s");
        registry.add("poshub.journal.endpoint", () -> "http://localhost:" + webhook.port() + "/journal");
        registry.add("poshub.journal.send-interval", () -> "200ms");
        registry.add("poshub.journal.max-backoff", () -> "1s");
        registry.add("poshub.day-close.interval", () -> "200ms");
        registry.add("poshub.day-close.settle", () -> "300ms");
        registry.add("poshub.day-close.max-wait", () -> "20s");
        registry.add("poshub.till-keys.demo", () -> TILL);
        registry.add("poshub.gift-cards.check-digit", () -> "none");
    }

    @AfterAll
    static void stopWebhook() {
        webhook.stop();
    }

    @Test
    void theSampleDaysCloseAsWorkedOutByHand() throws Exception {
        importSampleMembers();
        try (var connection = jdbc.getDataSource().getConnection()) {
            ScriptUtils.executeSqlScript(connection, new ClassPathResource("dayclose/payments.sql"));
        }
        book("counterpoint", SAMPLES.resolve("counterpoint-store001-20261103.csv"));
        book("ncr", SAMPLES.resolve("ncr-store002-20261102.txt"));
        book("jesta", SAMPLES.resolve("jesta-0450-20261102.csv"));
        book("springboard", SAMPLES.resolve("springboard-loc7-20261102.csv"));
        for (String z : List.of("z-ncr-002-20261102.csv", "z-counterpoint-001-20261103.csv", "z-jesta-0450-20261102.csv")) {
            String pos = z.split("-")[1];
            Path file = Files.createTempFile("poshub-z-", ".csv");
            Files.copy(new ClassPathResource("dayclose/" + z).getInputStream(), file, StandardCopyOption.REPLACE_EXISTING);
            book("zreport-" + pos, file, z);
            assertThat(jdbc.queryForMap("SELECT status, kind, rows_accepted, rows_rejected FROM import_file WHERE name = ?", z))
                    .containsEntry("status", "DONE").containsEntry("kind", "ZREPORT").containsEntry("rows_accepted", 4)
                    .containsEntry("rows_rejected", 0);
        }

        JsonNode expected = json.readTree(new ClassPathResource("dayclose/expected.json").getInputStream());
        for (var store : (Iterable<Map.Entry<String, JsonNode>>) expected::fields) {
            JsonNode want = store.getValue();
            JsonNode got = dayClose("/api/day-close?store=" + store.getKey() + "&date=" + want.get("date").asText());
            String as = "store " + store.getKey() + ": " + got;
            assertThat(got.get("merchant").asText()).as(as).isEqualTo("demo");
            assertThat(got.get("status").asText()).as(as).isEqualTo(want.get("status").asText());
            assertTenders(got.get("tenders"), want.get("tenders"), as);
            assertThat(got.get("registers")).as(as).hasSize(want.get("registers").size());
            for (int i = 0; i < want.get("registers").size(); i++) {
                JsonNode w = want.get("registers").get(i);
                JsonNode g = got.get("registers").get(i);
                for (String field : List.of("register", "status", "zTicketCount", "receivedTickets", "missingTickets", "unexpectedTickets")) {
                    assertThat(g.get(field)).as(as + " register " + i + " " + field).isEqualTo(w.has(field) ? w.get(field) : json.nullNode());
                }
            }
        }
        // Each register's tenders are the store's here (one register a store): every Z amount against what arrived.
        JsonNode ncr = dayClose("/api/day-close?store=002&date=2026-11-02").get("registers").get(0).get("tenders");
        assertThat(ncr).hasSize(4).allSatisfy(t -> assertThat(t.get("difference").decimalValue()).isZero());

        JsonNode feeds = dayClose("/api/feeds");
        feeds.forEach(f -> assertThat(f.get("kind").asText()).as(f.toString())
                .isEqualTo(f.get("mapping").asText().startsWith("zreport") ? "ZREPORT"
                        : f.get("mapping").asText().startsWith("terminal") ? "TERMINAL" : "SALES"));
        MultiValueMap<String, Object> upload = new LinkedMultiValueMap<>();
        upload.add("file", new ClassPathResource("dayclose/z-ncr-002-20261102.csv"));
        ResponseEntity<String> preview = http.withBasicAuth(People.ADMIN, People.ADMIN_PASSWORD).postForEntity("/api/feeds/zreport-ncr/preview", upload, String.class);
        assertThat(preview.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(preview.getBody()).contains("reads Z-reports");

        JsonNode day = dayClose("/api/day-close?date=2026-11-02");
        List<String> statuses = new ArrayList<>();
        day.forEach(s -> statuses.add(s.get("store").asText() + "=" + s.get("status").asText()));
        // 001's tickets 1011–1013 of 2 Nov came in the 3 Nov file; no Z of that day was sent.
        assertThat(statuses).containsExactly("001=MISSING_Z", "002=BALANCED", "0450=MISMATCH", "LOC-7=MISSING_Z");

        // Whatever does not close is raised once, to the webhook: the missing ticket, and the Vipps payment the POS calls VISA.
        awaitAlert("DAY_MISSING_SALES", "\"store\":\"001\"");
        awaitAlert("DAY_MISMATCH", "\"store\":\"0450\"");
        assertThat(alerts("DAY_MISSING_SALES", "\"store\":\"001\"").get(0)).contains("missing tickets 1113", "\"date\":\"2026-11-03\"");
        assertThat(alerts("DAY_MISMATCH", "\"store\":\"0450\"").get(0)).contains("VIPPS 115.00 (payment taken but not entered in the POS)");
        assertThat(alerts("DAY_", "\"store\":\"002\"")).isEmpty();
    }

    @Test
    void splitTendersAndTheHubsOwnLedgersClose() throws Exception {
        LocalDate today = LocalDate.now(OSLO);
        String date = today.format(DateTimeFormatter.BASIC_ISO_DATE);
        // Ticket 9001: 100,00 VISA + 50,00 GIFTCARD; ticket 9002: 500 points (5,00 at the mapping's 0.01 a point).
        String ncr = String.join("\n",
                "H|777|1|9001|" + date + "|101500|SALE|||" + "|3000|15000",
                "L|9001|1|SKU-1|Jacket|APPAREL|1|12000|12000",
                "T|9001|VISA|10000|A1",
                "T|9001|GIFTCARD|5000|A2",
                "H|777|1|9002|" + date + "|103000|SALE|||" + "|100|500",
                "L|9002|1|SKU-2|Mug|HOME|1|400|400",
                "T|9002|POINTS|500|",
                "F|7|15500") + "\n";
        book("ncr", ncr, "ncr-777-" + date + ".txt");
        long split = jdbc.queryForObject("SELECT id FROM sale WHERE store = '777' AND ticket = '9001'", Long.class);
        assertThat(jdbc.queryForList("SELECT CONCAT(tender, ' ', amount) FROM sale_tender WHERE sale_id = ? ORDER BY tender", String.class, split))
                .containsExactly("GIFTCARD 50.00", "VISA 100.00");

        // The till redeemed the gift card and the points at store 777 today.
        ResponseEntity<Map> activated = till("/api/gift-cards/77700001/activate", Map.of("amount", 20000, "currency", "NOK", "store", "777"), "g1");
        assertThat(activated.getStatusCode().is2xxSuccessful()).as(String.valueOf(activated.getBody())).isTrue();
        assertThat(till("/api/gift-cards/77700001/redeem", Map.of("amount", 5000, "store", "777", "reference", "9001"), "g2")
                .getBody()).containsEntry("approved", true).containsEntry("redeemed", 5000);
        long member = ((Number) http.withBasicAuth(People.ADMIN, People.ADMIN_PASSWORD).postForEntity("/api/members", Map.of("externalId", "DAY-777"),
                Map.class).getBody().get("id")).longValue();
        HttpHeaders adjustment = new HttpHeaders();
        adjustment.set("Idempotency-Key", "opening-" + member);
        assertThat(http.withBasicAuth(People.ADMIN, People.ADMIN_PASSWORD).exchange("/api/members/" + member + "/adjustments",
                HttpMethod.POST, new HttpEntity<>(Map.of("points", 2000, "reference", "opening balance"), adjustment), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(till("/api/members/" + member + "/redemptions", Map.of("points", 500, "reference", "9002", "store", "777"), "p1")
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);

        book("zreport-ncr", Z_HEADER + String.join("\n",
                "777,1," + today + ",5,9001,9002,2,VISA,1,100.00",
                "777,1," + today + ",5,9001,9002,2,GIFTCARD,1,50.00",
                "777,1," + today + ",5,9001,9002,2,POINTS,1,5.00") + "\n", "z-777-" + date + ".csv");
        JsonNode closed = dayClose("/api/day-close?store=777&date=" + today);
        assertThat(closed.get("status").asText()).as(closed.toString()).isEqualTo("BALANCED");
        assertTenders(closed.get("tenders"), json.readTree("""
                [{"tender": "GIFTCARD", "zAmount": "50.00", "hubAmount": "50.00", "providerAmount": "50.00", "difference": "0"},
                 {"tender": "POINTS", "zAmount": "5.00", "hubAmount": "5.00", "providerAmount": "5.00", "difference": "0"},
                 {"tender": "VISA", "zAmount": "100.00", "hubAmount": "100.00", "difference": "0"}]
                """), closed.toString());

        // A Vipps payment captured at 777 today with no sale of the POS behind it.
        jdbc.update("""
                INSERT INTO payment (reference, merchant, store, currency, amount, state, authorized, captured, expires_at)
                VALUES ('day-777', 'demo', '777', 'NOK', 8000, 'AUTHORIZED', 8000, 8000, UTC_TIMESTAMP(3))
                """);
        jdbc.update("""
                INSERT INTO payment_event (payment_id, action, state, amount, source)
                SELECT id, 'CAPTURE', 'AUTHORIZED', 8000, 'TILL' FROM payment WHERE reference = 'day-777'
                """);
        JsonNode off = dayClose("/api/day-close?store=777&date=" + today);
        assertThat(off.get("status").asText()).isEqualTo("MISMATCH");
        assertTenders(off.get("tenders"), json.readTree("""
                [{"tender": "GIFTCARD", "zAmount": "50.00", "hubAmount": "50.00", "providerAmount": "50.00", "difference": "0"},
                 {"tender": "POINTS", "zAmount": "5.00", "hubAmount": "5.00", "providerAmount": "5.00", "difference": "0"},
                 {"tender": "VIPPS", "zAmount": "0", "hubAmount": "0", "providerAmount": "80.00", "difference": "80.00",
                  "label": "payment taken but not entered in the POS"},
                 {"tender": "VISA", "zAmount": "100.00", "hubAmount": "100.00", "difference": "0"}]
                """), off.toString());

        // The payments overview of the day names it, with no sale to match.
        List<Map<String, Object>> payments = http.withBasicAuth(People.ADMIN, People.ADMIN_PASSWORD).exchange("/api/payments?store=777&date=" + today,
                HttpMethod.GET, null, new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
        assertThat(payments).singleElement().satisfies(p -> assertThat(p).containsEntry("reference", "day-777")
                .containsEntry("captured", 8000).containsEntry("state", "AUTHORIZED").doesNotContainKey("sale"));
        assertThat(http.getForEntity("/api/payments?date=" + today, String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void aRefusingAlertEndpointNeitherSlowsNorFailsTheBooking() throws Exception {
        webhook.stubFor(post("/alerts").withRequestBody(containing("refused-feed")).atPriority(1)
                .willReturn(aResponse().withStatus(500).withFixedDelay(8000)));
        try {
            String cut = "H|778|1|1|20261105|100000|SALE||||0|100\n";
            book("refused-feed", "ncr", cut, "cut.txt");
            Map<String, Object> failed = jdbc.queryForMap("""
                    SELECT status, TIMESTAMPDIFF(MICROSECOND, received_at, finished_at) / 1000 AS millis FROM import_file WHERE name = 'cut.txt'
                    """);
            assertThat(failed.get("status")).isEqualTo("FAILED");
            // The sender has the alert in hand: the webhook holds it 8 s, then refuses it.
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                    "SELECT COUNT(*) FROM alert WHERE type = 'FILE_FAILED' AND body LIKE '%refused-feed%' AND claimed_by IS NOT NULL",
                    Integer.class) == 1);
            // The next file of the feed is booked while the endpoint keeps refusing the alert of the one before.
            String good = String.join("\n", "H|778|1|2|20261105|100000|SALE||||0|100", "L|2|1|SKU-1|Item|HOME|1|100|100",
                    "T|2|CASH|100|", "F|3|100") + "\n";
            book("refused-feed", "ncr", good, "good.txt");
            Map<String, Object> booked = jdbc.queryForMap("""
                    SELECT status, TIMESTAMPDIFF(MICROSECOND, received_at, finished_at) / 1000 AS millis FROM import_file WHERE name = 'good.txt'
                    """);
            assertThat(booked.get("status")).isEqualTo("DONE");
            assertThat(((Number) failed.get("millis")).longValue()).as("the failed file, ms").isLessThan(4000);
            assertThat(((Number) booked.get("millis")).longValue()).as("the next file, ms").isLessThan(4000);
            assertThat(jdbc.queryForObject("SELECT sent_at IS NULL FROM alert WHERE type = 'FILE_FAILED' AND body LIKE '%refused-feed%'",
                    Boolean.class)).isTrue();
        } finally {
            webhook.resetMappings();
            takeEverything();
        }
        // Once the endpoint takes it again, the alert is delivered: retried, not dropped.
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT sent_at IS NOT NULL FROM alert WHERE type = 'FILE_FAILED' AND body LIKE '%refused-feed%'", Boolean.class));
        assertThat(jdbc.queryForObject("SELECT attempts FROM alert WHERE type = 'FILE_FAILED' AND body LIKE '%refused-feed%'", Integer.class))
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void aStoreDayStillBeingBookedWaitsUntilQuietOrMaxWait() {
        // Two store-days marked a moment ago (touched_at now, as a file still booking into them leaves it): one was first
        // marked 30 s ago — past max-wait (20 s), so it is computed although never quiet; the other, marked just now,
        // waits for quiet.
        jdbc.update("INSERT INTO day_close_pending (merchant, store, business_date, touched_at, pending_since) VALUES "
                + "('demo', 'busy-1', '2026-11-20', UTC_TIMESTAMP(3) + INTERVAL 1 HOUR, UTC_TIMESTAMP(3) - INTERVAL 30 SECOND), "
                + "('demo', 'busy-2', '2026-11-20', UTC_TIMESTAMP(3) + INTERVAL 1 HOUR, UTC_TIMESTAMP(3))");
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM day_close WHERE store = 'busy-1' AND business_date = '2026-11-20'", Integer.class) == 1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM day_close_pending WHERE store = 'busy-1'", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM day_close WHERE store = 'busy-2'", Integer.class))
                .as("marked just now and never quiet: not computed yet").isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM day_close_pending WHERE store = 'busy-2'", Integer.class)).isOne();
        jdbc.update("DELETE FROM day_close_pending WHERE store = 'busy-2'");
    }

    /**
     * Reward vouchers are a tender of the day (contract §13, §18): one the till took through the hub, one the till took
     * without asking (the sales file's tender reference marks it used), and one taken again on another ticket — held
     * against the Z-report, the second use raised.
     */
    @Test
    void vouchersAreATenderAndOneTakenTwiceIsRaised() throws Exception {
        LocalDate today = LocalDate.now(OSLO);
        String date = today.format(DateTimeFormatter.BASIC_ISO_DATE);
        TestRestTemplate admin = http.withBasicAuth(People.ADMIN, People.ADMIN_PASSWORD);
        HttpHeaders json = new HttpHeaders();
        json.setContentType(MediaType.APPLICATION_JSON);
        admin.exchange("/api/rewards/TEN", HttpMethod.PUT, new HttpEntity<>(Map.of("name", "10 kr off", "pointsCost", 100, "kind", "AMOUNT",
                "value", 10, "currency", "NOK", "validDays", 30, "active", true), json), String.class);
        long member = ((Number) admin.postForEntity("/api/members", Map.of("externalId", "DAY-778"), Map.class).getBody().get("id")).longValue();
        HttpHeaders adjustment = new HttpHeaders();
        adjustment.set("Idempotency-Key", "opening-" + member);
        admin.exchange("/api/members/" + member + "/adjustments", HttpMethod.POST,
                new HttpEntity<>(Map.of("points", 1000, "reference", "opening balance"), adjustment), String.class);
        String first = till("/api/members/" + member + "/rewards/TEN/vouchers", Map.of(), "v1").getBody().get("voucher").toString();
        String second = till("/api/members/" + member + "/rewards/TEN/vouchers", Map.of(), "v2").getBody().get("voucher").toString();
        assertThat(till("/api/vouchers/" + first + "/redeem", Map.of("store", "778", "reference", "9101", "saleAmount", 100), "r1")
                .getBody()).containsEntry("approved", true);

        String ncr = String.join("\n",
                "H|778|1|9101|" + date + "|101500|SALE|||" + "|0|10000",
                "L|9101|1|SKU-1|Jacket|APPAREL|1|10000|10000",
                "T|9101|VISA|9000|A1",
                "T|9101|VOUCHER|1000|" + first,
                "H|778|1|9102|" + date + "|103000|SALE|||" + "|0|3000",
                "L|9102|1|SKU-2|Mug|HOME|1|3000|3000",
                "T|9102|VISA|2000|A2",
                "T|9102|VOUCHER|1000|" + second,
                "H|778|1|9103|" + date + "|110000|SALE|||" + "|0|1500",
                "L|9103|1|SKU-3|Socks|APPAREL|1|1500|1500",
                "T|9103|VISA|500|A3",
                "T|9103|VOUCHER|1000|" + first,
                "F|12|14500") + "\n";
        book("ncr", ncr, "ncr-778-" + date + ".txt");
        assertThat(jdbc.queryForMap("SELECT status, used_on, used_store, used_reference, discount FROM voucher WHERE code = ?", second))
                .containsEntry("status", "USED").containsEntry("used_on", "RECEIPT").containsEntry("used_store", "778")
                .containsEntry("used_reference", "9102");
        assertThat(jdbc.queryForMap("SELECT used_on, used_reference, used_twice FROM voucher WHERE code = ?", first))
                .containsEntry("used_on", "TILL").containsEntry("used_reference", "9101")
                .containsEntry("used_twice", "taken again on store 778 ticket 9103");

        book("zreport-ncr", Z_HEADER + String.join("\n",
                "778,1," + today + ",7,9101,9103,3,VISA,3,115.00",
                "778,1," + today + ",7,9101,9103,3,VOUCHER,3,30.00") + "\n", "z-778-" + date + ".csv");
        JsonNode closed = dayClose("/api/day-close?store=778&date=" + today);
        assertThat(closed.get("status").asText()).as(closed.toString()).isEqualTo("MISMATCH");
        assertTenders(closed.get("tenders"), this.json.readTree("""
                [{"tender": "VISA", "zAmount": "115.00", "hubAmount": "115.00", "difference": "0"},
                 {"tender": "VOUCHER", "zAmount": "30.00", "hubAmount": "30.00", "providerAmount": "20.00", "difference": "-10.00",
                  "label": "voucher used twice: %s (taken again on store 778 ticket 9103)"}]
                """.formatted(first)), closed.toString());
    }

    @Test
    void drawersCountedByTheZOrTheApiAreHeldAgainstTheirCash() throws Exception {
        LocalDate today = LocalDate.now(OSLO);
        String date = today.format(DateTimeFormatter.BASIC_ISO_DATE);
        // Register 1 takes 120,00 in cash and 80,00 by VISA; register 2 takes 30,00 in cash.
        book("ncr", String.join("\n",
                "H|779|1|9101|" + date + "|101500|SALE|||" + "|0|12000",
                "L|9101|1|SKU-1|Jacket|APPAREL|1|12000|12000",
                "T|9101|CASH|12000|",
                "H|779|1|9102|" + date + "|102000|SALE|||" + "|0|8000",
                "L|9102|1|SKU-2|Mug|HOME|1|8000|8000",
                "T|9102|VISA|8000|A1",
                "H|779|2|9103|" + date + "|103000|SALE|||" + "|0|3000",
                "L|9103|1|SKU-3|Cup|HOME|1|3000|3000",
                "T|9103|CASH|3000|",
                "F|9|23000") + "\n", "ncr-779-" + date + ".txt");
        // Register 1's Z gives its drawer: float 500,00, counted 610,00 — 10,00 short of 500 + 120.
        String zCash = Z_HEADER.strip() + ",FLOAT,COUNTED\n";
        book("zreport-ncr", zCash + String.join("\n",
                "779,1," + today + ",7,9101,9102,2,CASH,1,120.00,500.00,610.00",
                "779,1," + today + ",7,9101,9102,2,VISA,1,80.00,500.00,610.00") + "\n", "z-779-" + date + ".csv");
        JsonNode day = dayClose("/api/day-close?store=779&date=" + today);
        assertThat(cash(day, "1")).as(day.toString()).isEqualTo(Map.of("float", "500", "tendered", "120", "expected", "620",
                "counted", "610", "overShort", "-10"));
        assertThat(cash(day, "2")).as("taken in cash, not counted").isEqualTo(Map.of("tendered", "30"));
        awaitAlert("CASH_OVER_SHORT", "register 1 -10.00");

        // Register 2 counted by an operator: float 200,00, counted 230,00 — exactly 200 + 30.
        ResponseEntity<String> counted = count(People.OPERATOR, People.OPERATOR_PASSWORD, "779", today, Map.of("register", "2", "float", 20000, "counted", 23000));
        assertThat(counted.getStatusCode()).as(counted.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(strings(json.readTree(counted.getBody()))).isEqualTo(Map.of("float", "200", "tendered", "30", "expected", "230",
                "counted", "230", "overShort", "0"));
        // A newer count replaces the Z's: register 1 recounted with the float it really had, 490,00.
        assertThat(count(People.OPERATOR, People.OPERATOR_PASSWORD, "779", today, Map.of("register", "1", "float", 49000, "counted", 61000))
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(cash(dayClose("/api/day-close?store=779&date=" + today), "1")).containsEntry("overShort", "0").containsEntry("float", "490");
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT cash_off IS NULL FROM day_close WHERE store = '779' AND business_date = ?", Boolean.class, today));
        assertThat(alerts("CASH_OVER_SHORT", "\"store\":\"779\"")).as("raised once, not again when it balanced").hasSize(1);

        // Refused, each naming its field: a register the store never used, a negative float, no count; a viewer may not count.
        for (Map.Entry<Map<String, Object>, String> bad : Map.of(
                Map.<String, Object>of("register", "9", "float", 0, "counted", 100), "register",
                Map.<String, Object>of("register", "1", "float", -1, "counted", 100), "float",
                Map.<String, Object>of("register", "1", "float", 0), "counted").entrySet()) {
            ResponseEntity<String> refused = count(People.OPERATOR, People.OPERATOR_PASSWORD, "779", today, bad.getKey());
            assertThat(refused.getStatusCode()).as(refused.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(json.readTree(refused.getBody()).at("/errors/0/field").asText()).as(refused.getBody()).isEqualTo(bad.getValue());
        }
        assertThat(count(People.VIEWER, People.VIEWER_PASSWORD, "779", today, Map.of("register", "1", "float", 0, "counted", 0))
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(cash(dayClose("/api/day-close?store=779&date=" + today), "1")).as("nothing refused was kept")
                .containsEntry("counted", "610");

        // A Z whose drawer is not an amount rejects its register-day, naming the column; one whose rows disagree fails.
        book("zreport-ncr", zCash + "779,3," + today + ",8,9201,9201,1,CASH,1,10.00,100.00,1O0.00\n", "z-779-bad-" + date + ".csv");
        assertThat(jdbc.queryForList("""
                SELECT r.reason FROM import_reject r JOIN import_file f ON f.id = r.import_file_id WHERE f.name = ?
                """, String.class, "z-779-bad-" + date + ".csv")).singleElement().asString().contains("COUNTED '1O0.00' is not an amount");
        book("zreport-ncr", zCash + String.join("\n",
                "779,3," + today + ",8,9201,9201,1,CASH,1,10.00,100.00,110.00",
                "779,3," + today + ",8,9201,9201,1,VISA,1,10.00,100.00,111.00") + "\n", "z-779-torn-" + date + ".csv");
        assertThat(jdbc.queryForMap("SELECT status, error FROM import_file WHERE name = ?", "z-779-torn-" + date + ".csv"))
                .containsEntry("status", "FAILED").extractingByKey("error").asString().contains("FLOAT or COUNTED");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM cash_count WHERE store = '779' AND register = '3'", Integer.class)).isZero();
    }

    @Test
    void cardTerminalsSettledAreHeldAgainstTheCardTenders() throws Exception {
        book("ncr", new ClassPathResource("dayclose/ncr-780-20261104.txt").getFile().toPath());
        settle("terminal-780-20261104.csv");
        JsonNode day = dayClose("/api/day-close?store=780&date=2026-11-04");
        assertThat(day.get("status").asText()).as(day.toString()).isEqualTo("MISMATCH");
        JsonNode terminals = day.get("terminals");
        assertThat(terminals.get("settled").decimalValue()).isEqualByComparingTo("450.00");
        assertThat(terminals.get("cardTendered").decimalValue()).isEqualByComparingTo("330.00");
        assertThat(terminals.get("difference").decimalValue()).isEqualByComparingTo("120.00");
        assertThat(terminals.get("label").asText()).isEqualTo("TERMINAL_MISMATCH");
        assertThat(json.convertValue(terminals.get("candidates"), List.class)).containsExactly("1/9302");
        awaitAlert("DAY_MISMATCH", "TERMINAL_MISMATCH");
        assertThat(jdbc.queryForObject("SELECT kind FROM import_file WHERE name = 'terminal-780-20261104.csv'", String.class)).isEqualTo("TERMINAL");

        // A newer file for T-01 replaces its rows; T-02's stand.
        settle("terminal-780-20261104-corrected.csv");
        JsonNode corrected = dayClose("/api/day-close?store=780&date=2026-11-04");
        assertThat(corrected.get("status").asText()).as(corrected.toString()).isEqualTo("MISSING_Z");
        assertThat(corrected.at("/terminals/settled").decimalValue()).isEqualByComparingTo("330.00");
        assertThat(corrected.at("/terminals/difference").decimalValue()).isEqualByComparingTo("0");
        assertThat(corrected.get("terminals").has("label")).isFalse();

        // Bad rows reject their terminal-day, each with its reason; the one good terminal-day is kept.
        settle("terminal-780-20261104-bad.csv");
        assertThat(jdbc.queryForMap("SELECT status, rows_accepted, rows_rejected FROM import_file WHERE name = 'terminal-780-20261104-bad.csv'"))
                .containsEntry("status", "DONE_WITH_REJECTS").containsEntry("rows_accepted", 1).containsEntry("rows_rejected", 5);
        List<String> reasons = jdbc.queryForList("""
                SELECT CONCAT(r.line_no, ' ', r.reason) FROM import_reject r JOIN import_file f ON f.id = r.import_file_id
                 WHERE f.name = 'terminal-780-20261104-bad.csv' ORDER BY r.line_no
                """, String.class);
        assertThat(reasons).hasSize(5);
        assertThat(reasons.get(0)).startsWith("2 ").contains("AMOUNT");
        assertThat(reasons.get(1)).startsWith("3 ").contains("BUSINESS_DATE");
        assertThat(reasons.get(2)).startsWith("4 ").contains("COUNT must not be negative");
        assertThat(reasons.get(3)).startsWith("5 ").contains("scheme VISA appears twice");
        assertThat(reasons.get(4)).startsWith("6 ").contains("scheme VISA appears twice");
        assertThat(dayClose("/api/day-close?store=780&date=2026-11-04").at("/terminals/settled").decimalValue()).isEqualByComparingTo("330.00");

        // A terminal feed takes only a terminal mapping, and a POS feed refuses one.
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> terminalFeed("terminals-wrong", "ncr")))
                .hasStackTraceContaining("is not of format: terminal");
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> addFeed("pos-terminal",
                "file:" + dataDir.resolve("inbox/pos-terminal"), "terminal-test"))).hasStackTraceContaining("use the terminal-feed template");
    }

    /** Books a terminal settlement file of the test resources through the terminal feed, and waits for it. */
    private void settle(String name) throws Exception {
        if (camel.getRoute("feed-terminals") == null) {
            terminalFeed("terminals", "terminal-test");
        }
        drop(new ClassPathResource("dayclose/" + name).getFile().toPath(), dataDir.resolve("inbox").resolve("terminals"), name);
        awaitImport("terminals", name);
    }

    private void terminalFeed(String feed, String mapping) throws Exception {
        org.apache.camel.builder.TemplatedRouteBuilder.builder(camel, "terminal-feed").routeId("feed-" + feed)
                .parameter("feed", feed).parameter("source", "file:" + dataDir.resolve("inbox").resolve(feed)).parameter("mapping", mapping)
                .add();
    }

    @Test
    void aClosedDayIsJournalledAndALateFileReversesAndReplacesIt() throws Exception {
        // The accountant's system is down at first: the journal waits, is tried again, and is sent when it is back.
        var down = webhook.stubFor(post("/journal").withRequestBody(containing(",781,")).atPriority(1).willReturn(aResponse().withStatus(503)));
        // Ticket 9401: 100,00 + 25,00 tax by VISA; 9402: 40,00 + 10,00 tax in cash. The Z counts both: BALANCED.
        book("ncr", String.join("\n",
                "H|781|1|9401|20261105|100000|SALE||||2500|12500", "L|9401|1|SKU-1|Jacket|APPAREL|1|10000|10000", "T|9401|VISA|12500|A1",
                "H|781|1|9402|20261105|110000|SALE||||1000|5000", "L|9402|1|SKU-2|Mug|HOME|1|4000|4000", "T|9402|CASH|5000|",
                "F|6|17500") + "\n", "ncr-781-20261105.txt");
        book("zreport-ncr", Z_HEADER + "781,1,2026-11-05,9,9401,9402,2,VISA,1,125.00\n781,1,2026-11-05,9,9401,9402,2,CASH,1,50.00\n",
                "z-781-20261105.csv");
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM journal_version WHERE store = '781' AND version = 1 AND tries >= 2 AND last_error IS NOT NULL", Integer.class) == 1);
        assertThat(jdbc.queryForObject("SELECT state FROM journal_version WHERE store = '781' AND version = 1", String.class)).isEqualTo("PENDING");
        webhook.removeStub(down);
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(jdbc.queryForObject(
                "SELECT state FROM journal_version WHERE store = '781' AND version = 1", String.class)));
        assertThat(journalsSent("781")).singleElement().asString().isEqualTo(String.join("\r\n",
                "MERCHANT,STORE,BUSINESS_DATE,VERSION,ACCOUNT,DEBIT,CREDIT,CURRENCY",
                "demo,781,2026-11-05,1,TENDER_CASH,50.00,0.00,NOK",
                "demo,781,2026-11-05,1,1920,125.00,0.00,NOK",
                "demo,781,2026-11-05,1,3000,0.00,140.00,NOK",
                "demo,781,2026-11-05,1,TAX,0.00,35.00,NOK") + "\r\n");

        // A late file brings ticket 9403 (20,00 + 5,00 in cash): the entry is reversed, then the day's new one sent.
        book("ncr", String.join("\n", "H|781|1|9403|20261105|120000|SALE||||500|2500", "L|9403|1|SKU-3|Cup|HOME|1|2000|2000",
                "T|9403|CASH|2500|", "F|3|2500") + "\n", "ncr-781-20261105-late.txt");
        await().atMost(Duration.ofSeconds(30)).until(() -> journalsSent("781").size() == 3);
        List<String> sent = journalsSent("781");
        assertThat(sent.get(1)).contains("demo,781,2026-11-05,2,1920,0.00,125.00,NOK", "demo,781,2026-11-05,2,3000,140.00,0.00,NOK");
        assertThat(sent.get(2)).contains("demo,781,2026-11-05,3,TENDER_CASH,75.00,0.00,NOK", "demo,781,2026-11-05,3,3000,0.00,160.00,NOK",
                "demo,781,2026-11-05,3,TAX,0.00,40.00,NOK");

        JsonNode journal = dayClose("/api/journal?from=2026-11-05&to=2026-11-05&store=781");
        assertThat(journal).hasSize(3);
        assertThat(journal.findValuesAsText("kind")).containsExactly("ENTRY", "REVERSAL", "ENTRY");
        assertThat(journal.findValuesAsText("state")).containsOnly("SENT");
        java.util.Map<String, java.math.BigDecimal> total = new java.util.TreeMap<>();
        for (JsonNode version : journal) {
            java.math.BigDecimal balance = java.math.BigDecimal.ZERO;
            for (JsonNode line : version.get("lines")) {
                java.math.BigDecimal net = line.get("debit").decimalValue().subtract(line.get("credit").decimalValue());
                balance = balance.add(net);
                total.merge(line.get("account").asText(), net, java.math.BigDecimal::add);
            }
            assertThat(balance).as("version %s balances", version.get("version")).isZero();
        }
        total.values().removeIf(v -> v.signum() == 0);
        java.util.Map<String, String> plain = new java.util.TreeMap<>();
        total.forEach((account, net) -> plain.put(account, net.stripTrailingZeros().toPlainString()));
        assertThat(plain).as("the versions add up to the last").isEqualTo(java.util.Map.of("TENDER_CASH", "75", "1920", "125", "3000", "-160",
                "TAX", "-40"));
        ResponseEntity<String> backwards = http.withBasicAuth(People.VIEWER, People.VIEWER_PASSWORD)
                .getForEntity("/api/journal?from=2026-11-06&to=2026-11-05", String.class);
        assertThat(backwards.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(backwards.getBody()).at("/errors/0/field").asText()).isEqualTo("to");
    }

    /** The webhook as the tests start with it: it takes every alert and every journal. */
    private static void takeEverything() {
        webhook.stubFor(post("/alerts").willReturn(aResponse().withStatus(204)));
        webhook.stubFor(post("/journal").willReturn(aResponse().withStatus(200)));
    }

    /** The journal bodies the accountant's endpoint took for a store, in the order it took them. */
    private static List<String> journalsSent(String store) {
        List<String> taken = new ArrayList<>(webhook.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals("/journal") && e.getResponse().getStatus() == 200)
                .map(e -> e.getRequest().getBodyAsString()).filter(b -> b.contains("," + store + ",")).toList());
        java.util.Collections.reverse(taken); // WireMock lists the latest first
        return taken;
    }

    private ResponseEntity<String> count(String user, String password, String store, LocalDate date, Map<String, Object> body) {
        return http.withBasicAuth(user, password).postForEntity("/api/day-close/" + store + "/" + date + "/cash-counts", body, String.class);
    }

    /** A register's drawer as the day close answers it, amounts as text without trailing zeros. */
    private static Map<String, String> cash(JsonNode day, String register) {
        for (JsonNode r : day.get("registers")) {
            if (r.get("register").asText().equals(register)) {
                return r.has("cash") ? strings(r.get("cash")) : Map.of();
            }
        }
        throw new AssertionError("no register " + register + " in " + day);
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> values = new java.util.TreeMap<>();
        object.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().decimalValue().stripTrailingZeros().toPlainString()));
        return values;
    }

    private ResponseEntity<Map> till(String path, Map<String, Object> body, String key) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("Idempotency-Key", key);
        headers.set("X-Api-Key", TILL);
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), Map.class);
    }

    private JsonNode dayClose(String path) throws IOException {
        ResponseEntity<String> answer = http.withBasicAuth(People.ADMIN, People.ADMIN_PASSWORD).getForEntity(path, String.class);
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
        return json.readTree(answer.getBody());
    }

    /** Every tender line as expected: amounts compared as numbers, absent fields absent. */
    private static void assertTenders(JsonNode got, JsonNode want, String as) {
        assertThat(got).as(as).hasSize(want.size());
        for (int i = 0; i < want.size(); i++) {
            JsonNode w = want.get(i);
            JsonNode g = got.get(i);
            assertThat(g.get("tender").asText()).as(as).isEqualTo(w.get("tender").asText());
            for (String field : List.of("zAmount", "hubAmount", "providerAmount", "difference")) {
                if (w.has(field)) {
                    assertThat(g.has(field)).as(as + " " + w.get("tender") + " " + field).isTrue();
                    assertThat(g.get(field).decimalValue()).as(as + " " + w.get("tender") + " " + field)
                            .isEqualByComparingTo(w.get(field).asText());
                } else {
                    assertThat(g.has(field)).as(as + " " + w.get("tender") + " has no " + field).isFalse();
                }
            }
            assertThat(g.has("label") ? g.get("label").asText() : null).as(as + " " + w.get("tender") + " label")
                    .isEqualTo(w.has("label") ? w.get("label").asText() : null);
        }
    }

    /** Books a file through a feed of that name (added with the mapping of the same name when missing) and waits for it. */
    private void book(String mapping, Path file) {
        book(mapping, file, file.getFileName().toString());
    }

    private void book(String mapping, Path file, String name) {
        feed(mapping, mapping);
        drop(file, dataDir.resolve("inbox").resolve(mapping), name);
        awaitImport(mapping, name);
    }

    private void book(String mapping, String content, String name) {
        book(mapping, mapping, content, name);
    }

    private void book(String feed, String mapping, String content, String name) {
        feed(feed, mapping);
        drop(content, dataDir.resolve("inbox").resolve(feed), name);
        awaitImport(feed, name);
    }

    private void feed(String feed, String mapping) {
        if (camel.getRoute("feed-" + feed) == null) {
            addFeed(feed, "file:" + dataDir.resolve("inbox").resolve(feed), mapping);
        }
    }

    private void awaitAlert(String type, String containing) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !alerts(type, containing).isEmpty());
    }

    /** The alert bodies the webhook received of that type that contain the text. */
    static List<String> alerts(String type, String containing) {
        return webhook.findAll(postRequestedFor(urlEqualTo("/alerts"))).stream().map(r -> r.getBodyAsString())
                .filter(b -> b.contains("\"type\":\"" + type) && b.contains(containing)).toList();
    }
}
