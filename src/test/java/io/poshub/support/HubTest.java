package io.poshub.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.function.UnaryOperator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real application on a real MariaDB: each test class its own fresh schema and data dir (contract §1),
 * hence a context of its own, closed after the class so its feeds stop polling.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
public abstract class HubTest {

    /** The shipped samples and their expected outcomes. */
    public static final Path SAMPLES = Path.of("..", "shared", "formats", "samples").toAbsolutePath().normalize();

    protected static Path dataDir;
    private static Path routesOverride;
    private static Path mappingsOverride;
    private static UnaryOperator<String> databaseUrlRewrite;

    @Autowired
    protected CamelContext camel;
    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    protected io.poshub.member.MemberImport memberImport;

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry registry) throws IOException {
        TestDatabase.Schema schema = TestDatabase.freshSchema("hub");
        dataDir = Files.createTempDirectory("poshub-test-");
        UnaryOperator<String> rewrite = databaseUrlRewrite != null ? databaseUrlRewrite : url -> url;
        databaseUrlRewrite = null;
        currentSchema = schema;
        String url = rewrite.apply(schema.url());
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", schema::user);
        registry.add("spring.datasource.password", schema::password);
        registry.add("poshub.data-dir", dataDir::toString);
        // A subclass's own @DynamicPropertySource runs before this one and may have named other dirs.
        Path mappings = mappingsOverride != null ? mappingsOverride : Path.of("mappings").toAbsolutePath();
        mappingsOverride = null;
        registry.add("poshub.mappings-dir", mappings::toString);
        // Tests add their own feeds; the shipped routes/ point at ./data.
        Path routes = routesOverride != null ? routesOverride : Files.createDirectories(dataDir.resolve("routes"));
        routesOverride = null;
        registry.add("poshub.routes-dir", routes::toString);
        registry.add("poshub.ingest.poll-delay", () -> "100ms");
        registry.add("poshub.ingest.read-lock-min-age", () -> "200ms");
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

    private static TestDatabase.Schema currentSchema;

    /** A connection to the test schema itself (not the rewritten URL): for a test that must reach the database while the hub cannot. */
    protected static Connection connectDirectly() throws SQLException {
        return DriverManager.getConnection(currentSchema.url(), currentSchema.user(), currentSchema.password());
    }

    /** For a subclass's {@code @DynamicPropertySource}: the hub connects to a rewritten URL (e.g. through a proxy). */
    protected static void rewriteDatabaseUrl(UnaryOperator<String> rewrite) {
        databaseUrlRewrite = rewrite;
    }

    /** For a subclass's {@code @DynamicPropertySource}: run with these routes/ and mappings/ dirs. */
    protected static void useConfigDirs(Path routes, Path mappings) {
        routesOverride = routes;
        mappingsOverride = mappings;
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
