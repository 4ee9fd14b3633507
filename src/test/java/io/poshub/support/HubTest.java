package io.poshub.support;

import static org.awaitility.Awaitility.await;

import io.poshub.member.MemberImport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real application on a real MariaDB: each test class its own fresh schema, data dir, routes dir and port
 * (contract §1), hence a context of its own, closed after the class so its feeds stop polling. Whatever the checkout
 * holds (a running hub's data/ and routes/, port 8080), a test never touches it.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
public abstract class HubTest {

    /** The shipped samples and their expected outcomes. */
    public static final Path SAMPLES = Path.of("samples").toAbsolutePath().normalize();

    /** This class's data dir ({@code poshub.data-dir}): inbox/, archive/, error/ and routes/ live under it. */
    @Value("${poshub.data-dir}")
    protected Path dataDir;
    @Value("${test.database.url}")
    private String directUrl;
    @Value("${test.database.user}")
    private String directUser;
    @Value("${test.database.password}")
    private String directPassword;

    @Autowired
    protected CamelContext camel;
    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    protected MemberImport memberImport;

    /**
     * What a test class may set apart from the defaults: the URL the hub reaches its schema by (e.g. through a proxy),
     * and its own routes/ and mappings/ (default: a fresh routes/ under the data dir, and the checkout's mappings/,
     * which tests only read).
     */
    public record Settings(UnaryOperator<String> databaseUrl, Path routes, Path mappings) {

        public static Settings defaults() {
            return new Settings(UnaryOperator.identity(), null, null);
        }

        public Settings withDatabaseUrl(UnaryOperator<String> rewrite) {
            return new Settings(rewrite, routes, mappings);
        }

        public Settings withConfigDirs(Path routes, Path mappings) {
            return new Settings(databaseUrl, routes, mappings);
        }
    }

    /**
     * A fresh schema and data dir for this class, fast polling, and the settings given: call it from the test class's
     * {@code @DynamicPropertySource} ({@link DefaultHubTest} does, with the defaults). Spring runs a subclass's
     * property methods before its superclass's, so a superclass could not take a subclass's settings.
     */
    public static void hub(DynamicPropertyRegistry registry, Settings settings) throws IOException {
        TestDatabase.Schema schema = TestDatabase.freshSchema("hub");
        Path dataDir = Files.createTempDirectory("poshub-test-");
        String url = settings.databaseUrl().apply(schema.url());
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", schema::user);
        registry.add("spring.datasource.password", schema::password);
        registry.add("test.database.url", schema::url);
        registry.add("test.database.user", schema::user);
        registry.add("test.database.password", schema::password);
        registry.add("poshub.data-dir", dataDir::toString);
        Path mappings = settings.mappings() != null ? settings.mappings() : Path.of("mappings").toAbsolutePath();
        registry.add("poshub.mappings-dir", mappings::toString);
        Path routes = settings.routes() != null ? settings.routes() : Files.createDirectories(dataDir.resolve("routes"));
        registry.add("poshub.routes-dir", routes::toString);
        registry.add("poshub.ingest.poll-delay", () -> "100ms");
        registry.add("poshub.ingest.read-lock-min-age", () -> "200ms");
        // The sweep of unfinished imports runs at start-up only: a test that sweeps calls it when it wants it.
        registry.add("poshub.imports.sweep-interval", () -> "1h");
        // A machine's free space is not the test's business (DiskFullTest makes its own full disk).
        registry.add("poshub.disk.min-free", () -> "1MB");
    }

    /**
     * Waits until the feed's import of the named file has finished. A file's notification can come before the row
     * of the next file exists, or an earlier file's after it: a test waits on the row, not on the count of events.
     */
    protected void awaitImport(String feed, String name) {
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM import_file WHERE feed = ? AND name = ? AND finished_at IS NOT NULL", Integer.class, feed, name) > 0);
    }

    /** Waits until the import with this id has finished. */
    protected void awaitImport(long id) {
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM import_file WHERE id = ? AND finished_at IS NOT NULL", Integer.class, id) > 0);
    }

    /**
     * Waits until every event announced so far has been handled by its after-commit listeners (Spring Modulith deletes a
     * publication when its listener has run): the moment after which a second booking by a second announcement could
     * no longer land.
     */
    protected void awaitEventsHandled() {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM EVENT_PUBLICATION", Integer.class) == 0);
    }

    /** Loads {@code members.csv} of the samples once per schema (merchant demo). */
    protected void importSampleMembers() {
        if (jdbc.queryForObject("SELECT COUNT(*) FROM member WHERE external_id = 'C10000'", Integer.class) == 0) {
            try (var csv = Files.newBufferedReader(SAMPLES.resolve("members.csv"))) {
                memberImport.load("demo", csv);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A connection to the test schema itself (not a rewritten URL): for a test that must reach the database while the hub cannot. */
    protected Connection connectDirectly() throws SQLException {
        return DriverManager.getConnection(directUrl, directUser, directPassword);
    }

    /** Adds a feed from the {@code pos-feed} template, as a routes/*.camel.yaml file would. */
    protected String addFeed(String feed, String source, String mapping) {
        try {
            return TemplatedRouteBuilder.builder(camel, "pos-feed")
                    .routeId("feed-" + feed)
                    .parameter("feed", feed)
                    .parameter("source", source)
                    .parameter("mapping", mapping)
                    .add();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for whole files of a feed (not the chunk exchanges split from them): {@code whenDone}, {@code whenCompleted}, … */
    public static NotifyBuilder files(CamelContext camel, String feed) {
        return new NotifyBuilder(camel).fromRoute("feed-" + feed)
                .filter(exchange -> exchange.getProperty(Exchange.SPLIT_INDEX) == null);
    }

    /** Drops a file into a folder the way a well-behaved writer does: written aside, then renamed in. */
    public static Path drop(Path content, Path folder, String name) {
        try {
            Files.createDirectories(folder);
            Path part = folder.resolve(name + ".part");
            Files.copy(content, part, StandardCopyOption.REPLACE_EXISTING);
            return Files.move(part, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path drop(String content, Path folder, String name) {
        try {
            Path temp = Files.createTempFile("poshub-drop-", ".csv");
            Files.writeString(temp, content);
            Path dropped = drop(temp, folder, name);
            Files.delete(temp);
            return dropped;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
