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
import java.util.List;
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
 * One voucher, fifty tills, two hubs on one database (contract §18): the tills of both hubs try to take it at the same
 * moment — one discount, 49 refusals, whichever hub each asked.
 */
class VouchersOnTwoHubsTest {

    private static final String TILL = "till-key-of-two-hubs";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void fiftyTillsOfTwoHubsTakeOneVoucherOnce() throws Exception {
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
            jdbc.update("INSERT INTO points_entry (member_id, delta, reason) VALUES (?, 10, 'ADJUST')", member);
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
