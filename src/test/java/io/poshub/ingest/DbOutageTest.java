package io.poshub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poshub.support.HubTest;
import io.poshub.support.People;
import io.poshub.support.TcpProxy;
import io.poshub.support.TicketFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 8.2: the database becomes unreachable for 60 s in the middle of a file (a TCP proxy between the hub
 * and MariaDB is cut) → the hub keeps running and keeps the file, health says DOWN; when the line is back
 * the file completes with the counts of a clean run, each sale booked once.
 */
class DbOutageTest extends HubTest {

    private static final Pattern HOST_PORT = Pattern.compile("^jdbc:mariadb://([^:/]+):(\\d+)(/.*)$");
    private static final int TICKETS = 4000;
    private static TcpProxy proxy;

    @Autowired
    TestRestTemplate http;

    @DynamicPropertySource
    protected static void hubProperties(DynamicPropertyRegistry registry) throws IOException {
        hub(registry, Settings.defaults().withDatabaseUrl(url -> {
            Matcher m = HOST_PORT.matcher(url);
            if (!m.matches()) {
                throw new IllegalStateException("cannot proxy " + url);
            }
            try {
                proxy = new TcpProxy(m.group(1), Integer.parseInt(m.group(2)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return "jdbc:mariadb://127.0.0.1:" + proxy.port() + m.group(3);
        }));
        // Small chunks, so the cut lands between committed chunks and one in flight.
        registry.add("poshub.ingest.chunk-size", () -> "20");
    }

    @AfterAll
    static void closeProxy() throws IOException {
        proxy.close();
    }

    @Test
    void aFileWaitsOutA60SecondOutageAndEndsWithTheCountsOfACleanRun() throws Exception {
        importSampleMembers();
        List<String> cards = jdbc.queryForList(
                "SELECT card_number FROM member WHERE status = 'ACTIVE' AND card_number IS NOT NULL ORDER BY id", String.class);
        Path inbox = dataDir.resolve("inbox").resolve("outage");
        String routeId = addFeed("outage", "file:" + inbox, "counterpoint");
        drop(TicketFiles.counterpoint(TICKETS, "3", 1, cards), inbox, "big.csv");

        try (Connection direct = connectDirectly()) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                    .until(() -> rowsSoFar(direct) > 0);
            proxy.cut();
            long cutAt = System.nanoTime();

            await().atMost(Duration.ofSeconds(30)).until(() -> "DOWN".equals(health()));
            // For the rest of the minute: the hub runs, the file waits in the inbox, the import is not given up.
            long left = Duration.ofSeconds(60).toMillis() - (System.nanoTime() - cutAt) / 1_000_000;
            await().during(Duration.ofMillis(left - 1000)).atMost(Duration.ofMillis(left + 5000))
                    .until(() -> camel.getRouteController().getRouteStatus(routeId) == ServiceStatus.Started
                            && Files.exists(inbox.resolve("big.csv"))
                            && !"FAILED".equals(status(direct)));
            long rowsDuringOutage = rowsSoFar(direct);
            assertThat(rowsDuringOutage).isBetween(1L, TICKETS * 2L - 1);
            proxy.restore();

            await().atMost(Duration.ofMinutes(2)).until(() -> "DONE".equals(status(direct)));
            Map<String, Object> run = row(direct, "SELECT rows_total, rows_rejected, sales_booked, sales_duplicate, sales_parked, "
                    + "sales_anonymous, (SELECT COUNT(*) FROM import_file WHERE name = 'big.csv') imports FROM import_file "
                    + "WHERE name = 'big.csv'");
            assertThat(run).containsEntry("rows_total", (long) TICKETS * 2).containsEntry("rows_rejected", 0L)
                    .containsEntry("sales_booked", (long) TICKETS).containsEntry("sales_duplicate", 0L)
                    .containsEntry("sales_parked", 0L).containsEntry("sales_anonymous", 0L).containsEntry("imports", 1L);
            Map<String, Object> booked = row(direct, """
                    SELECT COUNT(*) sales, (SELECT COUNT(*) FROM sale_line) line_count, (SELECT COUNT(*) FROM points_entry) entries,
                           (SELECT COUNT(DISTINCT sale_id) FROM points_entry) sales_with_points, SUM(points) sale_points,
                           (SELECT SUM(delta) FROM points_entry) ledger
                      FROM sale""");
            assertThat(booked).containsEntry("sales", (long) TICKETS).containsEntry("line_count", (long) TICKETS * 2)
                    .containsEntry("entries", (long) TICKETS).containsEntry("sales_with_points", (long) TICKETS);
            assertThat(booked.get("ledger")).isEqualTo(booked.get("sale_points"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> "UP".equals(health()));
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(inbox.resolve("big.csv")));
        // Every file reader thread of the failed attempts was closed with its exchange.
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("poshub-read-") && t.isAlive());
    }

    private String health() {
        Object status = http.withBasicAuth(People.ADMIN, People.ADMIN_PASSWORD).getForEntity("/actuator/health", Map.class).getBody().get("status");
        return String.valueOf(status);
    }

    private static long rowsSoFar(Connection direct) throws SQLException {
        Object rows = row(direct, "SELECT COALESCE(MAX(rows_total), 0) r FROM import_file WHERE name = 'big.csv'").get("r");
        return ((Number) rows).longValue();
    }

    private static String status(Connection direct) throws SQLException {
        return String.valueOf(row(direct, "SELECT MAX(status) s FROM import_file WHERE name = 'big.csv'").get("s"));
    }

    private static Map<String, Object> row(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            Map<String, Object> row = new java.util.LinkedHashMap<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                Object value = rs.getObject(i);
                row.put(rs.getMetaData().getColumnLabel(i), value instanceof Number n && !(value instanceof java.math.BigDecimal)
                        ? n.longValue() : value);
            }
            return row;
        }
    }
}
