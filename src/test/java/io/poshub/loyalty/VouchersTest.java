package io.poshub.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.poshub.support.LoyaltyHubTest;
import io.poshub.support.People;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Rewards and vouchers (contract §18): an admin's catalogue; a till lists what a member can afford, buys a voucher once
 * per Idempotency-Key, and fifty tills racing to take one voucher get one discount and 49 refusals; an unused voucher
 * voided gives its points back; a used, voided, expired or unknown one is refused with its reason.
 */
class VouchersTest extends LoyaltyHubTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aVoucherIsBoughtOnceAndFiftyTillsRacingForItTakeItOnce() throws Exception {
        assertThat(putReward("50OFF", "{\"name\":\"50 off\",\"pointsCost\":20,\"kind\":\"AMOUNT\",\"value\":50.00,\"currency\":\"CAD\","
                + "\"validDays\":30,\"active\":true}").getStatusCode()).isEqualTo(HttpStatus.OK);
        long member = createMember(Map.of("externalId", "V1", "cardNumber", "VOUC000001"));
        book("voucher-points.csv", sale("601", "VOUC000001", "SKU-A", "APPAREL", "60.00"));
        assertThat(balance(member)).isEqualTo(60);
        assertThat(asTill(DEMO_TILL).getForObject("/api/members/" + member + "/rewards", String.class)).contains("\"code\":\"50OFF\"");

        ResponseEntity<String> bought = buy(member, "50OFF", "buy-1");
        assertThat(bought.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        JsonNode voucher = JSON.readTree(bought.getBody());
        assertThat(voucher.path("balance").asLong()).isEqualTo(40);
        assertThat(voucher.path("pointsCost").asLong()).isEqualTo(20);
        JsonNode again = JSON.readTree(buy(member, "50OFF", "buy-1").getBody());
        assertThat(again.path("voucher").asText()).isEqualTo(voucher.path("voucher").asText());
        assertThat(balance(member)).isEqualTo(40);
        String code = voucher.path("voucher").asText();

        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ResponseEntity<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String reference = "receipt-" + i;
            answers.add(pool.submit(() -> {
                start.await();
                return take(code, reference, "249.00");
            }));
        }
        start.countDown();
        List<String> taken = new ArrayList<>();
        int refused = 0;
        for (Future<ResponseEntity<String>> answer : answers) {
            ResponseEntity<String> got = answer.get(60, TimeUnit.SECONDS);
            if (got.getStatusCode() == HttpStatus.OK) {
                taken.add(got.getBody());
            } else {
                assertThat(got.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
                JsonNode problem = JSON.readTree(got.getBody());
                assertThat(problem.path("code").asText()).isEqualTo("VOUCHER_USED");
                assertThat(problem.path("approved").asBoolean(true)).isFalse();
                refused++;
            }
        }
        pool.shutdown();
        assertThat(taken).hasSize(1);
        assertThat(refused).isEqualTo(49);
        assertThat(JSON.readTree(taken.get(0)).path("discount").decimalValue()).isEqualByComparingTo("50.00");
        assertThat(jdbc.queryForObject("SELECT status FROM voucher WHERE code = ?", String.class, code)).isEqualTo("USED");
        // The till that took it, asking again for the same sale, hears the same; a void comes too late.
        String winner = jdbc.queryForObject("SELECT used_reference FROM voucher WHERE code = ?", String.class, code);
        assertThat(take(code, winner, "249.00").getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(asTill(DEMO_TILL).postForEntity("/api/vouchers/" + code + "/void", null, String.class).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
        assertThat(balance(member)).isEqualTo(40);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM points_entry WHERE member_id = ? AND reason = 'REDEEM'", Integer.class, member))
                .isEqualTo(1);
    }

    @Test
    void anUnusedVoucherVoidedGivesItsPointsBackAndEachRefusalSaysWhy() throws Exception {
        putReward("10PCT", "{\"name\":\"10 percent off\",\"pointsCost\":10,\"kind\":\"PERCENT\",\"value\":10,\"validDays\":7,\"active\":true}");
        long member = createMember(Map.of("externalId", "V2", "cardNumber", "VOUC000002"));
        book("voucher-points-2.csv", sale("602", "VOUC000002", "SKU-A", "APPAREL", "35.00"));
        assertThat(balance(member)).isEqualTo(35);

        String voided = JSON.readTree(buy(member, "10PCT", "buy-v").getBody()).path("voucher").asText();
        assertThat(balance(member)).isEqualTo(25);
        ResponseEntity<String> back = asTill(DEMO_TILL).postForEntity("/api/vouchers/" + voided + "/void", null, String.class);
        assertThat(back.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(balance(member)).isEqualTo(35);
        assertThat(asTill(DEMO_TILL).postForEntity("/api/vouchers/" + voided + "/void", null, String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(balance(member)).as("voided twice, given back once").isEqualTo(35);
        assertThat(refusal(take(voided, "r1", "10.00"))).isEqualTo("VOUCHER_VOID");

        String expired = JSON.readTree(buy(member, "10PCT", "buy-e").getBody()).path("voucher").asText();
        jdbc.update("UPDATE voucher SET expires_at = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND WHERE code = ?", expired);
        assertThat(refusal(take(expired, "r2", "10.00"))).isEqualTo("VOUCHER_EXPIRED");
        assertThat(refusal(take("VNOSUCHVOUCH", "r3", "10.00"))).isEqualTo("VOUCHER_UNKNOWN");

        String percent = JSON.readTree(buy(member, "10PCT", "buy-p").getBody()).path("voucher").asText();
        assertThat(JSON.readTree(take(percent, "r4", "99.95").getBody()).path("discount").decimalValue()).isEqualByComparingTo("10.00");
        assertThat(asTill("till-key-of-other").getForEntity("/api/vouchers/" + percent, String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);

        assertThat(buy(member, "10PCT", "buy-x1").getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(balance(member)).isEqualTo(5);
        assertThat(refusal(buy(member, "10PCT", "buy-x2"))).isEqualTo("INSUFFICIENT_POINTS");
        ResponseEntity<String> bad = putReward("BAD", "{\"name\":\"x\",\"pointsCost\":0,\"kind\":\"AMOUNT\",\"value\":5,\"validDays\":1,\"active\":true}");
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(bad.getBody()).contains("pointsCost");
        HttpHeaders json = new HttpHeaders();
        json.setContentType(MediaType.APPLICATION_JSON);
        assertThat(http.withBasicAuth(People.OPERATOR, People.OPERATOR_PASSWORD).exchange("/api/rewards/10PCT", HttpMethod.PUT,
                new HttpEntity<>("{}", json), String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    private ResponseEntity<String> putReward(String code, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return admin().exchange("/api/rewards/" + code, HttpMethod.PUT, new HttpEntity<>(body, headers), String.class);
    }

    private ResponseEntity<String> buy(long member, String reward, String key) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("Idempotency-Key", key);
        return asTill(DEMO_TILL).exchange("/api/members/" + member + "/rewards/" + reward + "/vouchers", HttpMethod.POST,
                new HttpEntity<>(null, headers), String.class);
    }

    private ResponseEntity<String> take(String voucher, String reference, String saleAmount) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return asTill(DEMO_TILL).exchange("/api/vouchers/" + voucher + "/redeem", HttpMethod.POST, new HttpEntity<>(
                "{\"store\":\"777\",\"reference\":\"" + reference + "\",\"saleAmount\":" + saleAmount + "}", headers), String.class);
    }

    private static String refusal(ResponseEntity<String> answer) throws Exception {
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.CONFLICT);
        return JSON.readTree(answer.getBody()).path("code").asText();
    }
}
