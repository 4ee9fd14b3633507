package io.poshub.loyalty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poshub.support.LoyaltyHubTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Redemptions: concurrent requests never overdraw.
 */
class RedemptionsTest extends LoyaltyHubTest {

    @Test
    void twentyConcurrentRedemptionsOfOnePointAgainstTenRedeemExactlyTen() throws Exception {
        long member = createMember(Map.of("externalId", "R1", "cardNumber", "REDE000001"));
        book("ten-points.csv", sale("501", "REDE000001", "SKU-A", "APPAREL", "20.00"));
        adjust(member, -10);
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
            if (jdbc.queryForObject("SELECT outcome FROM redemption_request WHERE member_id = ? AND idempotency_key = ?",
                    String.class, member, "redeem-" + i).equals("REDEEMED")) {
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
}
