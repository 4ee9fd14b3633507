package io.poshub.receipt;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.poshub.support.GiftCardMappings;
import io.poshub.support.LoyaltyHubTest;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * E-receipts (contract §22) through the real hub, to a real SMTP server (GreenMail) and an SMS provider played by
 * WireMock: a sale booked to a member who wants receipts goes out once by the member's channel — not again when the
 * file comes again, not for a sale older than max-age, not for a member who wants none — and so does each activation,
 * load and redemption of a gift card the member owns. The merchant's template, edited while the hub runs, is used from the
 * next receipt on, its values escaped; a provider's 4xx fails the receipt at once, a 5xx is tried again, a template that
 * does not render is reported with its name; the console's list shows them, and no address reaches the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReceiptsTest extends LoyaltyHubTest {

    private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");
    private static final String CP_HEADER = HEADER.strip() + ",GFC_NO,CLERK\n";
    static final GreenMail SMTP = new GreenMail(ServerSetup.SMTP.dynamicPort());
    static final WireMockServer PROVIDER = new WireMockServer(options().dynamicPort());
    static Path templates;

    static {
        SMTP.start();
        PROVIDER.start();
    }

    private final ObjectMapper json = new ObjectMapper();

    @DynamicPropertySource
    static void receipts(DynamicPropertyRegistry registry) throws IOException {
        templates = Files.createTempDirectory("poshub-receipts-");
        registry.add("poshub.receipts.templates-dir", () -> templates.toString());
        registry.add("poshub.receipts.mail.host", () -> "127.0.0.1");
        registry.add("poshub.receipts.mail.port", () -> SMTP.getSmtp().getPort());
        registry.add("poshub.receipts.mail.from", () -> "receipts@shop.example");
        registry.add("poshub.receipts.sms.url", () -> "http://127.0.0.1:" + PROVIDER.port() + "/sms");
        registry.add("poshub.receipts.send-interval", () -> "200ms");
        registry.add("poshub.receipts.backoff", () -> "300ms");
        registry.add("poshub.receipts.max-tries", () -> "3");
    }

    @AfterAll
    static void stop() {
        SMTP.stop();
        PROVIDER.stop();
    }

    @BeforeEach
    void giftCardFeed() {
        if (camel.getRoute("feed-gc-counterpoint") == null) {
            addFeed("gc-counterpoint", "file:" + dataDir.resolve("inbox/gc-counterpoint"), "gc-counterpoint");
        }
        PROVIDER.stubFor(post(urlEqualTo("/sms")).willReturn(aResponse().withStatus(202)));
    }

    @Test
    void aSaleAndAGiftCardGoOutOnceByTheMembersChannelInTheMerchantsTemplate(CapturedOutput output) throws Exception {
        Files.writeString(templates.resolve("shop.email.html"), """
                <html><head><title>Kvittering {{#sale}}{{ticket}}{{/sale}}{{#giftCard}}{{card}}{{/giftCard}} fra {{merchant}}</title></head>
                <body><p>Hei {{firstName}}!</p>{{#sale}}{{#lines}}<p>{{description}} {{amount}}</p>{{/lines}}<p>Sum {{total}} {{currency}}</p>{{/sale}}
                {{#giftCard}}<p>{{what}} {{amount}}, saldo {{balance}}</p>{{/giftCard}}</body></html>
                """);
        long mail = member("RC-MAIL", "ann@shop.example", null, "EMAIL", "<b>Ann</b>");
        long text = member("RC-SMS", null, "+4741234567", "SMS", "Siv");
        long none = member("RC-NONE", "nils@shop.example", "+4741234568", "NONE", "Nils");
        String today = LocalDate.now(OSLO).toString();
        String card = number("790000000001");
        // Ann buys a jacket and a gift card of 500,00 (hers, as her sale's); Siv a jacket; Nils a jacket; Ann, long ago, a cap.
        String file = CP_HEADER
                + row("R-1", "RC-MAIL", today, 1, "JACKET", "Jakke <Ull>", "1", "800.00", "1300.00", "") + "\n"
                + row("R-1", "RC-MAIL", today, 2, GiftCardMappings.SKU, "Gavekort", "1", "500.00", "1300.00", card) + "\n"
                + row("R-2", "RC-SMS", today, 1, "JACKET", "Jakke", "1", "800.00", "800.00", "") + "\n"
                + row("R-3", "RC-NONE", today, 1, "JACKET", "Jakke", "1", "800.00", "800.00", "") + "\n"
                + row("R-4", "RC-MAIL", "2026-11-06", 1, "CAP", "Lue", "1", "100.00", "100.00", "") + "\n";
        importFile(file, "receipts-1.csv");
        long saleOfAnn = saleId("R-1");

        // Ann's sale and her card's activation by e-mail, Siv's sale by SMS; nothing for Nils, nor for the old sale.
        String ours = "member_id IN (" + mail + ", " + text + ", " + none + ")";
        await().atMost(Duration.ofSeconds(30)).until(() -> count(ours + " AND state = 'SENT'") == 3);
        assertThat(jdbc.queryForList("SELECT CONCAT(member_id, ' ', kind, ' ', channel) FROM receipt_outbox WHERE " + ours, String.class))
                .containsExactlyInAnyOrder(mail + " SALE EMAIL", mail + " GIFT_CARD EMAIL", text + " SALE SMS");
        assertThat(count("member_id = " + none)).isZero();
        MimeMessage[] mails = SMTP.getReceivedMessages();
        assertThat(mails).hasSize(2);
        MimeMessage ofSale = Arrays.stream(mails).filter(m -> subject(m).startsWith("Kvittering R-1")).findFirst().orElseThrow();
        assertThat(ofSale.getAllRecipients()[0].toString()).isEqualTo("ann@shop.example");
        assertThat(subject(ofSale)).isEqualTo("Kvittering R-1 fra shop");
        assertThat(ofSale.getHeader(ReceiptRoutes.RECEIPT_HEADER)[0]).isEqualTo(String.valueOf(outboxId("SALE", saleOfAnn)));
        String body = GreenMailUtil.getBody(ofSale);
        // The values are escaped: the member's name and the item's description are text, never markup.
        assertThat(body).contains("Hei &lt;b&gt;Ann&lt;/b&gt;!").doesNotContain("<b>Ann").contains("Jakke &lt;Ull&gt; 800.00")
                .contains("Sum 1300.00 NOK");
        MimeMessage ofCard = Arrays.stream(mails).filter(m -> subject(m).contains("****")).findFirst().orElseThrow();
        assertThat(subject(ofCard)).isEqualTo("Kvittering ****" + card.substring(card.length() - 4) + " fra shop");
        assertThat(GreenMailUtil.getBody(ofCard)).contains("activated with 500.00, saldo 500.00");
        List<LoggedRequest> texts = PROVIDER.findAll(postRequestedFor(urlEqualTo("/sms"))
                .withRequestBody(matchingJsonPath("$.to", equalTo("+4741234567"))));
        assertThat(texts).hasSize(1);
        JsonNode sms = json.readTree(texts.get(0).getBodyAsString());
        assertThat(sms.get("to").asText()).isEqualTo("+4741234567");
        assertThat(sms.get("text").asText()).isEqualTo("shop receipt R-2, " + today + " 10:00: 800.00 NOK, points 800.");
        assertThat(texts.get(0).getHeader("Idempotency-Key")).isEqualTo("receipt-" + outboxId("SALE", saleId("R-2")));

        // The same tickets again, with one more of Siv's: only the new one gets a receipt.
        importFile(file + row("R-5", "RC-SMS", today, 1, "CAP", "Lue", "1", "100.00", "100.00", "") + "\n", "receipts-2.csv");
        await().atMost(Duration.ofSeconds(30)).until(() -> count(ours + " AND state = 'SENT'") == 4);
        assertThat(count("kind = 'SALE' AND source_id = " + saleOfAnn)).isEqualTo(1);
        PROVIDER.verify(2, postRequestedFor(urlEqualTo("/sms")).withRequestBody(matchingJsonPath("$.to", equalTo("+4741234567"))));
        assertThat(SMTP.getReceivedMessages()).hasSize(2);

        // The card spent at the till: a receipt of the redemption, in the template as edited now.
        Files.writeString(templates.resolve("shop.email.html"), """
                <html><head><title>Gavekort {{#giftCard}}{{card}}{{/giftCard}}</title></head>
                <body>{{#giftCard}}<p>Betalt {{amount}} {{currency}}. Igjen: {{balance}}</p>{{/giftCard}}</body></html>
                """);
        assertThat(shopTill("/api/gift-cards/" + card + "/redeem", Map.of("amount", 12050, "store", "777", "reference", "R-6"), "rc-redeem")
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        await().atMost(Duration.ofSeconds(30)).until(() -> SMTP.getReceivedMessages().length == 3);
        MimeMessage redeemed = SMTP.getReceivedMessages()[2];
        assertThat(subject(redeemed)).isEqualTo("Gavekort ****" + card.substring(card.length() - 4));
        assertThat(GreenMailUtil.getBody(redeemed)).contains("Betalt 120.50 NOK. Igjen: 379.50");

        assertThat(output.getAll()).doesNotContain("ann@shop.example").doesNotContain("41234567");
    }

    @Test
    void aRefusalFailsAtOnceAnOutageIsTriedAgainAndAFailedReceiptCanBeTriedAgain(CapturedOutput output) throws Exception {
        long refused = member("RC-BAD", null, "+4741234501", "SMS", "Bad");
        long later = member("RC-LATER", null, "+4741234502", "SMS", "Later");
        PROVIDER.stubFor(post(urlEqualTo("/sms")).withRequestBody(matchingJsonPath("$.to", equalTo("+4741234501")))
                .willReturn(aResponse().withStatus(400).withBody("{\"error\":\"+4741234501 is not a mobile number\"}")));
        PROVIDER.stubFor(post(urlEqualTo("/sms")).withRequestBody(matchingJsonPath("$.to", equalTo("+4741234502")))
                .willReturn(aResponse().withStatus(503)));
        String today = LocalDate.now(OSLO).toString();
        importFile(CP_HEADER + row("F-1", "RC-BAD", today, 1, "CAP", "Lue", "1", "100.00", "100.00", "") + "\n"
                + row("F-2", "RC-LATER", today, 1, "CAP", "Lue", "1", "100.00", "100.00", "") + "\n", "receipts-fail.csv");

        // The 400 fails its receipt on the first try, with the reason and without the number.
        await().atMost(Duration.ofSeconds(30)).until(() -> count("member_id = " + refused + " AND state = 'FAILED'") == 1);
        Map<String, Object> bad = jdbc.queryForMap("SELECT tries, last_error FROM receipt_outbox WHERE member_id = ?", refused);
        assertThat(bad.get("tries")).isEqualTo(1);
        assertThat((String) bad.get("last_error")).startsWith("the SMS provider answered 400: {\"error\":\"(the member's address) is not a mobile number").doesNotContain("41234501");
        // The 503 is tried again, max-tries (3) times, then FAILED.
        await().atMost(Duration.ofSeconds(30)).until(() -> count("member_id = " + later + " AND state = 'FAILED'") == 1);
        assertThat(jdbc.queryForObject("SELECT tries FROM receipt_outbox WHERE member_id = ?", Integer.class, later)).isEqualTo(3);
        // (Each try is one or two requests: the HTTP client itself repeats a 503 once.)
        assertThat(PROVIDER.findAll(postRequestedFor(urlEqualTo("/sms")).withRequestBody(matchingJsonPath("$.to", equalTo("+4741234502")))))
                .hasSizeBetween(3, 6);

        // The console lists both; once the provider is back, an operator tries the one again and it goes.
        JsonNode failed = admin().getForObject("/api/receipts?state=failed", JsonNode.class);
        assertThat(failed.get("counts").get("FAILED").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(failed.get("receipts").findValuesAsText("memberId")).contains(String.valueOf(refused), String.valueOf(later));
        long id = jdbc.queryForObject("SELECT id FROM receipt_outbox WHERE member_id = ?", Long.class, later);
        PROVIDER.stubFor(post(urlEqualTo("/sms")).withRequestBody(matchingJsonPath("$.to", equalTo("+4741234502")))
                .willReturn(aResponse().withStatus(202)));
        ResponseEntity<JsonNode> retried = operator().postForEntity("/api/receipts/" + id + "/retry", null, JsonNode.class);
        assertThat(retried.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(retried.getBody().get("state").asText()).isEqualTo("PENDING");
        await().atMost(Duration.ofSeconds(30)).until(() -> count("id = " + id + " AND state = 'SENT'") == 1);
        ResponseEntity<JsonNode> again = operator().postForEntity("/api/receipts/" + id + "/retry", null, JsonNode.class);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(admin().getForEntity("/api/receipts?state=LOST", JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        // An erasure takes the member's receipts not sent with it; the one sent stays, naming no address.
        assertThat(admin().postForEntity("/api/members/" + refused + "/erasure", Map.of("reason", "asked"), JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(count("member_id = " + refused)).isZero();
        assertThat(admin().postForEntity("/api/members/" + later + "/erasure", Map.of("reason", "asked"), JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(count("member_id = " + later + " AND state = 'SENT'")).isEqualTo(1);
        assertThat(output.getAll()).doesNotContain("41234501").doesNotContain("41234502");
    }

    @Test
    void aTemplateThatDoesNotRenderIsNamedAndTheMendedOneSendsWhenTriedAgain() throws Exception {
        Path template = templates.resolve("shop.sms.txt");
        Files.writeString(template, "{{#sale}}{{ticket}} {{nosuchvalue}}{{/sale}}");
        try {
            long member = member("RC-TPL", null, "+4741234503", "SMS", "Tom");
            importFile(CP_HEADER + row("T-1", "RC-TPL", LocalDate.now(OSLO).toString(), 1, "CAP", "Lue", "1", "100.00", "100.00", "")
                    + "\n", "receipts-template.csv");
            await().atMost(Duration.ofSeconds(30)).until(() -> count("member_id = " + member + " AND state = 'FAILED'") == 1);
            assertThat(jdbc.queryForObject("SELECT last_error FROM receipt_outbox WHERE member_id = ?", String.class, member))
                    .contains("template receipts/shop.sms.txt does not render").contains("nosuchvalue");
            PROVIDER.verify(0, postRequestedFor(urlEqualTo("/sms")).withRequestBody(matchingJsonPath("$.to", equalTo("+4741234503"))));
            // Mended while the hub runs, and tried again: the new text goes.
            Files.writeString(template, "{{#sale}}Kvittering {{ticket}}{{/sale}}");
            long id = jdbc.queryForObject("SELECT id FROM receipt_outbox WHERE member_id = ?", Long.class, member);
            assertThat(operator().postForEntity("/api/receipts/" + id + "/retry", null, JsonNode.class).getStatusCode())
                    .isEqualTo(HttpStatus.OK);
            await().atMost(Duration.ofSeconds(30)).until(() -> count("id = " + id + " AND state = 'SENT'") == 1);
            PROVIDER.verify(1, postRequestedFor(urlEqualTo("/sms")).withRequestBody(matchingJsonPath("$.text", equalTo("Kvittering T-1"))));
        } finally {
            Files.deleteIfExists(template);
        }
    }

    private long member(String externalId, String email, String phone, String consent, String firstName) {
        Map<String, String> body = new java.util.HashMap<>(Map.of("merchant", GiftCardMappings.MERCHANT, "externalId", externalId, "firstName", firstName));
        if (email != null) {
            body.put("email", email);
        }
        if (phone != null) {
            body.put("phone", phone);
        }
        long id = createMember(body);
        assertThat(admin().exchange("/api/members/" + id, HttpMethod.PATCH, new HttpEntity<>(Map.of("receiptConsent", consent)), Map.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        return id;
    }

    /** A Counterpoint line of store 777 at 10:00, its customer number the member's external id, paid by VISA. */
    private static String row(String ticket, String customer, String date, int seq, String sku, String description, String qty,
                              String net, String total, String card) {
        return String.join(",", "777", "1", ticket, date, date + " 10:00:00", customer, "", "", "", String.valueOf(seq), "S", sku,
                description, "CAT", qty, "0", net, net, "0.00", total, "VISA", "", card, "kari");
    }

    private void importFile(String content, String name) {
        drop(content, dataDir.resolve("inbox/gc-counterpoint"), name);
        awaitImport("gc-counterpoint", name);
        assertThat(jdbc.queryForMap("SELECT status, rows_rejected FROM import_file WHERE name = ?", name))
                .containsEntry("status", "DONE").containsEntry("rows_rejected", 0);
    }

    private int count(String where) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM receipt_outbox WHERE " + where, Integer.class);
    }

    private long saleId(String ticket) {
        return jdbc.queryForObject("SELECT id FROM sale WHERE merchant = 'shop' AND ticket = ?", Long.class, ticket);
    }

    private long outboxId(String kind, long sourceId) {
        return jdbc.queryForObject("SELECT id FROM receipt_outbox WHERE kind = ? AND source_id = ?", Long.class, kind, sourceId);
    }

    private org.springframework.boot.test.web.client.TestRestTemplate operator() {
        return http.withBasicAuth(io.poshub.support.People.OPERATOR, io.poshub.support.People.OPERATOR_PASSWORD);
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A gift-card number of the merchant's 7… range: the payload and its Luhn check digit. */
    private static String number(String payload) {
        int sum = 0;
        for (int i = 0; i < payload.length(); i++) {
            int d = payload.charAt(payload.length() - 1 - i) - '0';
            if (i % 2 == 0) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return payload + (10 - sum % 10) % 10;
    }
}
