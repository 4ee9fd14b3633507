package io.poshub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.poshub.support.Expected;
import io.poshub.support.HubTest;
import io.poshub.support.People;
import io.poshub.support.TicketFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sftp source against a real SFTP server (Apache MINA SSHD on a random port): public-key auth, the
 * server's host key pinned in known_hosts, strict checking — and a server with another key refused.
 */
@SuppressWarnings("unchecked")
class SftpSourceTest extends HubTest {

    private static final String DAY1 = "counterpoint-store001-20261102.csv";

    static Path keys;
    static Path serverRoot;
    static SshServer sshd;
    static KeyPair hostKey;
    static KeyPair clientKey;

    @Autowired
    FeedSourceStatus sourceStatus;
    @Autowired
    org.springframework.boot.test.web.client.TestRestTemplate http;

    @DynamicPropertySource
    static void sftpServer(DynamicPropertyRegistry registry) throws Exception {
        hub(registry, Settings.defaults());
        keys = Files.createTempDirectory("poshub-sftp-keys-");
        serverRoot = Files.createTempDirectory("poshub-sftp-root-");
        hostKey = ecKeyPair();
        clientKey = ecKeyPair();
        sshd = startServer(0);

        Path privateKey = keys.resolve("id_ecdsa");
        try (OutputStream out = Files.newOutputStream(privateKey)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "poshub-test", null, out);
        }
        Files.writeString(keys.resolve("known_hosts"), knownHost(hostKey));
        Files.writeString(keys.resolve("known_hosts_other"), knownHost(ecKeyPair()));
        registry.add("poshub.sftp.private-key-file", privateKey::toString);
        registry.add("poshub.sftp.known-hosts-file", () -> keys.resolve("known_hosts").toString());
    }

    @AfterAll
    static void stopServer() throws IOException {
        sshd.stop(true);
    }

    @BeforeEach
    void members() {
        importSampleMembers();
    }

    @Test
    void fileOnTheSftpServerIsBookedAndMovedAsideThere() throws IOException {
        Path outbox = Files.createDirectories(serverRoot.resolve("outbox"));
        NotifyBuilder done = files(camel, "sftp-store").whenDone(1).create();
        drop(SAMPLES.resolve(DAY1), outbox, DAY1);
        addFeed("sftp-store", "sftp://till@127.0.0.1:" + sshd.getPort() + "/outbox", "counterpoint");

        assertThat(done.matches(60, TimeUnit.SECONDS)).isTrue();
        awaitImport("sftp-store", DAY1);
        Map<String, Object> imported = jdbc.queryForMap("SELECT * FROM import_file WHERE feed = 'sftp-store'");
        assertThat(imported).containsEntry("status", "DONE_WITH_REJECTS").containsEntry("name", DAY1);
        Map<String, Integer> expected = Expected.counts(DAY1);
        expected.forEach((column, count) -> assertThat(((Number) imported.get(column)).intValue()).as(column).isEqualTo(count));
        assertThat(Files.exists(outbox.resolve(DAY1))).as("taken from the outbox").isFalse();
        try (var archived = Files.list(outbox.resolve(".archive"))) {
            assertThat(archived.map(p -> p.getFileName().toString())).singleElement().asString().endsWith("-" + DAY1);
        }
    }

    /**
     * A wrong server path fails every poll (twice a second here); the log says so once, not at every poll: the WARN lines
     * over 10 s of polling are counted.
     */
    @Test
    void aWrongServerPathIsLoggedOnceNotAtEveryPoll() throws Exception {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logged);
        String routeId = addFeed("sftp-wrong-path", "sftp://till@127.0.0.1:" + sshd.getPort() + "/no-such-outbox", "counterpoint");
        try {
            long start = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).until(() -> sourceStatus.lastPoll(routeId).filter(p -> !p.ok()).isPresent());
            await().pollDelay(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(11)).until(() -> true);
            List<String> warnings = logged.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(10));
            assertThat(warnings).as("WARN lines over 10 s of failing polls").hasSizeLessThanOrEqualTo(2)
                    .anySatisfy(w -> assertThat(w).contains(routeId, "no-such-outbox"));
            assertThat(logged.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .allSatisfy(e -> assertThat(e.getThrowableProxy()).as("no stack trace above DEBUG").isNull());
        } finally {
            root.detachAppender(logged);
            camel.getRouteController().stopRoute(routeId);
            camel.removeRoute(routeId);
        }
    }

    @Test
    void serverPresentingAnotherHostKeyIsRefusedAndItsFilesStayUntouched() throws IOException {
        Path outbox = Files.createDirectories(serverRoot.resolve("outbox-other"));
        Path file = drop(SAMPLES.resolve(DAY1), outbox, DAY1);
        byte[] before = Files.readAllBytes(file);
        addFeed("sftp-spoofed", "sftp://till@127.0.0.1:" + sshd.getPort() + "/outbox-other?knownHostsFile="
                + keys.resolve("known_hosts_other"), "counterpoint");

        await().atMost(Duration.ofSeconds(30)).until(() -> sourceStatus.lastPoll("feed-sftp-spoofed")
                .map(poll -> !poll.ok()).orElse(false));
        assertThat(sourceStatus.lastPoll("feed-sftp-spoofed").orElseThrow().error()).containsIgnoringCase("HostKey");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(Files.exists(outbox.resolve(".archive"))).isFalse();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM import_file WHERE feed = 'sftp-spoofed'", Integer.class)).isZero();

        Map<String, Object> health = http.withBasicAuth(People.ADMIN, People.ADMIN_PASSWORD).getForObject("/actuator/health/feeds", Map.class);
        assertThat(health).containsEntry("status", "DOWN");
        assertThat(((Map<String, Object>) health.get("details")).get("feed-sftp-spoofed")).asString()
                .startsWith("DOWN").contains("HostKey has been changed");
    }

    /** The SFTP server on a port (0: a free one), with the same host key and the same till account every time. */
    private static SshServer startServer(int port) throws IOException {
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(port);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator(null);
        server.setPublickeyAuthenticator((user, key, session) -> "till".equals(user) && key.equals(clientKey.getPublic()));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(serverRoot));
        server.start();
        return server;
    }

    /**
     * Issue 8.3: the server goes away and comes back. The feed shows DOWN meanwhile; then it books what arrived
     * while it was down, and a file still being uploaded (under a temporary name, as the README asks of uploaders)
     * is not booked until its upload is complete — then whole.
     */
    @Test
    void serverOutageTheFeedIsDownThenBooksWhatArrivedAndNeverHalfAFile() throws Exception {
        Path outbox = Files.createDirectories(serverRoot.resolve("outbox-outage"));
        int port = sshd.getPort();
        String routeId = addFeed("sftp-outage", "sftp://till@127.0.0.1:" + port + "/outbox-outage", "counterpoint");
        await().atMost(Duration.ofSeconds(30)).until(() -> sourceStatus.lastPoll(routeId).map(FeedSourceStatus.Poll::ok).orElse(false));

        sshd.stop(true);
        await().atMost(Duration.ofSeconds(30)).until(() -> sourceStatus.lastPoll(routeId).map(poll -> !poll.ok()).orElse(false));
        Map<String, Object> health = http.withBasicAuth(People.ADMIN, People.ADMIN_PASSWORD).getForObject("/actuator/health/feeds", Map.class);
        assertThat(health).containsEntry("status", "DOWN");
        assertThat(((Map<String, Object>) health.get("details")).get(routeId)).asString().startsWith("DOWN");

        // While the server is down, a till's file lands in its folder, and another one's upload is cut half way.
        List<String> cards = jdbc.queryForList(
                "SELECT card_number FROM member WHERE status = 'ACTIVE' AND card_number IS NOT NULL ORDER BY id", String.class);
        drop(TicketFiles.counterpoint(30, "4", 1, cards), outbox, "arrived.csv");
        byte[] late = TicketFiles.counterpoint(40, "5", 1, cards).getBytes(StandardCharsets.UTF_8);
        Path partial = outbox.resolve("late.csv.part");
        Files.write(partial, java.util.Arrays.copyOf(late, late.length / 2));

        sshd = startServer(port);
        NotifyBuilder first = files(camel, "sftp-outage").whenDone(1).create();
        assertThat(first.matches(60, TimeUnit.SECONDS)).isTrue();
        awaitImport("sftp-outage", "arrived.csv");
        assertThat(jdbc.queryForMap("SELECT name, status, rows_total, rows_rejected, sales_booked FROM import_file "
                + "WHERE feed = 'sftp-outage'")).containsEntry("name", "arrived.csv").containsEntry("status", "DONE")
                .containsEntry("rows_total", 60).containsEntry("rows_rejected", 0).containsEntry("sales_booked", 30);
        await().atMost(Duration.ofSeconds(30)).until(() -> "UP".equals(
                http.withBasicAuth(People.ADMIN, People.ADMIN_PASSWORD).getForObject("/actuator/health/feeds", Map.class).get("status")));
        assertThat(partial).as("the half upload is left alone").exists();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM import_file WHERE feed = 'sftp-outage'", Integer.class)).isEqualTo(1);

        // The upload completes: written whole, renamed to its name → booked whole.
        NotifyBuilder second = files(camel, "sftp-outage").whenDone(1).create();
        Files.write(partial, late);
        Files.move(partial, outbox.resolve("late.csv"));
        assertThat(second.matches(60, TimeUnit.SECONDS)).isTrue();
        awaitImport("sftp-outage", "late.csv");
        assertThat(jdbc.queryForMap("SELECT status, rows_total, rows_rejected, sales_booked FROM import_file "
                + "WHERE feed = 'sftp-outage' AND name = 'late.csv'")).containsEntry("status", "DONE")
                .containsEntry("rows_total", 80).containsEntry("rows_rejected", 0).containsEntry("sales_booked", 40);
    }

    private static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static String knownHost(KeyPair key) {
        return "[127.0.0.1]:" + sshd.getPort() + " " + PublicKeyEntry.toString(key.getPublic()) + "\n";
    }
}
