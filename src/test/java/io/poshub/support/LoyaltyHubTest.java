package io.poshub.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
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
 * A hub with the {@code loyal} feed (Counterpoint layout, a program with a minimum spend of 20, SKU-EX and GIFTCARD
 * excluded, unknown members parked) and till keys for merchants demo and other; with helpers to book tickets, make
 * members and redeem, for the loyalty behaviours computed by hand in its subclasses.
 */
public abstract class LoyaltyHubTest extends HubTest {

    protected static final String HEADER = "STR_ID,STA_ID,TKT_NO,BUS_DAT,TKT_DT,CUST_NO,LOY_CARD_NO,EMAIL_ADRS_1,PHONE_1,"
            + "LIN_SEQ_NO,LIN_TYP,ITEM_NO,DESCR,CATEG_COD,QTY_SOLD,QTY_RET,PRC,EXT_PRC,TAX_AMT,TOT,PAY_COD,ORIG_TKT_NO\n";
    protected static final String DEMO_TILL = "till-key-of-demo";

    @Autowired
    protected TestRestTemplate http;
    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    protected static void hubProperties(DynamicPropertyRegistry registry) throws IOException {
        Path root = Files.createTempDirectory("poshub-loyalty-");
        Path mappings = Files.createDirectories(root.resolve("mappings"));
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
        GiftCardMappings.write(mappings);
        hub(registry, Settings.defaults().withConfigDirs(Files.createDirectories(root.resolve("routes")), mappings));
        registry.add("poshub.till-keys." + GiftCardMappings.MERCHANT, () -> GiftCardMappings.TILL);
        GiftCardMappings.ranges(registry);
        registry.add("poshub.till-keys.demo", () -> DEMO_TILL);
        registry.add("poshub.till-keys.other", () -> "till-key-of-other");
    }

    @BeforeEach
    void loyalFeed() {
        if (camel.getRoute("feed-loyal") == null) {
            addFeed("loyal", "file:" + inbox(), "loyal");
        }
    }

    protected static String sale(String ticket, String card, String sku, String category, String amount) {
        return line(ticket, card, 1, "S", sku, category, "1", "0", amount, amount, "");
    }

    protected static String line(String ticket, String card, int seq, String type, String sku, String category, String sold,
                                   String returned, String price, String ext, String origTicket) {
        return String.join(",", "777", "1", ticket, "2026-11-06", "2026-11-06 10:00:00", "", card, "", "", String.valueOf(seq),
                type, sku, "Item", category, sold, returned, price, ext, "0.00", ext, "CASH", origTicket);
    }

    /** A one-line sale naming its member by customer number, card and/or email. */
    protected static String row(String ticket, String customer, String card, String email, String amount) {
        return String.join(",", "777", "1", ticket, "2026-11-06", "2026-11-06 10:00:00", customer, card, email, "", "1",
                "S", "SKU-A", "Item", "APPAREL", "1", "0", amount, amount, "0.00", amount, "CASH", "");
    }

    protected void book(String name, String... lines) {
        NotifyBuilder done = files(camel, "loyal").whenDone(1).create();
        drop(HEADER + String.join("\n", lines) + "\n", inbox(), name);
        assertThat(done.matches(30, TimeUnit.SECONDS)).isTrue();
        awaitImport("loyal", name);
        assertThat(jdbc.queryForObject("SELECT status FROM import_file WHERE name = ?", String.class, name)).isEqualTo("DONE");
    }

    protected List<Long> pointsOf(String... tickets) {
        List<Long> points = new ArrayList<>();
        for (String t : tickets) {
            points.add(jdbc.queryForObject("SELECT points FROM sale WHERE ticket = ?", Long.class, t));
        }
        return points;
    }

    protected long createMember(Map<String, String> body) {
        ResponseEntity<Map> created = admin().postForEntity("/api/members", body, Map.class);
        assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
        return ((Number) created.getBody().get("id")).longValue();
    }

    protected void importMembers(String csv) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("text/csv"));
        assertThat(admin().postForEntity("/api/members/import", new HttpEntity<>(csv, headers), Map.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
    }

    protected ResponseEntity<String> redeem(long member, long points, String key, String till) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("Idempotency-Key", key);
        headers.set("X-Api-Key", till);
        return http.exchange("/api/members/" + member + "/redemptions", HttpMethod.POST,
                new HttpEntity<>(Map.of("points", points, "reference", "till-" + key), headers), String.class);
    }

    /** An admin's adjustment of the member's points (more than 0 adds, less than 0 takes); asserts it was booked. */
    protected void adjust(long member, long points) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("Idempotency-Key", "adjust-" + member + "-" + System.nanoTime());
        ResponseEntity<String> adjusted = admin().exchange("/api/members/" + member + "/adjustments", HttpMethod.POST,
                new HttpEntity<>(Map.of("points", points, "reference", "test"), headers), String.class);
        assertThat(adjusted.getStatusCode()).as(adjusted.getBody()).isEqualTo(HttpStatus.CREATED);
    }

    protected Map<String, Object> member(long id) {
        return admin().getForObject("/api/members/" + id, Map.class);
    }

    protected long balance(long id) {
        return ((Number) member(id).get("balance")).longValue();
    }

    protected List<Map<String, Object>> get(String path) {
        return admin().exchange(path, HttpMethod.GET, null, new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
    }

    protected TestRestTemplate admin() {
        return http.withBasicAuth(People.ADMIN, People.ADMIN_PASSWORD);
    }

    /** A money call of the gift-card merchant's till ({@link GiftCardMappings#TILL}), POSTed with its Idempotency-Key. */
    protected ResponseEntity<Map> shopTill(String path, Map<String, Object> body, String idempotencyKey) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("Idempotency-Key", idempotencyKey);
        headers.set("X-Api-Key", GiftCardMappings.TILL);
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), Map.class);
    }

    protected TestRestTemplate asTill(String key) {
        return new TestRestTemplate(ContractCheck.client(port).defaultHeader("X-Api-Key", key));
    }

    protected Path inbox() {
        return dataDir.resolve("inbox/loyal");
    }
}
