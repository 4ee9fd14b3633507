package io.poshub.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.poshub.common.Hashes;
import io.poshub.support.ContractCheck;
import io.poshub.support.HubTest;
import io.poshub.support.People;
import io.poshub.support.VippsPeer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
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
 * Payments against a WireMock Vipps: every request the hub sends is validated against the real ePayment
 * OpenAPI spec after each test.
 */
@SuppressWarnings("unchecked")
class PaymentsTest extends HubTest {

    private static final String TILL = "till-payments";
    private static final String WEBHOOK_SECRET = "webhook-secret-for-tests";
    private static WireMockServer vipps;

    @Autowired
    VippsClient client;
    @Autowired
    PaymentPoller poller;
    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void provider(DynamicPropertyRegistry registry) throws IOException {
        hub(registry, Settings.defaults());
        vipps = new WireMockServer(options().dynamicPort());
        vipps.start();
        VippsPeer.configure(registry, vipps);
        registry.add("poshub.payments.vipps.webhook-secret", () -> WEBHOOK_SECRET);
        registry.add("poshub.payments.vipps.response-timeout", () -> "1s");
        registry.add("poshub.payments.vipps.retries", () -> "1");
        registry.add("poshub.payments.vipps.retry-delay", () -> "50ms");
        registry.add("poshub.payments.breaker.open-for", () -> "1s");
        registry.add("poshub.till-keys.demo", () -> TILL);
    }

    @AfterAll
    static void stopProvider() {
        vipps.stop();
    }

    @BeforeEach
    void stubs() {
        vipps.resetAll();
        client.breaker().reset();
        vipps.stubFor(post("/accesstoken/get").willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"token_type\":\"Bearer\",\"expires_in\":\"3600\",\"access_token\":\"test-token\"}")));
        vipps.stubFor(post("/epayment/v1/payments").willReturn(created()));
        vipps.stubFor(post(urlPathMatching("/epayment/v1/payments/[^/]+/(capture|refund|cancel)"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{}")));
        vipps.stubFor(get(urlPathMatching("/epayment/v1/payments/[^/]+")).willReturn(state("CREATED")));
    }

    /** Every request the hub sent to Vipps in the test must be one the real spec accepts. */
    @AfterEach
    void everyRequestMatchesTheSpec() {
        for (ServeEvent event : vipps.getAllServeEvents()) {
            LoggedRequest request = event.getRequest();
            if (request.getUrl().startsWith("/accesstoken/")) {
                continue; // the access-token API is not part of the ePayment spec
            }
            ValidationReport report = VippsSpec.validate(request);
            assertThat(report.getMessages()).as(request.getMethod() + " " + request.getUrl()).isEmpty();
        }
    }

    @Test
    void sanityCheckOfTheValidatorItselfItRefusesARequestTheSpecForbids() {
        ValidationReport report = VippsSpec.validate(SimpleRequest.Builder.post("/epayment/v1/payments")
                .withHeader("Authorization", "Bearer x").withHeader("Merchant-Serial-Number", "123456")
                .withHeader("Ocp-Apim-Subscription-Key", "k").withContentType("application/json")
                .withBody("{\"amount\":{\"currency\":\"NOK\",\"value\":100},\"paymentMethod\":{\"type\":\"WALLET\"},"
                        + "\"reference\":\"bad ref!\",\"userFlow\":\"PUSH_MESSAGE\"}").build());
        assertThat(report.hasErrors()).isTrue();
        assertThat(report.getMessages()).anySatisfy(m -> assertThat(m.getMessage()).contains("Idempotency-Key"));
        assertThat(report.getMessages()).anySatisfy(m -> assertThat(m.getMessage()).contains("bad ref!"));
    }

    @Test
    void createThenWebhookAuthorizedThenCaptureThenPartialRefund() {
        Map<String, Object> created = create("pos-001-00001", 10_000);
        assertThat(created).containsEntry("state", "CREATED").containsEntry("tillState", "pending");
        // The answer is built from what was written, not read back: it must be what a read gives.
        assertThat(payment("pos-001-00001")).isEqualTo(created);
        LoggedRequest sent = vipps.findAll(postRequestedFor(urlEqualTo("/epayment/v1/payments"))).get(0);
        assertThat(sent.getHeader("Idempotency-Key")).isEqualTo("pos-001-00001");
        assertThat(sent.getBodyAsString()).contains("\"phoneNumber\":\"4791234567\"").contains("\"userFlow\":\"PUSH_MESSAGE\"");

        assertThat(webhook("{\"msn\":\"123456\",\"reference\":\"pos-001-00001\",\"pspReference\":\"p1\",\"name\":\"AUTHORIZED\","
                + "\"amount\":{\"currency\":\"NOK\",\"value\":10000},\"timestamp\":\"2026-11-23T10:00:00Z\",\"success\":true}", true,
                ZonedDateTime.now(ZoneOffset.UTC)).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(payment("pos-001-00001")).containsEntry("tillState", "approved").containsEntry("authorized", 10000);

        assertThat(till().postForEntity("/api/payments/pos-001-00001/capture", Map.of("amount", 10_000), Map.class).getBody())
                .containsEntry("captured", 10000);
        assertThat(till().postForEntity("/api/payments/pos-001-00001/refund", Map.of("amount", 2_500), Map.class).getBody())
                .containsEntry("refunded", 2500);

        ResponseEntity<Map> tooMuch = till().postForEntity("/api/payments/pos-001-00001/refund", Map.of("amount", 9_000), Map.class);
        assertThat(tooMuch.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(tooMuch.getBody().get("detail")).asString().contains("more than the 7500 captured and not yet refunded");
        assertThat(vipps.findAll(postRequestedFor(urlEqualTo("/epayment/v1/payments/pos-001-00001/refund")))).hasSize(1);
        assertThat(payment("pos-001-00001")).containsEntry("refunded", 2500);
    }

    @Test
    void aForgedOrReplayedWebhookIsRefusedAndChangesNothing() {
        create("pos-001-00002", 5_000);
        String event = "{\"msn\":\"123456\",\"reference\":\"pos-001-00002\",\"pspReference\":\"p2\",\"name\":\"AUTHORIZED\","
                + "\"amount\":{\"currency\":\"NOK\",\"value\":5000},\"timestamp\":\"2026-11-23T10:00:00Z\",\"success\":true}";
        assertThat(webhook(event, false, ZonedDateTime.now(ZoneOffset.UTC)).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(webhook(event, true, ZonedDateTime.now(ZoneOffset.UTC).minusHours(1)).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http().postForEntity("/api/payments/callbacks/vipps", new HttpEntity<>(event, json()), Map.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(payment("pos-001-00002")).containsEntry("state", "CREATED").containsEntry("authorized", 0);
    }

    @Test
    void aWebhookBodyOverItsLimitIsRefusedUnreadAndTheHubGoesOn() throws Exception {
        create("pos-001-00012", 1_000);
        byte[] tenMegabytes = ("{\"reference\":\"pos-001-00012\",\"pad\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        // Said in advance: answered 413 from the headers alone, before a byte of the body is sent.
        assertThat(rawWebhook(tenMegabytes, false)).startsWith("HTTP/1.1 413").contains("PAYLOAD_TOO_LARGE");
        // Sent in chunks, with a genuine signature: read up to the limit, then 413.
        assertThat(rawWebhook(tenMegabytes, true)).startsWith("HTTP/1.1 413").contains("PAYLOAD_TOO_LARGE");
        assertThat(payment("pos-001-00012")).containsEntry("state", "CREATED");
    }

    /**
     * Posts a signed webhook over a plain socket (an HTTP client would stop at the server closing a connection it did
     * not read to the end) and answers the response's head and as much of its body as came.
     */
    private String rawWebhook(byte[] body, boolean chunked) throws Exception {
        String hash = Base64.getEncoder().encodeToString(Hashes.sha256(body));
        String stamp = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
        String host = "localhost:" + port;
        String signature = WebhookSignature.sign(WEBHOOK_SECRET, "POST\n/api/payments/callbacks/vipps\n" + stamp + ";" + host + ";" + hash);
        String head = "POST /api/payments/callbacks/vipps HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                + "x-ms-date: " + stamp + "\r\nx-ms-content-sha256: " + hash + "\r\n"
                + "Authorization: HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=" + signature + "\r\n"
                + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n") + "Connection: close\r\n\r\n";
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.setSoTimeout(20_000);
            var out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread writer = new Thread(() -> {
                try {
                    for (int at = 0; chunked && at < body.length; at += 8192) {
                        int n = Math.min(8192, body.length - at);
                        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(body, at, n);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                } catch (java.io.IOException closedByTheHub) {
                    // the hub answered and closed the connection: the rest is never read
                }
            });
            writer.start();
            // The hub may keep the connection open (it does not wait for the body): read until the problem's code came.
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[2048];
            var in = socket.getInputStream();
            for (int n; !answer.toString().contains("_LARGE\"") && (n = in.read(buffer)) > 0; ) {
                answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
            socket.close();
            writer.join(20_000);
            return answer.toString();
        }
    }

    @Test
    void aForgedWebhookIsRefusedBeforeItsBodyIsParsed() {
        ResponseEntity<Map> forged = webhook("{ not json", false, ZonedDateTime.now(ZoneOffset.UTC));
        assertThat(forged.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(forged.getBody()).containsEntry("code", "WEBHOOK_SIGNATURE_INVALID");
        // the same body rightly signed is read, and then refused for what it is
        ResponseEntity<Map> genuine = webhook("{ not json", true, ZonedDateTime.now(ZoneOffset.UTC));
        assertThat(genuine.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(genuine.getBody()).containsEntry("code", "MALFORMED_JSON");
    }

    @Test
    void aPaymentTheCustomerNeverApprovesEndsExpiredByPolling() {
        vipps.stubFor(get("/epayment/v1/payments/pos-001-00003").willReturn(state("EXPIRED")));
        create("pos-001-00003", 4_200);
        await().atMost(Duration.ofSeconds(12)).until(() -> "EXPIRED".equals(payment("pos-001-00003").get("state")));
        assertThat(payment("pos-001-00003")).containsEntry("tillState", "rejected");
    }

    @Test
    void aPaymentApprovedByPollingIsPolledNoMore() {
        vipps.stubFor(get("/epayment/v1/payments/pos-001-00006").willReturn(state("AUTHORIZED")));
        create("pos-001-00006", 2_500);
        await().atMost(Duration.ofSeconds(12)).until(() -> "AUTHORIZED".equals(payment("pos-001-00006").get("state")));
        // Polling would ask again 2 s (poll.every) after that answer; an approved payment is not asked about again.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() ->
                vipps.findAll(getRequestedFor(urlEqualTo("/epayment/v1/payments/pos-001-00006"))).size() == 1);
    }

    @Test
    void aPaymentStillWaitingWhenTheHubStartsIsFollowedAgain() {
        // Made before a restart: the row is there, nothing follows it in this process.
        jdbc.update("""
                INSERT INTO payment (reference, merchant, store, currency, amount, state, expires_at)
                VALUES ('pos-001-00007', 'demo', '001', 'NOK', 1500, 'CREATED', UTC_TIMESTAMP(3) + INTERVAL 4 MINUTE)
                """);
        vipps.stubFor(get("/epayment/v1/payments/pos-001-00007").willReturn(state("AUTHORIZED")));
        poller.followPending();
        await().atMost(Duration.ofSeconds(10)).until(() -> "AUTHORIZED".equals(payment("pos-001-00007").get("state")));
    }

    @Test
    void aStateTheProviderReportsStandsOnlyWithItsEvent() {
        create("pos-001-00010", 3_000);
        String authorized = "{\"msn\":\"123456\",\"reference\":\"pos-001-00010\",\"pspReference\":\"p10\",\"name\":\"AUTHORIZED\","
                + "\"amount\":{\"currency\":\"NOK\",\"value\":3000},\"timestamp\":\"2026-11-23T10:00:00Z\",\"success\":true}";
        refusingEvents("STATE", () -> assertThat(webhook(authorized, true, ZonedDateTime.now(ZoneOffset.UTC)).getStatusCode()
                .is5xxServerError()).isTrue());
        assertThat(payment("pos-001-00010")).containsEntry("state", "CREATED").containsEntry("authorized", 0);

        // Vipps sends the webhook again: now the state, the amount and its one event land together.
        assertThat(webhook(authorized, true, ZonedDateTime.now(ZoneOffset.UTC)).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(payment("pos-001-00010")).containsEntry("state", "AUTHORIZED").containsEntry("authorized", 3000);
        assertThat(events("pos-001-00010")).containsExactly("CREATE CREATED", "STATE AUTHORIZED");
    }

    @Test
    void aCaptureRepeatedAfterItsRecordFailedCountsOnce() {
        create("pos-001-00011", 6_000);
        jdbc.update("UPDATE payment SET state = 'AUTHORIZED', authorized = 6000 WHERE reference = 'pos-001-00011'");
        HttpHeaders key = new HttpHeaders();
        key.set("Idempotency-Key", "capture-00011");
        HttpEntity<Map<String, Object>> capture = new HttpEntity<>(Map.of("amount", 6_000), key);
        refusingEvents("CAPTURE", () -> assertThat(till().postForEntity("/api/payments/pos-001-00011/capture", capture, Map.class)
                .getStatusCode().is5xxServerError()).isTrue());
        assertThat(payment("pos-001-00011")).containsEntry("captured", 0);

        // The till repeats the capture with its key (Vipps answers it once): it is recorded once.
        assertThat(till().postForEntity("/api/payments/pos-001-00011/capture", capture, Map.class).getBody())
                .containsEntry("captured", 6000);
        assertThat(events("pos-001-00011")).containsExactly("CREATE CREATED", "CAPTURE AUTHORIZED");
    }

    @Test
    void anAuthorizedPaymentIsCancelledOnceWhateverTheRetries() {
        create("pos-001-00020", 4_000);
        jdbc.update("UPDATE payment SET state = 'AUTHORIZED', authorized = 4000 WHERE reference = 'pos-001-00020'");
        HttpHeaders key = new HttpHeaders();
        key.set("Idempotency-Key", "cancel-00020");
        for (int attempt = 0; attempt < 2; attempt++) {
            ResponseEntity<Map> cancelled = till().postForEntity("/api/payments/pos-001-00020/cancel", new HttpEntity<>(null, key), Map.class);
            assertThat(cancelled.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(cancelled.getBody()).containsEntry("cancelled", 4000).containsEntry("captured", 0);
        }
        assertThat(events("pos-001-00020")).containsExactly("CREATE CREATED", "CANCEL AUTHORIZED");
        assertThat(vipps.findAll(postRequestedFor(urlEqualTo("/epayment/v1/payments/pos-001-00020/cancel"))))
                .allSatisfy(sent -> assertThat(sent.getHeader("Idempotency-Key")).isEqualTo("cancel-00020"));
    }

    /** Runs the step while the database refuses every payment event of the action: what the step changes must not stand. */
    private void refusingEvents(String action, Runnable step) {
        jdbc.execute("CREATE TRIGGER refuse_payment_event BEFORE INSERT ON payment_event FOR EACH ROW "
                + "IF NEW.action = '" + action + "' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by the test'; END IF");
        try {
            step.run();
        } finally {
            jdbc.execute("DROP TRIGGER refuse_payment_event");
        }
    }

    private List<String> events(String reference) {
        return jdbc.queryForList("""
                SELECT CONCAT(e.action, ' ', e.state) FROM payment_event e JOIN payment p ON p.id = e.payment_id
                 WHERE p.reference = ? ORDER BY e.id""", String.class, reference);
    }

    @Test
    void aCreateThatTimesOutIsRetriedWithTheSameIdempotencyKeyAndMakesOnePayment() {
        vipps.stubFor(post("/epayment/v1/payments").inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(created().withFixedDelay(1_500)).willSetStateTo("fast"));
        vipps.stubFor(post("/epayment/v1/payments").inScenario("slow").whenScenarioStateIs("fast").willReturn(created()));

        assertThat(create("pos-001-00004", 3_000)).containsEntry("tillState", "pending");
        List<LoggedRequest> attempts = vipps.findAll(postRequestedFor(urlEqualTo("/epayment/v1/payments")));
        assertThat(attempts).hasSize(2);
        assertThat(attempts).extracting(r -> r.getHeader("Idempotency-Key")).containsOnly("pos-001-00004");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM payment WHERE reference = 'pos-001-00004'", Integer.class)).isEqualTo(1);
    }

    @Test
    void withTheProviderDownTheBreakerOpensAndTillsGetAFast503ThenItCloses() {
        vipps.stubFor(post("/epayment/v1/payments").willReturn(aResponse().withStatus(500)));
        for (int i = 0; i < 4; i++) {
            assertThat(till().postForEntity("/api/payments", request("pos-001-down" + i, 1_000), Map.class).getStatusCode())
                    .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        }
        int sentBefore = vipps.findAll(postRequestedFor(urlEqualTo("/epayment/v1/payments"))).size();
        long start = System.nanoTime();
        ResponseEntity<Map> fast = till().postForEntity("/api/payments", request("pos-001-fast", 1_000), Map.class);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(fast.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(fast.getBody().get("detail")).asString().contains("circuit open");
        assertThat(millis).isLessThan(100);
        assertThat(vipps.findAll(postRequestedFor(urlEqualTo("/epayment/v1/payments")))).hasSize(sentBefore);

        vipps.stubFor(post("/epayment/v1/payments").willReturn(created()));
        int[] n = {0};
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(250)).until(() ->
                till().postForEntity("/api/payments", request("pos-001-back" + n[0]++, 1_000), Map.class).getStatusCode() == HttpStatus.CREATED);
        assertThat(client.breaker().getState().name()).isEqualTo("CLOSED");
    }

    @Test
    void aDayOfSalesAndPaymentsReconcilesIntoMatchedUnmatchedAndTotals() {
        java.time.LocalDate day = java.time.LocalDate.of(2026, 11, 20);
        jdbc.update("INSERT INTO import_file (feed, name, sha256, status, received_at) VALUES ('r', 'r.csv', REPEAT('0', 64), 'DONE', UTC_TIMESTAMP(3))");
        long file = jdbc.queryForObject("SELECT MAX(id) FROM import_file", Long.class);
        // Oslo is UTC+1 on that day: 12:00 local = 11:00 UTC.
        sale(file, "9001", "VIPPS", "100.00", "2026-11-20 11:00:00");   // paid by R-match (10000 at 11:04)
        sale(file, "9002", "VIPPS", "55.50", "2026-11-20 11:30:00");    // no payment
        sale(file, "9003", "CASH", "20.00", "2026-11-20 11:40:00");     // not a mobile payment: totals only
        sale(file, "9004", "VIPPS", "70.00", "2026-11-20 15:00:00");    // a 7000 payment exists, but 3 h earlier
        payment("R-match-0001", 10_000, "2026-11-20 11:04:00");
        payment("R-nosale-0001", 7_000, "2026-11-20 12:00:00");
        payment("R-otherday-01", 5_550, "2026-11-21 11:30:00");

        Map<String, Object> report = admin().getForObject("/api/reconciliation?store=R1&date=" + day, Map.class);
        assertThat((List<Map<String, Object>>) report.get("matched")).singleElement().satisfies(m -> {
            assertThat((Map<String, Object>) m.get("sale")).containsEntry("ticket", "9001");
            assertThat((Map<String, Object>) m.get("payment")).containsEntry("reference", "R-match-0001");
        });
        assertThat((List<Map<String, Object>>) report.get("salesWithoutPayment")).extracting(s -> s.get("ticket"))
                .containsExactly("9002", "9004");
        assertThat((List<Map<String, Object>>) report.get("paymentsWithoutSale")).extracting(p -> p.get("reference"))
                .containsExactly("R-nosale-0001");
        assertThat((Map<String, Object>) report.get("tenderTotals")).containsEntry("VIPPS", 225.50).containsEntry("CASH", 20.00);
        assertThat(report).containsEntry("mobilePaymentsTotal", 225.50);
    }

    private void sale(long file, String ticket, String tender, String total, String soldAtUtc) {
        jdbc.update("""
                INSERT INTO sale (merchant, store, register, ticket, business_date, status, kind, net_amount, tax_amount,
                                  total_amount, currency, tender, sold_at, feed, import_file_id, mobile_payment)
                VALUES ('demo', 'R1', '1', ?, '2026-11-20', 'ANONYMOUS', 'SALE', ?, 0, ?, 'NOK', ?, ?, 'r', ?, ?)
                """, ticket, new java.math.BigDecimal(total), new java.math.BigDecimal(total), tender, soldAtUtc, file, "VIPPS".equals(tender));
    }

    private void payment(String reference, long authorized, String createdAtUtc) {
        jdbc.update("""
                INSERT INTO payment (reference, merchant, store, currency, amount, state, authorized, created_at, expires_at)
                VALUES (?, 'demo', 'R1', 'NOK', ?, 'AUTHORIZED', ?, ?, ?)
                """, reference, authorized, authorized, createdAtUtc, createdAtUtc);
    }

    private TestRestTemplate admin() {
        return new TestRestTemplate(client().basicAuthentication(People.ADMIN, People.ADMIN_PASSWORD));
    }

    // --- helpers

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder created() {
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("{\"reference\":\"ok\"}");
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder state(String state) {
        return aResponse().withHeader("Content-Type", "application/json").withBody("{\"state\":\"" + state + "\",\"aggregate\":"
                + "{\"authorizedAmount\":{\"currency\":\"NOK\",\"value\":0},\"cancelledAmount\":{\"currency\":\"NOK\",\"value\":0},"
                + "\"capturedAmount\":{\"currency\":\"NOK\",\"value\":0},\"refundedAmount\":{\"currency\":\"NOK\",\"value\":0}}}");
    }

    private Map<String, Object> request(String reference, long amount) {
        return Map.of("reference", reference, "phone", "+47 912 34 567", "amount", amount, "currency", "NOK", "store", "001");
    }

    private Map<String, Object> create(String reference, long amount) {
        ResponseEntity<Map> created = till().postForEntity("/api/payments", request(reference, amount), Map.class);
        assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
        return created.getBody();
    }

    private Map<String, Object> payment(String reference) {
        return till().getForObject("/api/payments/" + reference, Map.class);
    }

    /** Posts a webhook signed as Vipps signs them (or with a wrong secret). */
    private ResponseEntity<Map> webhook(String body, boolean rightSecret, ZonedDateTime date) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String hash = Base64.getEncoder().encodeToString(Hashes.sha256(bytes));
        String stamp = DateTimeFormatter.RFC_1123_DATE_TIME.format(date);
        String host = "localhost:" + port;
        String signature = WebhookSignature.sign(rightSecret ? WEBHOOK_SECRET : "guessed-secret",
                "POST\n/api/payments/callbacks/vipps\n" + stamp + ";" + host + ";" + hash);
        HttpHeaders headers = json();
        headers.set("x-ms-date", stamp);
        headers.set("x-ms-content-sha256", hash);
        headers.set("Authorization", "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=" + signature);
        return http().exchange("/api/payments/callbacks/vipps", HttpMethod.POST, new HttpEntity<>(body, headers), Map.class);
    }

    private static HttpHeaders json() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return headers;
    }

    private TestRestTemplate till() {
        return new TestRestTemplate(client().defaultHeader("X-Api-Key", TILL));
    }

    private TestRestTemplate http() {
        return new TestRestTemplate(client());
    }

    /** The JDK's HTTP client: Apache HttpClient 5 (on the classpath for camel-http) would resend a POST answered 503. */
    private RestTemplateBuilder client() {
        return ContractCheck.client(port)
                .requestFactory(org.springframework.http.client.JdkClientHttpRequestFactory.class);
    }
}
