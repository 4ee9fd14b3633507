package io.poshub.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.poshub.support.HubTest;
import io.poshub.support.People;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Points that mature and expire (contract §18) through the real hub: sales of today booked from files, the till's
 * calls, and the run as of later days. Three programs: {@code demo} pends 14 days and expires 2 months after the earn;
 * {@code quiet} expires everything after 24 months without an earn or redemption; {@code closing} matures only once the
 * store day closed BALANCED against its Z-report.
 */
class PointsLifeTest extends HubTest {

    private static final ZoneId TORONTO = ZoneId.of("America/Toronto");
    private static final String HEADER = "STR_ID,STA_ID,TKT_NO,BUS_DAT,TKT_DT,CUST_NO,LOY_CARD_NO,EMAIL_ADRS_1,PHONE_1,"
            + "LIN_SEQ_NO,LIN_TYP,ITEM_NO,DESCR,CATEG_COD,QTY_SOLD,QTY_RET,PRC,EXT_PRC,TAX_AMT,TOT,PAY_COD,ORIG_TKT_NO\n";
    private static final String Z_HEADER = "STORE,REGISTER,BUSINESS_DATE,Z_NO,FIRST_TICKET,LAST_TICKET,TICKET_COUNT,TENDER,TENDER_COUNT,"
            + "TENDER_AMOUNT\n";
    private static final String TILL = "till-key-of-demo";

    /**
     * Yesterday at the till, and the moment its sales of 10:00 were made: in the past at whatever hour the suite runs (a
     * sale of today's 10:00 booked before 10:00 in Toronto is one from the future, its points pending until then).
     */
    private static final LocalDate SALE_DAY = LocalDate.now(TORONTO).minusDays(1);
    private static final Instant SOLD_AT = SALE_DAY.atTime(10, 0).atZone(TORONTO).toInstant();

    @Autowired
    TestRestTemplate http;
    @Autowired
    MeterRegistry meters;
    private final ObjectMapper json = new ObjectMapper();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path root = Files.createTempDirectory("poshub-points-life-");
        Path mappings = Files.createDirectories(root.resolve("mappings"));
        String common = """
                format: counterpoint
                currency: CAD
                timezone: America/Toronto
                phoneRegion: CA
                match: [card]
                unknownMember: park
                """;
        Files.writeString(mappings.resolve("life.yaml"), common + """
                merchant: demo
                loyalty:
                  pendingDays: 14
                  expiry: rolling P2M
                """);
        Files.writeString(mappings.resolve("quiet.yaml"), common + """
                merchant: quiet
                loyalty:
                  expiry: inactivity P24M
                """);
        Files.writeString(mappings.resolve("closing.yaml"), common + """
                merchant: closing
                loyalty:
                  pendingDays: 1
                  matureOn: dayClose
                """);
        Files.writeString(mappings.resolve("zclosing.yaml"), """
                format: zreport
                merchant: closing
                currency: CAD
                timezone: America/Toronto
                """);
        hub(registry, Settings.defaults().withConfigDirs(Files.createDirectories(root.resolve("routes")), mappings));
        registry.add("poshub.till-keys.demo", () -> TILL);
    }

    @BeforeEach
    void feeds() {
        for (String feed : List.of("life", "quiet", "closing", "zclosing")) {
            if (camel.getRoute("feed-" + feed) == null) {
                addFeed(feed, "file:" + inbox(feed), feed);
            }
        }
    }

    @Test
    void anEarnPendsItsWindowAReturnCancelsPendingFirstAndTheRunMaturesThenExpiresExactlyWhatIsLeft() throws Exception {
        long member = member("demo", "LIFE-1", "LIFE000001");
        adjust(member, 100, "opening balance");
        book("life", "life-1.csv", line("777", "7001", "LIFE000001", "50.00", ""));

        // The earn waits its 14 days: the till can spend only the 100 of the opening balance.
        JsonNode waiting = balance(member);
        assertThat(waiting.get("balance").asLong()).isEqualTo(100);
        assertThat(waiting.get("pending").asLong()).isEqualTo(50);
        assertThat(redeem(member, 120, "r-1").getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(redeem(member, 30, "r-2").getStatusCode()).isEqualTo(HttpStatus.CREATED);

        // A return of 20 of the sale inside its window takes pending points, not spendable ones: the balance stays.
        book("life", "life-2.csv", line("777", "7002", "LIFE000001", "-20.00", "7001"));
        JsonNode returned = balance(member);
        assertThat(returned.get("balance").asLong()).isEqualTo(70);
        assertThat(returned.get("pending").asLong()).isEqualTo(30);

        // The run as of the day before the window ends matures nothing; as of the day it ends, the 30 left.
        LocalDate windowEnds = LocalDate.ofInstant(SOLD_AT.plusSeconds(14 * 86_400), ZoneOffset.UTC);
        // (Runs are of the whole hub: the other tests' members count in their totals, so this looks at its member.)
        run(windowEnds.minusDays(1));
        assertThat(balance(member).get("pending").asLong()).isEqualTo(30);
        assertThat(run(windowEnds).get("matured").asLong()).isGreaterThanOrEqualTo(30);
        JsonNode matured = balance(member);
        assertThat(matured.get("balance").asLong()).isEqualTo(100);
        assertThat(matured.get("pending").asLong()).isZero();

        // Both lots expire two months after they were earned — within 90 days: the balance says when, and the chain's CRM
        // list names the member within 90 days but not within 30.
        long expiringSoon = 0;
        for (JsonNode e : matured.get("expiring")) {
            expiringSoon += e.get("points").asLong();
            assertThat(LocalDate.parse(e.get("at").asText())).isBefore(LocalDate.now(ZoneOffset.UTC).plusDays(91));
        }
        assertThat(expiringSoon).isEqualTo(100);
        assertThat(admin().getForObject("/api/loyalty/expiring?merchant=demo&days=90", JsonNode.class).findValuesAsText("memberId"))
                .contains(String.valueOf(member));
        assertThat(admin().getForObject("/api/loyalty/expiring?merchant=demo&days=30", JsonNode.class)).isEmpty();
        HttpHeaders csv = new HttpHeaders();
        csv.setAccept(List.of(MediaType.parseMediaType("text/csv")));
        String file = admin().exchange("/api/loyalty/expiring?merchant=demo&days=90", HttpMethod.GET, new HttpEntity<>(csv), String.class)
                .getBody();
        assertThat(file).startsWith("memberId,externalId,points,firstAt\r\n").contains(member + ",LIFE-1,100,");

        // As of the last of the two expiry days, what is left of both (70 of the opening balance, 30 of the sale) expires in
        // one EXPIRE entry of exactly 100; a second run finds nothing more.
        LocalDate lastExpiry = LocalDate.ofInstant(SOLD_AT, ZoneOffset.UTC).plusMonths(2);
        LocalDate adjustedExpiry = LocalDate.now(ZoneOffset.UTC).plusMonths(2);
        LocalDate expiryDay = lastExpiry.isAfter(adjustedExpiry) ? lastExpiry : adjustedExpiry;
        double counted = meters.counter("poshub.points.expired").count();
        JsonNode expired = run(expiryDay);
        assertThat(expired.get("expired").asLong()).isGreaterThanOrEqualTo(100);
        assertThat(jdbc.queryForList("SELECT delta FROM points_entry WHERE member_id = ? AND reason = 'EXPIRE'", Long.class, member))
                .containsExactly(-100L);
        assertThat(jdbc.queryForObject("SELECT SUM(delta) FROM points_entry WHERE member_id = ?", Long.class, member)).isZero();
        assertThat(balance(member).get("balance").asLong()).isZero();
        assertThat(meters.counter("poshub.points.expired").count() - counted).isGreaterThanOrEqualTo(100);
        assertThat(run(expiryDay).get("expired").asLong()).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM points_entry WHERE member_id = ? AND reason = 'EXPIRE'", Integer.class, member))
                .isEqualTo(1);
        assertThat(admin().postForObject("/api/loyalty/check", null, JsonNode.class).get("disagreeing")).isEmpty();
    }

    @Test
    void aReturnOfPointsAlreadySpentLeavesDebtTheNextPointsPayFirst() throws Exception {
        long member = member("demo", "LIFE-2", "LIFE000002");
        adjust(member, 40, "opening balance");
        assertThat(redeem(member, 40, "d-1").getStatusCode()).isEqualTo(HttpStatus.CREATED);
        // A return with nothing pending and nothing left: the balance goes below 0 by exactly the points spent.
        book("life", "life-3.csv", line("777", "7003", "LIFE000002", "-25.00", ""));
        assertThat(balance(member).get("balance").asLong()).isEqualTo(-25);
        // A new earn pends; when it matures it pays the 25 first.
        book("life", "life-4.csv", line("777", "7004", "LIFE000002", "60.00", ""));
        assertThat(balance(member).get("pending").asLong()).isEqualTo(60);
        run(LocalDate.ofInstant(SOLD_AT.plusSeconds(14 * 86_400), ZoneOffset.UTC));
        assertThat(balance(member).get("balance").asLong()).isEqualTo(35);
        assertThat(jdbc.queryForObject("SELECT SUM(remaining) FROM points_entry WHERE member_id = ?", Long.class, member)).isEqualTo(35);
        // The check holds each account against its ledger, and finds one that was changed behind its back.
        assertThat(admin().postForObject("/api/loyalty/check", null, JsonNode.class).get("disagreeing")).isEmpty();
        jdbc.update("UPDATE points_account SET balance = balance + 1 WHERE member_id = ?", member);
        try {
            assertThat(admin().postForObject("/api/loyalty/check", null, JsonNode.class).get("disagreeing").toString())
                    .isEqualTo("[" + member + "]");
        } finally {
            jdbc.update("UPDATE points_account SET balance = balance - 1 WHERE member_id = ?", member);
        }
    }

    @Test
    void aQuietMembersPointsAllExpireAfterTheInactivityPeriodAndNotADayBefore() throws Exception {
        long member = member("quiet", "QUIET-1", "QUIET00001");
        book("quiet", "quiet-1.csv", line("777", "7005", "QUIET00001", "60.00", ""));
        assertThat(balance(member).get("balance").asLong()).isEqualTo(60);
        LocalDate lapses = LocalDate.ofInstant(SOLD_AT, ZoneOffset.UTC).plusMonths(24);
        run(lapses.minusDays(1));
        assertThat(balance(member).get("balance").asLong()).isEqualTo(60);
        assertThat(admin().getForObject("/api/loyalty/expiring?merchant=quiet&days=30", JsonNode.class)).isEmpty();
        run(lapses);
        assertThat(balance(member).get("balance").asLong()).isZero();
        assertThat(jdbc.queryForList("SELECT delta FROM points_entry WHERE member_id = ? AND reason = 'EXPIRE'", Long.class, member))
                .containsExactly(-60L);
    }

    @Test
    void pendingPointsMatureOnlyWhenTheirStoreDayClosedBalanced() throws Exception {
        long balanced = member("closing", "CLOSE-1", "CLOSE00001");
        long mismatched = member("closing", "CLOSE-2", "CLOSE00002");
        book("closing", "closing-1.csv", line("101", "5001", "CLOSE00001", "40.00", "") + "\n"
                + line("102", "6001", "CLOSE00002", "50.00", ""));
        book("zclosing", "z-101.csv", Z_HEADER + "101,1," + SALE_DAY + ",1,5001,5001,1,CASH,1,40.00\n");
        book("zclosing", "z-102.csv", Z_HEADER + "102,1," + SALE_DAY + ",1,6001,6001,1,CASH,1,45.00\n");

        LocalDate windowEnds = LocalDate.ofInstant(SOLD_AT.plusSeconds(86_400), ZoneOffset.UTC);
        run(windowEnds.minusDays(1));
        assertThat(balance(balanced).get("pending").asLong()).isEqualTo(40);
        run(windowEnds);
        JsonNode closed = balance(balanced);
        assertThat(closed.get("balance").asLong()).isEqualTo(40);
        assertThat(closed.get("pending").asLong()).isZero();
        assertThat(closed.get("pendingReason").isNull()).isTrue();
        JsonNode waiting = balance(mismatched);
        assertThat(waiting.get("balance").asLong()).isZero();
        assertThat(waiting.get("pending").asLong()).isEqualTo(50);
        assertThat(waiting.get("pendingReason").asText()).isEqualTo("store 102 day " + SALE_DAY + " is MISMATCH against its Z-report");

        // The till corrects its Z-report: the next run matures the day's points.
        book("zclosing", "z-102b.csv", Z_HEADER + "102,1," + SALE_DAY + ",2,6001,6001,1,CASH,1,50.00\n");
        run(windowEnds);
        assertThat(balance(mismatched).get("balance").asLong()).isEqualTo(50);
        assertThat(balance(mismatched).get("pendingReason").isNull()).isTrue();
    }

    private static String line(String store, String ticket, String card, String amount, String origTicket) {
        boolean back = amount.startsWith("-");
        String abs = back ? amount.substring(1) : amount;
        return String.join(",", store, "1", ticket, SALE_DAY.toString(), LocalDateTime.of(SALE_DAY, java.time.LocalTime.of(10, 0)).toString()
                .replace('T', ' ') + ":00", "", card, "", "", "1", back ? "R" : "S", "SKU-A", "Item", "APPAREL", back ? "0" : "1",
                back ? "1" : "0", abs, amount, "0.00", amount, "CASH", origTicket);
    }

    private void book(String feed, String name, String content) {
        drop((feed.startsWith("z") ? "" : HEADER) + content + "\n", inbox(feed), name);
        awaitImport(feed, name);
        assertThat(jdbc.queryForMap("SELECT status, rows_rejected FROM import_file WHERE name = ?", name))
                .containsEntry("status", "DONE").containsEntry("rows_rejected", 0);
    }

    private Path inbox(String feed) {
        return dataDir.resolve("in-" + feed);
    }

    private long member(String merchant, String externalId, String card) {
        ResponseEntity<Map> created = admin().postForEntity("/api/members", Map.of("merchant", merchant, "externalId", externalId,
                "cardNumber", card), Map.class);
        assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
        return ((Number) created.getBody().get("id")).longValue();
    }

    private void adjust(long member, long points, String reference) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("Idempotency-Key", "adjust-" + member);
        ResponseEntity<String> adjusted = admin().exchange("/api/members/" + member + "/adjustments", HttpMethod.POST,
                new HttpEntity<>(Map.of("points", points, "reference", reference), headers), String.class);
        assertThat(adjusted.getStatusCode()).as(adjusted.getBody()).isEqualTo(HttpStatus.CREATED);
    }

    private ResponseEntity<String> redeem(long member, long points, String key) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("Idempotency-Key", key);
        headers.set("X-Api-Key", TILL);
        return http.exchange("/api/members/" + member + "/redemptions", HttpMethod.POST,
                new HttpEntity<>(Map.of("points", points, "reference", key), headers), String.class);
    }

    /** The balance as a till asks for it — the demo till for its members; for the other merchants', an admin. */
    private JsonNode balance(long member) throws IOException {
        HttpHeaders headers = new HttpHeaders();
        headers.set("X-Api-Key", TILL);
        boolean demo = "demo".equals(jdbc.queryForObject("SELECT merchant FROM member WHERE id = ?", String.class, member));
        ResponseEntity<String> answer = (demo ? http : admin()).exchange("/api/members/" + member + "/balance", HttpMethod.GET,
                new HttpEntity<>(demo ? headers : null), String.class);
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
        return json.readTree(answer.getBody());
    }

    private JsonNode run(LocalDate asOf) {
        ResponseEntity<JsonNode> done = admin().postForEntity("/api/loyalty/run?asOf=" + asOf, null, JsonNode.class);
        assertThat(done.getStatusCode()).isEqualTo(HttpStatus.OK);
        return done.getBody();
    }

    private TestRestTemplate admin() {
        return http.withBasicAuth(People.ADMIN, People.ADMIN_PASSWORD);
    }
}
