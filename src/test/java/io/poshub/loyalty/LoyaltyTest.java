package io.poshub.loyalty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import io.poshub.support.HubTest;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The loyalty rules with numbers computed by hand: tiers (BASE 1.0, SILVER 1.25 from 1 000, GOLD 1.5 from
 * 5 000 lifetime points), excluded SKU and category, minimum spend, returns linked to their original,
 * negative balances; parked sales booked when their member appears; redemptions; till keys; barcodes.
 */
class LoyaltyTest extends HubTest {

    private static final String HEADER = "STR_ID,STA_ID,TKT_NO,BUS_DAT,TKT_DT,CUST_NO,LOY_CARD_NO,EMAIL_ADRS_1,PHONE_1,"
            + "LIN_SEQ_NO,LIN_TYP,ITEM_NO,DESCR,CATEG_COD,QTY_SOLD,QTY_RET,PRC,EXT_PRC,TAX_AMT,TOT,PAY_COD,ORIG_TKT_NO\n";
    private static final String DEMO_TILL = "till-key-of-demo";
    private static Path inbox;

    @Autowired
    TestRestTemplate http;
    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void loyalMapping(DynamicPropertyRegistry registry) throws Exception {
        Path root = Files.createTempDirectory("poshub-loyalty-");
        Path mappings = Files.createDirectories(root.resolve("mappings"));
        inbox = root.resolve("inbox");
        Files.writeString(mappings.resolve("loyal.yaml"), """
                format: counterpoint
                currency: CAD
                timezone: America/Toronto
                phoneRegion: CA
                match: [card, externalId, phone, email]
                unknownMember: park
                earn:
                  pointsPerUnit: 1
                  minSpend: 20
                  excludedSkus: [SKU-EX]
                  excludedCategories: [GIFTCARD]
                """);
        useConfigDirs(Files.createDirectories(root.resolve("routes")), mappings);
        registry.add("poshub.till-keys.demo", () -> DEMO_TILL);
        registry.add("poshub.till-keys.other", () -> "till-key-of-other");
    }

    @BeforeEach
    void feed() {
        if (camel.getRoute("feed-loyal") == null) {
            addFeed("loyal", "file:" + inbox, "loyal");
        }
    }

    @Test
    void theSaleThatCrossesATierEarnsAtTheOldMultiplierAndTheNextAtTheNew() {
        long member = createMember(Map.of("externalId", "L1", "cardNumber", "TIER000001"));
        book("tiers.csv",
                sale("101", "TIER000001", "SKU-A", "APPAREL", "900.00"),   // 900 × 1.0 = 900 → lifetime 900, BASE
                sale("102", "TIER000001", "SKU-A", "APPAREL", "200.00"),   // 200 × 1.0 = 200 → 1 100, SILVER from now
                sale("103", "TIER000001", "SKU-A", "APPAREL", "100.00"),   // 100 × 1.25 = 125 → 1 225
                sale("104", "TIER000001", "SKU-A", "APPAREL", "3800.00"),  // 3 800 × 1.25 = 4 750 → 5 975, GOLD from now
                sale("105", "TIER000001", "SKU-A", "APPAREL", "100.00"));  // 100 × 1.5 = 150
        assertThat(pointsOf("101", "102", "103", "104", "105")).containsExactly(900L, 200L, 125L, 4750L, 150L);
        Map<String, Object> m = member(member);
        assertThat(m).containsEntry("tier", "GOLD").containsEntry("balance", 6125);

        // A return of ticket 101 takes back at the multiplier 101 earned at (1.0), not today's GOLD 1.5.
        book("return-101.csv", line("106", "TIER000001", 1, "R", "SKU-A", "APPAREL", "0", "1", "100.00", "-100.00", "101"));
        assertThat(pointsOf("106")).containsExactly(-100L);
        assertThat(jdbc.queryForObject("SELECT orig_sale_id FROM sale WHERE ticket = '106'", Long.class))
                .isEqualTo(jdbc.queryForObject("SELECT id FROM sale WHERE ticket = '101'", Long.class));
        List<Map<String, Object>> ledger = get("/api/members/" + member + "/points");
        assertThat(ledger).extracting(e -> e.get("delta")).containsExactly(-100, 150, 4750, 125, 200, 900);
        assertThat(ledger.get(0)).containsEntry("reason", "RETURN").containsEntry("ticket", "106");
    }

    @Test
    void excludedSkusAndCategoriesEarnNothingAndBelowMinSpendEarnsZero() {
        createMember(Map.of("externalId", "L2", "cardNumber", "EXCL000001"));
        book("exclusions.csv",
                line("201", "EXCL000001", 1, "S", "SKU-EX", "APPAREL", "1", "0", "50.00", "50.00", ""),  // excluded SKU
                line("201", "EXCL000001", 2, "S", "SKU-G", "GIFTCARD", "1", "0", "30.00", "30.00", ""), // excluded category
                line("201", "EXCL000001", 3, "S", "SKU-A", "APPAREL", "1", "0", "15.00", "15.00", ""), // eligible 15 < 20
                line("202", "EXCL000001", 1, "S", "SKU-A", "APPAREL", "1", "0", "25.50", "25.50", ""), // eligible 25.50
                line("202", "EXCL000001", 2, "S", "SKU-EX", "APPAREL", "1", "0", "100.00", "100.00", ""));
        assertThat(pointsOf("201", "202")).containsExactly(0L, 25L);
    }

    @Test
    void aReturnBiggerThanTheBalanceLeavesItNegative() {
        long member = createMember(Map.of("externalId", "L3", "cardNumber", "NEGA000001"));
        book("negative.csv",
                sale("301", "NEGA000001", "SKU-A", "APPAREL", "40.00"),
                line("302", "NEGA000001", 1, "R", "SKU-A", "APPAREL", "0", "1", "60.00", "-60.00", "301"));
        assertThat(pointsOf("301", "302")).containsExactly(40L, -60L);
        assertThat(member(member)).containsEntry("balance", -20);
    }

    @Test
    void aParkedSaleBooksOnceWhenItsMemberIsCreatedOrImportedAndCanBeAssignedOnce() {
        book("parked.csv",
                sale("401", "PARK000001", "SKU-A", "APPAREL", "45.00"),
                row("402", "X777", "", "", "31.00"),
                row("403", "", "", "nobody@example.org", "22.00"));
        assertThat(jdbc.queryForList("SELECT status FROM sale WHERE ticket IN ('401','402','403') ORDER BY ticket", String.class))
                .containsOnly("PARKED");

        long byCard = createMember(Map.of("externalId", "P1", "cardNumber", "park-0000 01"));
        await().atMost(Duration.ofSeconds(5)).until(() -> balance(byCard) == 45);

        String csv = "external_id,card_number,phone,email,first_name,last_name,tier\nX777,,,,Imported,Twice,BASE\n";
        importMembers(csv);
        importMembers(csv);
        long imported = ((Number) get("/api/members?externalId=X777").get(0).get("id")).longValue();
        await().atMost(Duration.ofSeconds(5)).until(() -> balance(imported) == 31);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM points_entry p JOIN sale s ON s.id = p.sale_id WHERE s.ticket = '402'",
                Integer.class)).isEqualTo(1);

        long parkedId = ((Number) get("/api/parked?email=nobody@example.org").get(0).get("id")).longValue();
        long chosen = createMember(Map.of("externalId", "P3"));
        ResponseEntity<Map> assigned = admin().postForEntity("/api/parked/" + parkedId + "/assign", Map.of("memberId", chosen), Map.class);
        assertThat(assigned.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(balance(chosen)).isEqualTo(22);
        ResponseEntity<Map> again = admin().postForEntity("/api/parked/" + parkedId + "/assign", Map.of("memberId", chosen), Map.class);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(again.getBody().get("detail")).asString().contains("already booked to member " + chosen);
        assertThat(balance(chosen)).isEqualTo(22);
        assertThat(get("/api/parked?feed=loyal")).extracting(p -> p.get("ticket")).doesNotContain("401", "402", "403");
    }

    @Test
    void aParkedSaleBooksWithinFiveSecondsOfAMemberWrittenByAnotherNode() {
        book("parked-other-node.csv", sale("451", "NODE000002", "SKU-A", "APPAREL", "33.00"));
        assertThat(jdbc.queryForObject("SELECT status FROM sale WHERE ticket = '451'", String.class)).isEqualTo("PARKED");
        // Not through this hub's API: as if another node (or an admin's SQL) had created the member.
        jdbc.update("INSERT INTO member (merchant, external_id, card_number) VALUES ('demo', 'N2', 'NODE000002')");
        long member = jdbc.queryForObject("SELECT id FROM member WHERE external_id = 'N2'", Long.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> balance(member) == 33);
        assertThat(jdbc.queryForObject("SELECT status FROM sale WHERE ticket = '451'", String.class)).isEqualTo("BOOKED");
    }

    @Test
    void twentyConcurrentRedemptionsOfOnePointAgainstTenRedeemExactlyTen() throws Exception {
        long member = createMember(Map.of("externalId", "R1", "cardNumber", "REDE000001"));
        book("ten-points.csv", sale("501", "REDE000001", "SKU-A", "APPAREL", "20.00"));
        jdbc.update("INSERT INTO points_entry (member_id, delta, reason) VALUES (?, -10, 'ADJUST')", member);
        assertThat(balance(member)).isEqualTo(10);

        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ResponseEntity<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String key = "redeem-" + i;
            answers.add(pool.submit(() -> {
                start.await();
                return redeem(member, 1, key, DEMO_TILL);
            }));
        }
        start.countDown();
        int ok = 0;
        int refused = 0;
        for (Future<ResponseEntity<String>> answer : answers) {
            int status = answer.get(60, TimeUnit.SECONDS).getStatusCode().value();
            ok += status == 201 ? 1 : 0;
            refused += status == 409 ? 1 : 0;
        }
        pool.shutdown();
        assertThat(ok).isEqualTo(10);
        assertThat(refused).isEqualTo(10);
        assertThat(balance(member)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM points_entry WHERE member_id = ? AND reason = 'REDEEM'",
                Integer.class, member)).isEqualTo(10);

        String firstOk = null;
        for (int i = 0; i < 20 && firstOk == null; i++) {
            if (jdbc.queryForObject("SELECT http_status FROM redemption_request WHERE member_id = ? AND idempotency_key = ?",
                    Integer.class, member, "redeem-" + i) == 201) {
                firstOk = "redeem-" + i;
            }
        }
        String firstBody = jdbc.queryForObject("SELECT body FROM redemption_request WHERE member_id = ? AND idempotency_key = ?",
                String.class, member, firstOk);
        ResponseEntity<String> replay = redeem(member, 1, firstOk, DEMO_TILL);
        assertThat(replay.getStatusCode().value()).isEqualTo(201);
        assertThat(replay.getBody()).isEqualTo(firstBody);
        assertThat(balance(member)).isZero();

        ResponseEntity<String> short1 = redeem(member, 5, "short", DEMO_TILL);
        assertThat(short1.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(short1.getBody()).contains("The balance of 0 points is short of the 5 points asked");
    }

    @Test
    void aTillSeesOnlyItsMerchantsMembers() {
        long demo = createMember(Map.of("externalId", "T1", "cardNumber", "SAME000001"));
        long other = createMember(Map.of("merchant", "other", "externalId", "T1", "cardNumber", "SAME000001"));

        assertThat(asTill(DEMO_TILL).getForEntity("/api/members/" + demo, Map.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(asTill(DEMO_TILL).getForEntity("/api/members/" + other, Map.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(asTill("till-key-of-other").getForEntity("/api/members/" + other, Map.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        List<Map<String, Object>> byCard = asTill(DEMO_TILL).exchange("/api/members?card=SAME000001", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
        assertThat(byCard).extracting(m -> m.get("merchant")).containsExactly("demo");

        assertThat(http.getForEntity("/api/members/" + demo, Map.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        ResponseEntity<Map> wrong = asTill("not-a-key").getForEntity("/api/members/" + demo, Map.class);
        assertThat(wrong.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(wrong.getBody()).containsEntry("detail", "The X-Api-Key is not a till key of any merchant.");
        assertThat(asTill(DEMO_TILL).getForEntity("/api/imports", Map.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void aNewMembersCardIsRandomAndItsBarcodeReadsBack() throws Exception {
        long member = createMember(Map.of("email", "new.member@example.org", "phone", "+4791234567"));
        String card = (String) member(member).get("cardNumber");
        assertThat(card).matches("^[2-9A-HJ-NP-Z]{10}$");

        ResponseEntity<byte[]> png = asTill(DEMO_TILL).getForEntity("/api/members/" + member + "/barcode.png", byte[].class);
        assertThat(png.getHeaders().getContentType()).isEqualTo(MediaType.IMAGE_PNG);
        var image = ImageIO.read(new ByteArrayInputStream(png.getBody()));
        var decoded = new MultiFormatReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))));
        assertThat(decoded.getText()).isEqualTo(card);
        assertThat(decoded.getBarcodeFormat()).isEqualTo(com.google.zxing.BarcodeFormat.CODE_128);
    }

    // --- helpers

    private static String sale(String ticket, String card, String sku, String category, String amount) {
        return line(ticket, card, 1, "S", sku, category, "1", "0", amount, amount, "");
    }

    private static String line(String ticket, String card, int seq, String type, String sku, String category, String sold,
                               String returned, String price, String ext, String origTicket) {
        return String.join(",", "777", "1", ticket, "2026-11-06", "2026-11-06 10:00:00", "", card, "", "", String.valueOf(seq),
                type, sku, "Item", category, sold, returned, price, ext, "0.00", ext, "CASH", origTicket);
    }

    /** A one-line sale naming its member by customer number, card and/or email. */
    private static String row(String ticket, String customer, String card, String email, String amount) {
        return String.join(",", "777", "1", ticket, "2026-11-06", "2026-11-06 10:00:00", customer, card, email, "", "1",
                "S", "SKU-A", "Item", "APPAREL", "1", "0", amount, amount, "0.00", amount, "CASH", "");
    }

    private void book(String name, String... lines) {
        NotifyBuilder done = files(camel, "loyal").whenDone(1).create();
        drop(HEADER + String.join("\n", lines) + "\n", inbox, name);
        assertThat(done.matches(30, TimeUnit.SECONDS)).isTrue();
        assertThat(jdbc.queryForObject("SELECT status FROM import_file WHERE name = ?", String.class, name)).isEqualTo("DONE");
    }

    private List<Long> pointsOf(String... tickets) {
        List<Long> points = new ArrayList<>();
        for (String t : tickets) {
            points.add(jdbc.queryForObject("SELECT points FROM sale WHERE ticket = ?", Long.class, t));
        }
        return points;
    }

    private long createMember(Map<String, String> body) {
        ResponseEntity<Map> created = admin().postForEntity("/api/members", body, Map.class);
        assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
        return ((Number) created.getBody().get("id")).longValue();
    }

    private void importMembers(String csv) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("text/csv"));
        assertThat(admin().postForEntity("/api/members/import", new HttpEntity<>(csv, headers), Map.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
    }

    private ResponseEntity<String> redeem(long member, long points, String key, String till) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("Idempotency-Key", key);
        headers.set("X-Api-Key", till);
        return http.exchange("/api/members/" + member + "/redemptions", HttpMethod.POST,
                new HttpEntity<>(Map.of("points", points, "reference", "till-" + key), headers), String.class);
    }

    private Map<String, Object> member(long id) {
        return admin().getForObject("/api/members/" + id, Map.class);
    }

    private long balance(long id) {
        return ((Number) member(id).get("balance")).longValue();
    }

    private List<Map<String, Object>> get(String path) {
        return admin().exchange(path, HttpMethod.GET, null, new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
    }

    private TestRestTemplate admin() {
        return http.withBasicAuth("admin", "admin");
    }

    private TestRestTemplate asTill(String key) {
        return new TestRestTemplate(new RestTemplateBuilder().rootUri("http://localhost:" + port).defaultHeader("X-Api-Key", key));
    }
}
