package io.poshub.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.poshub.support.HubNodes;
import io.poshub.support.People;
import io.poshub.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.web.client.RestTemplate;

/**
 * Two hubs on one database (contract §18): one voucher, fifty tills of both hubs trying to take it at the same moment —
 * one discount, 49 refusals, whichever hub each asked; then both hubs' daily maturing and expiry run started at once —
 * one runs it, the member's points expire once.
 */
class LoyaltyOnTwoHubsTest {

    private static final String TILL = "till-key-of-two-hubs";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void fiftyTillsOfTwoHubsTakeOneVoucherOnceAndOneOfTheHubsRunsTheDailyRun() throws Exception {
        TestDatabase.Schema schema = TestDatabase.freshSchema("vouchers");
        Path shared = Files.createTempDirectory("poshub-vouchers-");
        Path routes = Files.createDirectories(shared.resolve("routes"));
        List<ConfigurableApplicationContext> nodes = new ArrayList<>();
        try {
            for (String name : List.of("a", "b")) {
                nodes.add(HubNodes.start(schema, Files.createDirectories(shared.resolve("node-" + name)), routes, "vouchers-" + name,
                        "--poshub.till-keys.demo=" + TILL));
            }
            RestTemplate adminA = http(nodes.get(0)).basicAuthentication(People.ADMIN, People.ADMIN_PASSWORD).build();
            HttpHeaders json = new HttpHeaders();
            json.setContentType(MediaType.APPLICATION_JSON);
            adminA.exchange("/api/rewards/5OFF", HttpMethod.PUT, new HttpEntity<>("{\"name\":\"5 off\",\"pointsCost\":10,"
                    + "\"kind\":\"AMOUNT\",\"value\":5,\"validDays\":1,\"active\":true}", json), String.class);
            long member = JSON.readTree(adminA.postForObject("/api/members", new HttpEntity<>("{\"merchant\":\"demo\","
                    + "\"externalId\":\"TWO-1\",\"cardNumber\":\"TWOHUBS001\"}", json), String.class)).path("id").asLong();
            JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(schema.url(), schema.user(), schema.password()));
            HttpHeaders adjustment = new HttpHeaders();
            adjustment.setContentType(MediaType.APPLICATION_JSON);
            adjustment.set("Idempotency-Key", "two-hubs-points");
            adminA.exchange("/api/members/" + member + "/adjustments", HttpMethod.POST,
                    new HttpEntity<>("{\"points\":10,\"reference\":\"opening balance\"}", adjustment), String.class);
            HttpHeaders keyed = new HttpHeaders();
            keyed.set("X-Api-Key", TILL);
            keyed.set("Idempotency-Key", "two-hubs-1");
            String voucher = JSON.readTree(http(nodes.get(0)).build().exchange("/api/members/" + member + "/rewards/5OFF/vouchers",
                    HttpMethod.POST, new HttpEntity<>(null, keyed), String.class).getBody()).path("voucher").asText();

            ExecutorService pool = Executors.newFixedThreadPool(50);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ResponseEntity<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                RestTemplate till = http(nodes.get(i % 2)).defaultHeader("X-Api-Key", TILL).build();
                String body = "{\"store\":\"001\",\"reference\":\"two-" + i + "\",\"saleAmount\":30.00}";
                answers.add(pool.submit(() -> {
                    start.await();
                    return till.exchange("/api/vouchers/" + voucher + "/redeem", HttpMethod.POST, new HttpEntity<>(body, json), String.class);
                }));
            }
            start.countDown();
            int taken = 0;
            int used = 0;
            for (Future<ResponseEntity<String>> answer : answers) {
                ResponseEntity<String> got = answer.get(60, TimeUnit.SECONDS);
                JsonNode said = JSON.readTree(got.getBody());
                if (got.getStatusCode().value() == 200) {
                    taken++;
                    assertThat(said.path("discount").decimalValue()).isEqualByComparingTo("5.00");
                } else if (got.getStatusCode().value() == 409 && said.path("code").asText().equals("VOUCHER_USED")) {
                    used++;
                }
            }
            pool.shutdown();
            assertThat(taken).isEqualTo(1);
            assertThat(used).isEqualTo(49);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM voucher WHERE code = ? AND status = 'USED'", Integer.class, voucher))
                    .isEqualTo(1);

            // 30 points more, made to have expired yesterday; both hubs start the day's run at the same moment.
            adjustment.set("Idempotency-Key", "two-hubs-expiring");
            long lot = JSON.readTree(adminA.exchange("/api/members/" + member + "/adjustments", HttpMethod.POST,
                    new HttpEntity<>("{\"points\":30,\"reference\":\"to expire\"}", adjustment), String.class).getBody()).path("entryId").asLong();
            LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
            jdbc.update("UPDATE points_entry SET expires_at = ? WHERE id = ?", java.sql.Timestamp.valueOf(yesterday.atTime(12, 0)), lot);
            ExecutorService runners = Executors.newFixedThreadPool(2);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Optional<PointsRun.Run>>> runs = new ArrayList<>();
            for (ConfigurableApplicationContext node : nodes) {
                PointsRun run = node.getBean(PointsRun.class);
                runs.add(runners.submit(() -> {
                    go.await();
                    return run.daily(yesterday);
                }));
            }
            go.countDown();
            int ran = 0;
            for (Future<Optional<PointsRun.Run>> run : runs) {
                ran += run.get(60, TimeUnit.SECONDS).isPresent() ? 1 : 0;
            }
            runners.shutdown();
            assertThat(ran).isEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM loyalty_run WHERE day = ?", Integer.class, yesterday)).isEqualTo(1);
            assertThat(jdbc.queryForList("SELECT delta FROM points_entry WHERE member_id = ? AND reason = 'EXPIRE'", Long.class, member))
                    .containsExactly(-30L);
            assertThat(jdbc.queryForObject("SELECT balance FROM points_account WHERE member_id = ?", Long.class, member)).isZero();
        } finally {
            nodes.forEach(ConfigurableApplicationContext::close);
        }
    }

    /** A client of the node that answers errors as they are (a 409 is an answer here, not an exception). */
    private static RestTemplateBuilder http(ConfigurableApplicationContext node) {
        return new RestTemplateBuilder().rootUri("http://localhost:" + node.getEnvironment().getProperty("local.server.port"))
                .errorHandler(new org.springframework.web.client.DefaultResponseErrorHandler() {
                    @Override
                    public boolean hasError(org.springframework.http.client.ClientHttpResponse response) {
                        return false;
                    }
                });
    }
}
