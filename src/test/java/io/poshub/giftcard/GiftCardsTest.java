package io.poshub.giftcard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poshub.support.LoyaltyHubTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Gift cards at the till, with numbers worked out by hand (minor units: 50000 = 500,00): the lifecycle, declines,
 * concurrency, a lost card's balance moved on, each call counted for Prometheus. After every scenario each card's
 * balance is the sum of its activities, and never below zero.
 */
@AutoConfigureObservability
class GiftCardsTest extends LoyaltyHubTest {

    @Autowired
    GiftCardAuthorizations authorizations;

    @AfterEach
    void everyBalanceIsTheSumOfItsActivitiesAndNeverBelowZero() {
        assertThat(jdbc.queryForList("""
                SELECT c.number FROM gift_card c LEFT JOIN gift_card_activity a ON a.gift_card_id = c.id
                 GROUP BY c.id, c.number, c.balance HAVING c.balance <> COALESCE(SUM(a.amount), 0) OR c.balance < 0
                """, String.class)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM gift_card_activity WHERE balance_after < 0", Integer.class)).isZero();
    }

    @Test
    void aCardsLifeToTheOere() {
        String card = number("60000000001");
        assertThat(call(card, "activate", Map.of("amount", 50000, "currency", "NOK", "store", "001", "reference", "sale-1"), "a1")
                .getBody()).containsEntry("state", "ACTIVE").containsEntry("balance", 50000);
        ResponseEntity<byte[]> barcode = asTill(DEMO_TILL).getForEntity("/api/gift-cards/" + card + "/barcode.png", byte[].class);
        assertThat(barcode.getHeaders().getContentType()).hasToString("image/png");
        assertThat(barcode.getBody()).startsWith(0x89, 'P', 'N', 'G');
        assertThat(call(card, "redeem", Map.of("amount", 12050, "store", "001", "reference", "sale-2"), "r1").getBody())
                .containsEntry("approved", true).containsEntry("redeemed", 12050).containsEntry("balance", 37950);
        assertThat(call(card, "load", Map.of("amount", 5000, "store", "001", "reference", "top-up"), "l1").getBody())
                .containsEntry("approved", true).containsEntry("balance", 42950);
        ResponseEntity<Map> declined = call(card, "redeem", Map.of("amount", 50000, "store", "001", "reference", "sale-3"), "r2");
        assertThat(declined.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(declined.getBody()).containsEntry("approved", false).containsEntry("balance", 42950);
        assertThat(declined.getBody()).containsEntry("reason", "INSUFFICIENT_BALANCE");
        assertThat((String) declined.getBody().get("detail")).contains("short");
        assertThat(call(card, "redeem", Map.of("amount", 50000, "store", "001", "reference", "sale-3", "allowPartial", true), "r3")
                .getBody()).containsEntry("approved", true).containsEntry("redeemed", 42950).containsEntry("partial", true)
                .containsEntry("balance", 0);
        assertThat(call(card, "refund", Map.of("amount", 2000, "store", "001", "reference", "return-1"), "f1").getBody())
                .containsEntry("approved", true).containsEntry("balance", 2000);

        ResponseEntity<Map> again = call(card, "activate", Map.of("amount", 100, "currency", "NOK", "store", "002"), "a2");
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(again.getBody()).containsEntry("approved", false).containsEntry("reason", "ALREADY_ACTIVATED");
        String wrongDigit = card.substring(0, card.length() - 1) + (char) ('0' + (card.charAt(card.length() - 1) - '0' + 1) % 10);
        ResponseEntity<Map> bad = call(wrongDigit, "activate", Map.of("amount", 100, "currency", "NOK"), "a3");
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((String) bad.getBody().get("detail")).contains("check digit");

        Map<String, Object> shown = asTill(DEMO_TILL).getForObject("/api/gift-cards/" + card, Map.class);
        assertThat(shown).containsEntry("balance", 2000).containsEntry("currency", "NOK");
        assertThat((List<Map<String, Object>>) shown.get("activities")).extracting(a -> a.get("type") + " " + a.get("amount"))
                .containsExactly("REFUND 2000", "REDEEM -42950", "LOAD 5000", "REDEEM -12050", "ACTIVATE 50000");
        assertThat(admin().getForObject("/actuator/prometheus", String.class))
                .containsPattern("poshub_gift_card_operations_total\\{[^}]*outcome=\"declined\"[^}]*type=\"REDEEM\"[^}]*} [1-9]");
    }

    @Test
    void fiftyConcurrentRedemptionsOfTenOnAHundredApproveExactlyTen() throws Exception {
        String card = number("60000000002");
        call(card, "activate", Map.of("amount", 10000, "currency", "NOK", "store", "001"), "c-act");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<ResponseEntity<Map>>> calls = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            for (int i = 0; i < 50; i++) {
                String key = "c-" + i;
                calls.add(pool.submit((Callable<ResponseEntity<Map>>) () -> {
                    start.await();
                    return call(card, "redeem", Map.of("amount", 1000, "store", "001", "reference", key), key);
                }));
            }
            start.countDown();
            List<String> approvedKeys = new ArrayList<>();
            int declined = 0;
            for (int i = 0; i < calls.size(); i++) {
                if (calls.get(i).get().getStatusCode() == HttpStatus.OK) {
                    approvedKeys.add("c-" + i);
                } else {
                    declined++;
                }
            }
            assertThat(approvedKeys).hasSize(10);
            assertThat(declined).isEqualTo(40);
            assertThat(balanceOf(card)).isZero();
            assertThat(jdbc.queryForObject("""
                    SELECT COUNT(*) FROM gift_card_activity a JOIN gift_card c ON c.id = a.gift_card_id
                     WHERE c.number = ? AND a.type = 'REDEEM'""", Integer.class, card)).isEqualTo(10);

            ResponseEntity<Map> replay = call(card, "redeem", Map.of("amount", 1000, "store", "001", "reference", approvedKeys.get(0)),
                    approvedKeys.get(0));
            assertThat(replay.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(replay.getBody()).containsEntry("approved", true);
            assertThat(balanceOf(card)).isZero();
            assertThat(jdbc.queryForObject("""
                    SELECT COUNT(*) FROM gift_card_activity a JOIN gift_card c ON c.id = a.gift_card_id WHERE c.number = ?""",
                    Integer.class, card)).isEqualTo(11);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLostCardsBalanceMovesToANewCardAndTheOldOneTakesNothing() {
        String lost = number("60000000003");
        String replacement = number("60000000004");
        call(lost, "activate", Map.of("amount", 30000, "currency", "NOK", "store", "001"), "lost-act");
        call(lost, "redeem", Map.of("amount", 7525, "store", "001"), "lost-r1");
        long before = sumOf(lost, replacement);

        ResponseEntity<Map> moved = call(lost, "deactivate", Map.of("reason", "LOST", "transferTo", replacement), "lost-d");
        assertThat(moved.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(moved.getBody()).containsEntry("state", "INACTIVE").containsEntry("balance", 0);
        Map<String, Object> fresh = asTill(DEMO_TILL).getForObject("/api/gift-cards/" + replacement, Map.class);
        assertThat(fresh).containsEntry("state", "ACTIVE").containsEntry("balance", 22475);
        assertThat(sumOf(lost, replacement)).isEqualTo(before).isEqualTo(22475);

        assertThat(get("/api/gift-cards?state=INACTIVE")).extracting(c -> c.get("number")).contains(lost).doesNotContain(replacement);
        assertThat(get("/api/gift-cards?state=ACTIVE&store=001")).extracting(c -> c.get("number")).contains(replacement);
        assertThat(get("/api/gift-cards/" + lost + "/activities?limit=2")).extracting(c -> c.get("type"))
                .containsExactly("DEACTIVATE", "TRANSFER_OUT");
        assertThat(get("/api/gift-cards/" + lost + "/activities?limit=2&offset=2")).extracting(c -> c.get("type"))
                .containsExactly("REDEEM", "ACTIVATE");
        assertThat(asTill(DEMO_TILL).getForEntity("/api/gift-cards", String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        ResponseEntity<Map> refused = call(lost, "redeem", Map.of("amount", 100, "store", "001"), "lost-r2");
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(refused.getBody()).containsEntry("reason", "CARD_INACTIVE");
        assertThat(asTill(DEMO_TILL).postForEntity("/api/gift-cards/" + lost + "/reactivate", null, Map.class).getStatusCode())
                .as("reactivating is the admin's").isEqualTo(HttpStatus.FORBIDDEN);

        assertThat(admin().postForEntity("/api/gift-cards/" + lost + "/reactivate", null, Map.class).getBody())
                .containsEntry("state", "ACTIVE");
        assertThat(call(lost, "load", Map.of("amount", 1000, "store", "001"), "lost-l1").getBody()).containsEntry("balance", 1000);
        assertThat(call(lost, "redeem", Map.of("amount", 100, "store", "001"), "lost-r3").getBody()).containsEntry("balance", 900);
    }

    @Test
    void anOfflineRedemptionBooksAgainstItsHoldOnceAndAnExpiredHoldIsReleased() {
        String card = number("60000000005");
        call(card, "activate", Map.of("amount", 10000, "currency", "NOK", "store", "001"), "off-act");
        ResponseEntity<Map> given = admin().postForEntity("/api/gift-cards/" + card + "/authorizations",
                Map.of("type", "REDEEM", "amount", 8000), Map.class);
        assertThat(given.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String code = (String) given.getBody().get("code");
        assertThat(code).matches("[A-Z2-9]{6}");
        assertThat(asTill(DEMO_TILL).getForObject("/api/gift-cards/" + card, Map.class))
                .containsEntry("balance", 10000).containsEntry("available", 2000);
        assertThat(call(card, "redeem", Map.of("amount", 3000, "store", "001"), "off-r1").getStatusCode())
                .as("the held 80,00 cannot be spent meanwhile").isEqualTo(HttpStatus.CONFLICT);
        assertThat(asTill(DEMO_TILL).postForEntity("/api/gift-cards/" + card + "/authorizations",
                Map.of("type", "REDEEM", "amount", 100), Map.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

        ResponseEntity<Map> forced = call(card, "redeem", Map.of("amount", 8000, "store", "001", "authCode", code), "off-r2");
        assertThat(forced.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(forced.getBody()).containsEntry("redeemed", 8000).containsEntry("balance", 2000);
        assertThat(jdbc.queryForMap("""
                SELECT a.forced, a.auth_code, c.held FROM gift_card_activity a JOIN gift_card c ON c.id = a.gift_card_id
                 WHERE c.number = ? AND a.type = 'REDEEM'""", card))
                .containsEntry("forced", true).containsEntry("auth_code", code).containsEntry("held", 0L);
        ResponseEntity<Map> again = call(card, "redeem", Map.of("amount", 8000, "store", "001", "authCode", code), "off-r3");
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(again.getBody()).containsEntry("reason", "AUTH_CODE_USED");
        assertThat(balanceOf(card)).isEqualTo(2000);

        String other = number("60000000006");
        call(other, "activate", Map.of("amount", 5000, "currency", "NOK", "store", "001"), "exp-act");
        String late = (String) admin().postForEntity("/api/gift-cards/" + other + "/authorizations",
                Map.of("type", "REDEEM", "amount", 4000), Map.class).getBody().get("code");
        assertThat(call(other, "redeem", Map.of("amount", 4000, "store", "001", "authCode", late.substring(0, 5) + (late.endsWith("Z") ? "Y" : "Z")), "exp-r0")
                .getBody()).containsEntry("approved", false).containsEntry("reason", "AUTH_CODE_UNKNOWN");
        assertThat(asTill(DEMO_TILL).getForObject("/api/gift-cards/" + other, Map.class)).containsEntry("available", 1000);
        // Left to expire: as a short time to live would, its end is put in the past.
        jdbc.update("UPDATE gift_card_authorization SET expires_at = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND WHERE code = ?", late);
        authorizations.releaseExpired();
        assertThat(asTill(DEMO_TILL).getForObject("/api/gift-cards/" + other, Map.class))
                .containsEntry("balance", 5000).containsEntry("available", 5000);
        ResponseEntity<Map> expired = call(other, "redeem", Map.of("amount", 4000, "store", "001", "authCode", late), "exp-r1");
        assertThat(expired.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(expired.getBody()).containsEntry("reason", "AUTH_CODE_EXPIRED");
        assertThat(balanceOf(other)).isEqualTo(5000);
    }

    @Test
    void aBatchActivatesInBlocksOfAHundredAndDeclinesANumberActivatedBefore() {
        String first = number("7000000000");
        String third = number("7000000002");
        call(third, "activate", Map.of("amount", 100, "currency", "NOK", "store", "001"), "batch-pre");

        ResponseEntity<Map> started = admin().postForEntity("/api/gift-cards/batches",
                Map.of("firstNumber", first, "count", 1050, "amount", 25000, "currency", "NOK", "store", "001"), Map.class);
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        long id = ((Number) started.getBody().get("batchId")).longValue();
        Map<String, Object> running = admin().getForObject("/api/gift-cards/batches/" + id, Map.class);
        assertThat(running.get("status")).isIn("RUNNING", "DONE");
        assertThat((List<?>) running.get("blocks")).hasSize(11);

        await().atMost(Duration.ofSeconds(60)).until(() -> "DONE".equals(admin().getForObject("/api/gift-cards/batches/" + id, Map.class)
                .get("status")));
        Map<String, Object> done = admin().getForObject("/api/gift-cards/batches/" + id, Map.class);
        assertThat(done).containsEntry("count", 1050).containsEntry("activated", 1049).containsEntry("declined", 1);
        List<Map<String, Object>> blocks = (List<Map<String, Object>>) done.get("blocks");
        assertThat(blocks).hasSize(11);
        assertThat(blocks.get(0)).containsEntry("first", first).containsEntry("activated", 99).containsEntry("declined", 1)
                .containsEntry("status", "DONE");
        assertThat((List<Map<String, Object>>) blocks.get(0).get("declines")).singleElement()
                .satisfies(d -> assertThat(d).containsEntry("number", third).containsEntry("reason", "ALREADY_ACTIVATED"));
        assertThat(blocks.get(10)).containsEntry("first", number("7000001000")).containsEntry("last", number("7000001049"))
                .containsEntry("activated", 50);
        assertThat(balanceOf(third)).as("the card activated before keeps what it had").isEqualTo(100);
        assertThat(balanceOf(number("7000001049"))).isEqualTo(25000);
        assertThat(asTill(DEMO_TILL).getForEntity("/api/gift-cards/batches/" + id, Map.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
    }

    private long balanceOf(String card) {
        return jdbc.queryForObject("SELECT balance FROM gift_card WHERE number = ?", Long.class, card);
    }

    private long sumOf(String... cards) {
        long sum = 0;
        for (String card : cards) {
            sum += jdbc.queryForObject("""
                    SELECT COALESCE(SUM(a.amount), 0) FROM gift_card c LEFT JOIN gift_card_activity a ON a.gift_card_id = c.id
                     WHERE c.number = ?""", Long.class, card);
        }
        return sum;
    }

    /**
     * A gift card registered to a member (#32): by the till, listed on the member and in its export, moved along when the
     * member is merged; refused for a member the till may not see, an inactive one, a card the merchant does not have.
     */
    @Test
    void aCardRegisteredToAMemberIsItsOnItsPageInItsExportAndAfterAMerge() {
        String card = number("60000000090");
        call(card, "activate", Map.of("amount", 25000, "currency", "NOK", "store", "001"), "own-1");
        long member = createMember(Map.of("externalId", "OWNER-1", "cardNumber", "OWNERCARD1"));
        long other = createMember(Map.of("externalId", "OWNER-2", "cardNumber", "OWNERCARD2"));
        TestRestTemplate till = asTill(DEMO_TILL);
        ResponseEntity<Map> registered = till.postForEntity("/api/gift-cards/" + card + "/owner", Map.of("memberId", other), Map.class);
        assertThat(registered.getStatusCode()).as(String.valueOf(registered.getBody())).isEqualTo(HttpStatus.OK);
        assertThat(registered.getBody()).containsEntry("number", card).containsEntry("balance", 25000);
        assertThat(till.getForObject("/api/members/" + other + "/gift-cards", List.class)).hasSize(1);

        // Merged into the first member, its card goes along.
        assertThat(admin().postForEntity("/api/members/" + member + "/merge", Map.of("from", other), Map.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat((List<Map<String, Object>>) till.getForObject("/api/members/" + member + "/gift-cards", List.class))
                .extracting(c -> c.get("number")).containsExactly(card);
        assertThat((List<Map<String, Object>>) admin().getForObject("/api/members/" + member + "/export", Map.class).get("giftCards"))
                .extracting(c -> c.get("number")).containsExactly(card);

        assertThat(asTill("till-key-of-other").postForEntity("/api/gift-cards/" + card + "/owner", Map.of("memberId", member), Map.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(till.postForEntity("/api/gift-cards/" + number("60000000091") + "/owner", Map.of("memberId", member), Map.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(till.postForEntity("/api/gift-cards/" + card + "/owner", Map.of("memberId", other), Map.class).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
        ResponseEntity<Map> none = till.postForEntity("/api/gift-cards/" + card + "/owner", Map.of(), Map.class);
        assertThat(none.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((String) none.getBody().get("detail")).contains("memberId");
    }

    /**
     * The accountant's figure (#32 point 5): what merchant "other"'s cards owe their holders, per currency, from the
     * activities — today the sum of the cards' balances, the day before nothing; a till may not read it.
     */
    @Test
    void theOutstandingBalanceOfAMerchantsCardsIsTheSumOfTheirActivitiesAsOfADay() {
        TestRestTemplate otherTill = asTill("till-key-of-other");
        String first = number("60000000095");
        String second = number("60000000096");
        for (String[] op : new String[][] {{first, "activate", "10000", "o1"}, {second, "activate", "5000", "o2"}, {first, "redeem", "3000", "o3"}}) {
            HttpHeaders headers = new HttpHeaders();
            headers.set("Idempotency-Key", op[3]);
            Map<String, Object> body = new HashMap<>(Map.of("amount", Long.parseLong(op[2]), "store", "001"));
            if (op[1].equals("activate")) {
                body.put("currency", "NOK");
            }
            assertThat(otherTill.exchange("/api/gift-cards/" + op[0] + "/" + op[1], HttpMethod.POST, new HttpEntity<>(body, headers), Map.class)
                    .getStatusCode().is2xxSuccessful()).isTrue();
        }
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        List<Map<String, Object>> owed = admin().exchange("/api/gift-cards/liability?merchant=other&asOf=" + today, HttpMethod.GET, null,
                new org.springframework.core.ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
        assertThat(owed).singleElement().satisfies(o -> assertThat(o).containsEntry("currency", "NOK").containsEntry("cards", 2)
                .containsEntry("outstanding", 12000));
        assertThat(jdbc.queryForObject("SELECT SUM(balance) FROM gift_card WHERE merchant = 'other'", Long.class)).isEqualTo(12000);
        assertThat(admin().getForObject("/api/gift-cards/liability?merchant=other&asOf=" + today.minusDays(1), List.class)).isEmpty();
        assertThat(otherTill.getForEntity("/api/gift-cards/liability", String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    private ResponseEntity<Map> call(String card, String operation, Map<String, Object> body, String key) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("Idempotency-Key", key);
        headers.set("X-Api-Key", DEMO_TILL);
        return http.exchange("/api/gift-cards/" + card + "/" + operation, HttpMethod.POST, new HttpEntity<>(new HashMap<>(body), headers),
                Map.class);
    }

    /** The payload with its Luhn check digit. */
    private static String number(String payload) {
        return payload + GiftCardNumbers.luhnDigit(payload);
    }
}
