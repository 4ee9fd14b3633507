package io.poshub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poshub.PoshubApplication;
import io.poshub.member.MemberImport;
import io.poshub.support.HubTest;
import io.poshub.support.TestDatabase;
import java.io.FileReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.spring.SpringCamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The file-level and sale-level memories live in MariaDB, not in the JVM: after the application is shut
 * down and started again on the same database, a file seen before books nothing new.
 */
class RestartTest {

    private static final String DAY1 = "counterpoint-store001-20261102.csv";
    private static final String DAY2 = "counterpoint-store001-20261103.csv";

    @Test
    void afterARestartARedroppedFileBooksNothingNew() throws Exception {
        TestDatabase.Schema schema = TestDatabase.freshSchema("restart");
        Path dataDir = Files.createTempDirectory("poshub-restart-");
        Path inbox = dataDir.resolve("inbox/store-001");

        long salesAfterFirstRun;
        long pointsAfterFirstRun;
        try (ConfigurableApplicationContext first = start(schema, dataDir)) {
            try (FileReader csv = new FileReader(HubTest.SAMPLES.resolve("members.csv").toFile(), StandardCharsets.UTF_8)) {
                first.getBean(MemberImport.class).load("demo", csv);
            }
            CamelContext camel = feed(first, inbox);
            NotifyBuilder done = HubTest.files(camel, "store-001").whenCompleted(1).create();
            HubTest.drop(HubTest.SAMPLES.resolve(DAY1), inbox, DAY1);
            assertThat(done.matches(60, TimeUnit.SECONDS)).isTrue();
            JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
            awaitFinished(jdbc, DAY1, 1);
            salesAfterFirstRun = jdbc.queryForObject("SELECT COUNT(*) FROM sale", Long.class);
            pointsAfterFirstRun = jdbc.queryForObject("SELECT SUM(delta) FROM points_entry", Long.class);
            assertThat(salesAfterFirstRun).isEqualTo(29);
        }

        try (ConfigurableApplicationContext second = start(schema, dataDir)) {
            CamelContext camel = feed(second, inbox);
            JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);

            NotifyBuilder redropped = HubTest.files(camel, "store-001").whenCompleted(1).create();
            HubTest.drop(HubTest.SAMPLES.resolve(DAY1), inbox, DAY1);
            assertThat(redropped.matches(60, TimeUnit.SECONDS)).isTrue();
            awaitFinished(jdbc, DAY1, 2);
            assertThat(jdbc.queryForList("SELECT status FROM import_file ORDER BY id", String.class))
                    .containsExactly("DONE_WITH_REJECTS", "DUPLICATE_FILE");
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sale", Long.class)).isEqualTo(salesAfterFirstRun);
            assertThat(jdbc.queryForObject("SELECT SUM(delta) FROM points_entry", Long.class)).isEqualTo(pointsAfterFirstRun);

            // A new file that repeats tickets of the first run: those are duplicates, the rest books.
            NotifyBuilder nextDay = HubTest.files(camel, "store-001").whenCompleted(1).create();
            HubTest.drop(HubTest.SAMPLES.resolve(DAY2), inbox, DAY2);
            assertThat(nextDay.matches(60, TimeUnit.SECONDS)).isTrue();
            // The notification can come before the day-2 import row is finished (or even there): wait on the row.
            awaitFinished(jdbc, DAY2, 1);
            Map<String, Object> day2 = jdbc.queryForMap("SELECT * FROM import_file WHERE name = ?", DAY2);
            assertThat(day2).containsEntry("sales_duplicate", 3).containsEntry("sales_booked", 9);
        }
    }

    private static ConfigurableApplicationContext start(TestDatabase.Schema schema, Path dataDir) {
        SpringCamelContext.setNoStart(false);
        // Arguments, not builder properties: those are defaults, and application.yml would win over them (port 8080,
        // the checkout's data/ and routes/ — a running hub's own).
        return new SpringApplicationBuilder(PoshubApplication.class).run(
                "--spring.datasource.url=" + schema.url(),
                "--spring.datasource.username=" + schema.user(),
                "--spring.datasource.password=" + schema.password(),
                "--server.port=0",
                "--poshub.data-dir=" + dataDir,
                "--poshub.mappings-dir=" + Path.of("mappings").toAbsolutePath(),
                "--poshub.routes-dir=" + dataDir.resolve("routes"),
                "--poshub.ingest.poll-delay=100ms",
                "--poshub.ingest.read-lock-min-age=200ms");
    }

    private static CamelContext feed(ConfigurableApplicationContext app, Path inbox) throws Exception {
        CamelContext camel = app.getBean(CamelContext.class);
        TemplatedRouteBuilder.builder(camel, "pos-feed").routeId("feed-store-001")
                .parameter("feed", "store-001")
                .parameter("source", "file:" + inbox)
                .parameter("mapping", "counterpoint")
                .add();
        return camel;
    }

    /** Waits until {@code imports} imports of the named file have finished: the rows, not the notifications. */
    private static void awaitFinished(JdbcTemplate jdbc, String name, int imports) {
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM import_file WHERE name = ? AND finished_at IS NOT NULL", Integer.class, name) == imports);
    }
}
