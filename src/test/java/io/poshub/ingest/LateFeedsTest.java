package io.poshub.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.poshub.PoshubApplication;
import io.poshub.support.DefaultHubTest;
import io.poshub.support.FeedYaml;
import io.poshub.support.People;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.ObjectName;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A feed with {@code expect: daily 06:00}, on a clock the test moves (05:50, then 06:01): at 06:01 the file of the day before has not come,
 * the feed is LATE everywhere an operator looks and one alert goes out — one, though two nodes watch it; the file comes,
 * the feed clears, and one "restored" alert follows.
 */
class LateFeedsTest extends DefaultHubTest {

    private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");
    private static final TestClock CLOCK = new TestClock();
    private static final WireMockServer webhook = new WireMockServer(options().dynamicPort());

    @Autowired
    TestRestTemplate http;
    @Autowired
    MeterRegistry meters;
    @Value("${test.database.url}")
    String url;
    @Value("${test.database.user}")
    String user;
    @Value("${test.database.password}")
    String password;

    /** The hub's clock, set by the test; it runs on from where it was set. */
    static final class TestClock extends Clock {

        private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

        void set(LocalDateTime local, ZoneId zone) {
            offset.set(Duration.between(Instant.now(), local.atZone(zone).toInstant()));
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset.get());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    @TestConfiguration
    static class ClockConfig {
        @Bean
        @Primary
        Clock testClock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void alertsAndChecks(DynamicPropertyRegistry registry) {
        webhook.start();
        webhook.stubFor(post("/alerts").willReturn(aResponse().withStatus(204)));
        registry.add("poshub.alerts.endpoint", () -> "http://localhost:" + webhook.port() + "/alerts");
        registry.add("poshub.alerts.send-interval", () -> "200ms");
        registry.add("poshub.feeds.late-check-interval", () -> "200ms");
    }

    @AfterAll
    static void stopWebhook() {
        webhook.stop();
    }

    @Test
    void aLateFeedIsRaisedOnceAcrossTwoNodesAndClearsWhenItsFileComes() throws Exception {
        CLOCK.set(LocalDateTime.of(2026, 11, 3, 5, 50), OSLO);
        TemplatedRouteBuilder.builder(camel, "pos-feed").routeId("feed-late-ncr").parameter("feed", "late-ncr")
                .parameter("source", "file:" + dataDir.resolve("inbox/late-ncr")).parameter("mapping", "ncr")
                .parameter("expect", "daily 06:00").add();
        // The second node runs the same feed (its own, empty inbox) on the same database and clock.
        Path other = Files.createTempDirectory("poshub-second-node-");
        Files.createDirectories(other.resolve("routes"));
        Files.writeString(other.resolve("routes/late.camel.yaml"),
                FeedYaml.posFeed("late-ncr", "file:" + other.resolve("inbox"), "ncr", "expect", "daily 06:00"));
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(PoshubApplication.class, ClockConfig.class).run(
                "--spring.datasource.url=" + url, "--spring.datasource.username=" + user, "--spring.datasource.password=" + password,
                "--server.port=0", "--poshub.data-dir=" + other, "--poshub.routes-dir=" + other.resolve("routes"),
                "--poshub.mappings-dir=" + Path.of("mappings").toAbsolutePath(), "--camel.main.name=poshub-second-node",
                "--camel.main.jmx-enabled=false", "--spring.jmx.enabled=false",
                "--poshub.alerts.endpoint=http://localhost:" + webhook.port() + "/alerts", "--poshub.alerts.send-interval=200ms",
                "--poshub.feeds.late-check-interval=200ms")) {
            MeterRegistry secondMeters = second.getBean(MeterRegistry.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> late(meters) == 0 && late(secondMeters) == 0);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM feed_watch WHERE feed = 'late-ncr' AND late_for IS NULL", Integer.class)).isOne();
            assertThat(feed().get("state")).isEqualTo("running");

            CLOCK.set(LocalDateTime.of(2026, 11, 3, 6, 1), OSLO);
            await().atMost(Duration.ofSeconds(30)).until(() -> late(meters) == 1 && late(secondMeters) == 1);
            assertThat(jdbc.queryForObject("SELECT late_for FROM feed_watch WHERE feed = 'late-ncr'", String.class)).isEqualTo("2026-11-02");
            Map<String, Object> feed = feed();
            assertThat(feed.get("state")).isEqualTo("LATE");
            assertThat((Map<String, Object>) feed.get("late")).containsEntry("day", "2026-11-02");
            assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName("poshub:type=feed,name=late-ncr"), "Late"))
                    .isEqualTo(true);
            Map<String, Object> health = http.withBasicAuth(People.ADMIN, People.ADMIN_PASSWORD).getForObject("/actuator/health/feeds", Map.class);
            assertThat(health.get("status")).as("a late feed does not take the hub down").isEqualTo("UP");
            assertThat(String.valueOf(health.get("details"))).contains("feed-late-ncr=LATE: no file for 2026-11-02");

            awaitSent("FEED_LATE");
            assertThat(delivered("FEED_LATE")).singleElement().asString()
                    .contains("\"feed\":\"late-ncr\"", "\"date\":\"2026-11-02\"", "was due by 2026-11-03T06:00+01:00[Europe/Oslo]");

            drop(SAMPLES.resolve("ncr-store002-20261102.txt"), dataDir.resolve("inbox/late-ncr"), "ncr-store002-20261102.txt");
            awaitImport("late-ncr", "ncr-store002-20261102.txt");
            await().atMost(Duration.ofSeconds(30)).until(() -> late(meters) == 0 && late(secondMeters) == 0);
            assertThat(feed().get("state")).isEqualTo("running");
            awaitSent("FEED_RESTORED");
            assertThat(delivered("FEED_RESTORED")).singleElement().asString().contains("the file for 2026-11-02 has come");
            assertThat(delivered("FEED_LATE")).hasSize(1);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM alert WHERE body LIKE '%late-ncr%'", Integer.class)).isEqualTo(2);
        } finally {
            CLOCK.set(LocalDateTime.now(ZoneOffset.UTC), ZoneOffset.UTC);
        }
    }

    private Map<String, Object> feed() {
        List<Map<String, Object>> feeds = http.withBasicAuth(People.ADMIN, People.ADMIN_PASSWORD).exchange("/api/feeds", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
        return feeds.stream().filter(f -> f.get("feed").equals("late-ncr")).findFirst().orElseThrow();
    }

    private static double late(MeterRegistry registry) {
        Gauge gauge = registry.find("poshub_feed_late").tag("feed", "late-ncr").gauge();
        return gauge == null ? -1 : gauge.value();
    }

    private void awaitSent(String type) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM alert WHERE type = ? AND body LIKE '%late-ncr%' AND sent_at IS NOT NULL", Integer.class, type) > 0);
    }

    private static List<String> delivered(String type) {
        return webhook.findAll(postRequestedFor(urlEqualTo("/alerts"))).stream().map(r -> r.getBodyAsString())
                .filter(b -> b.contains("\"type\":\"" + type + "\"") && b.contains("late-ncr")).toList();
    }
}
