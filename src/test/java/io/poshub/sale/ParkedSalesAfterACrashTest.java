package io.poshub.sale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poshub.support.HubProcess;
import io.poshub.support.HubTest;
import io.poshub.support.People;
import io.poshub.support.TestDatabase;
import io.poshub.support.TicketFiles;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A member's transaction commits and the hub dies before the listener that books the sales parked for that member ran
 * (contract §11, §4): the event publication registry kept the announcement, the restarted hub publishes it again, and
 * the parked sale books — once. The hub runs in a JVM of its own ({@link HubProcess}) so that it can really die; the
 * parked-sales sweep, which would book the sale anyway, is set to an hour so only the registry can do it.
 */
class ParkedSalesAfterACrashTest {

    private static final String CARD = "CRASH00001";

    private final TestDatabase.Schema schema = TestDatabase.freshSchema("crash");
    private final List<Process> hubs = new ArrayList<>();

    @AfterEach
    void stopHubs() throws InterruptedException {
        for (Process hub : hubs) {
            hub.destroy();
            if (!hub.waitFor(30, TimeUnit.SECONDS)) {
                hub.destroyForcibly();
            }
        }
    }

    @Test
    void anAnnouncementACrashCutOffIsCompletedAtStartUpAndBooksTheParkedSaleOnce() throws Exception {
        Path data = Files.createTempDirectory("poshub-crash-");
        Path inbox = Files.createDirectories(data.resolve("inbox/crash"));
        Path routes = Files.createDirectories(data.resolve("routes"));
        Files.writeString(routes.resolve("crash.camel.yaml"), """
                - templatedRoute:
                    routeTemplateRef: pos-feed
                    routeId: feed-crash
                    parameters:
                      - name: feed
                        value: crash
                      - name: source
                        value: "file:%s"
                      - name: mapping
                        value: counterpoint
                """.formatted(inbox));

        int port = freePort();
        Process first = start(data, routes, port, true);
        awaitUp(first, port);
        HubTest.drop(TicketFiles.HEADER + String.join(",", "777", "1", "CR-1", "2026-11-06", "2026-11-06 10:00:00", "", CARD, "", "", "1",
                "S", "SKU-A", "Item", "APPAREL", "1", "0", "45.00", "45.00", "0.00", "45.00", "CASH", "") + "\n", inbox, "crash.csv");
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT COUNT(*) FROM sale WHERE ticket = 'CR-1' AND status = 'PARKED'") == 1);

        // The member's transaction commits; the hub halts before the parked sale's listener runs.
        try {
            post(port, "/api/members", "{\"externalId\":\"CRASH-1\",\"cardNumber\":\"" + CARD + "\"}");
        } catch (IOException expected) {
            // the connection died with the hub
        }
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("the hub halted").isTrue();
        assertThat(first.exitValue()).isEqualTo(137);
        assertThat(count("SELECT COUNT(*) FROM member WHERE external_id = 'CRASH-1'")).as("the member committed").isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM sale WHERE ticket = 'CR-1' AND status = 'PARKED'")).as("still parked").isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM EVENT_PUBLICATION WHERE COMPLETION_DATE IS NULL AND LISTENER_ID LIKE '%ParkedSales%'"))
                .as("the announcement kept for the listener that did not run").isEqualTo(1);

        Process second = start(data, routes, port, false);
        awaitUp(second, port);
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT COUNT(*) FROM sale WHERE ticket = 'CR-1' AND status = 'BOOKED'") == 1);
        // The restart's republication has run (the hub answers only after start-up); a second booking would be here now.
        assertThat(count("SELECT COUNT(*) FROM EVENT_PUBLICATION")).as("nothing outstanding").isZero();
        assertThat(count("SELECT COUNT(*) FROM points_entry p JOIN sale s ON s.id = p.sale_id WHERE s.ticket = 'CR-1'")).isEqualTo(1);
        assertThat(count("""
                SELECT COALESCE(SUM(p.delta), 0) FROM points_entry p JOIN member m ON m.id = p.member_id WHERE m.external_id = 'CRASH-1'
                """)).as("45.00 at one point per unit").isEqualTo(45);
    }

    private Process start(Path data, Path routes, int port, boolean haltAfterMemberCommit) throws IOException {
        Path log = data.resolve(haltAfterMemberCommit ? "first.log" : "second.log");
        Process hub = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-Dhub.halt-after-member-commit=" + haltAfterMemberCommit,
                "-cp", System.getProperty("java.class.path"), HubProcess.class.getName(),
                "--server.port=" + port,
                "--spring.datasource.url=" + schema.url(),
                "--spring.datasource.username=" + schema.user(),
                "--spring.datasource.password=" + schema.password(),
                "--poshub.data-dir=" + data,
                "--poshub.routes-dir=" + routes,
                "--poshub.mappings-dir=" + Path.of("mappings").toAbsolutePath(),
                "--poshub.ingest.poll-delay=100ms",
                "--poshub.ingest.read-lock-min-age=200ms",
                "--poshub.parked-sweep-interval=1h",
                "--poshub.disk.min-free=1MB")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        hubs.add(hub);
        return hub;
    }

    private static void awaitUp(Process hub, int port) {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            assertThat(hub.isAlive()).as("the hub is running").isTrue();
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static void post(int port, String path, String json) throws IOException, InterruptedException {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", People.adminBasic())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.discarding());
    }

    private long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(schema.url(), schema.user(), schema.password());
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
