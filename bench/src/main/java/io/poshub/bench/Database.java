package io.poshub.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * The bench's schema on the local MariaDB (env {@code POSHUB_BENCH_DB_URL}, {@code _USER}, {@code _PASSWORD};
 * default root on 127.0.0.1:3306), made afresh for every measured size. {@code options} are the bench's own
 * connection's URL parameters, not the hub's.
 */
record Database(String server, String schema, String user, String password, String options) {

    private static final String LOCAL_INFILE = "allowLocalInfile=true";

    Database(String server, String schema, String user, String password) {
        this(server, schema, user, password, LOCAL_INFILE);
    }

    static Database fromEnv() {
        String server = env("POSHUB_BENCH_DB_URL", "jdbc:mariadb://127.0.0.1:3306/");
        return new Database(server.endsWith("/") ? server : server + "/", env("POSHUB_BENCH_DB_SCHEMA", "poshub_bench"),
                env("POSHUB_BENCH_DB_USER", "root"), env("POSHUB_BENCH_DB_PASSWORD", ""));
    }

    /** The same server with another schema: {@code <schema>_<suffix>}. */
    Database schema(String suffix) {
        return new Database(server, schema + "_" + suffix, user, password, options);
    }

    /** The same schema on another server (a Galera URL). */
    Database on(String otherServer, String otherUser, String otherPassword) {
        return new Database(otherServer, schema, otherUser, otherPassword, options);
    }

    /** The bench's connection reads causally on Galera: it sees what any node has committed (wsrep_sync_wait=1). */
    Database causal() {
        return new Database(server, schema, user, password, LOCAL_INFILE + "&sessionVariables=wsrep_sync_wait=1");
    }

    String url() {
        return server + schema;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url() + "?" + options, user, password);
    }

    /** A connection to the server, in no schema: for the server's own settings and for creating the schema. */
    Connection connectToServer() throws SQLException {
        return DriverManager.getConnection(server, user, password);
    }

    /** Whether the server runs on this machine (its processes can then be read). */
    boolean local() {
        return server.contains("//127.0.0.1") || server.contains("//localhost");
    }

    void recreate() throws SQLException {
        try (Connection c = connectToServer(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + schema + "`");
            s.execute("CREATE DATABASE `" + schema + "`");
        }
    }

    String version() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT VERSION()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Members the generated file's cards belong to, written straight into the hub's schema. */
    void insertMembers(List<Generator.Member> members) throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            int batch = 1000;
            for (int from = 0; from < members.size(); from += batch) {
                List<Generator.Member> part = members.subList(from, Math.min(members.size(), from + batch));
                StringBuilder sql = new StringBuilder(
                        "INSERT INTO member (merchant, external_id, card_number, phone_e164, email, first_name, last_name) VALUES ");
                for (int i = 0; i < part.size(); i++) {
                    sql.append(i == 0 ? "" : ",").append("('demo', ?, ?, ?, ?, 'Bench', 'Member')");
                }
                try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                    int p = 1;
                    for (Generator.Member m : part) {
                        ps.setString(p++, m.externalId());
                        ps.setString(p++, m.card());
                        ps.setString(p++, m.phone());
                        ps.setString(p++, m.email());
                    }
                    ps.executeUpdate();
                }
            }
            c.commit();
        }
    }

    /**
     * Has InnoDB write back what earlier steps left dirty in its buffer pool — a dropped schema, a bulk load — so a
     * measurement does not pay for the one before it: with the privilege, {@code innodb_max_dirty_pages_pct} is set to
     * 0 until under 1 % of the pool is dirty (at most two minutes), then put back; without it, waits while the dirty
     * pages go down. Answers the seconds it took.
     */
    double settle() throws Exception {
        long start = System.nanoTime();
        try (Connection c = connectToServer(); Statement s = c.createStatement()) {
            String was = null;
            try (ResultSet rs = s.executeQuery("SELECT @@GLOBAL.innodb_max_dirty_pages_pct")) {
                rs.next();
                was = rs.getString(1);
                s.execute("SET GLOBAL innodb_max_dirty_pages_pct = 0");
            } catch (SQLException noPrivilege) {
                was = null;
            }
            try {
                long lowest = Long.MAX_VALUE;
                int still = 0;
                for (int i = 0; i < 1200 && (was != null || still < 20); i++) {
                    long dirty = 0;
                    long total = 1;
                    try (ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS WHERE Variable_name IN "
                            + "('Innodb_buffer_pool_pages_dirty', 'Innodb_buffer_pool_pages_total')")) {
                        while (rs.next()) {
                            if (rs.getString(1).endsWith("dirty")) {
                                dirty = rs.getLong(2);
                            } else {
                                total = rs.getLong(2);
                            }
                        }
                    }
                    if (dirty * 100 < total) {
                        break;
                    }
                    still = dirty < lowest ? 0 : still + 1;
                    lowest = Math.min(lowest, dirty);
                    Thread.sleep(100);
                }
            } finally {
                if (was != null) {
                    s.execute("SET GLOBAL innodb_max_dirty_pages_pct = " + Double.parseDouble(was));
                }
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** An import as the hub left it. */
    record Import(long id, String name, String status, long rowsTotal, long rowsRejected, long salesBooked,
                  long salesDuplicate, long salesParked, long salesAnonymous, double finishedEpochSeconds) {
    }

    /** The finished import of a file name, or null while it is not finished. */
    Import finished(String name) throws SQLException {
        try (Connection c = connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("SET time_zone = '+00:00'");
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT id, name, status, rows_total, rows_rejected, sales_booked, sales_duplicate, sales_parked,
                           sales_anonymous, UNIX_TIMESTAMP(finished_at)
                      FROM import_file WHERE name = ? AND finished_at IS NOT NULL ORDER BY id DESC LIMIT 1
                    """)) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    return new Import(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getDouble(10));
                }
            }
        }
    }

    /** How the imports of a file ended, DUPLICATE_FILE ones apart: status and counts of each. */
    String importsOf(String name) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("""
                SELECT status, rows_total, rows_rejected, sales_total, sales_booked, sales_duplicate, sales_parked, sales_anonymous
                  FROM import_file WHERE name = ? AND status <> 'DUPLICATE_FILE' ORDER BY id""")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.append(out.isEmpty() ? "" : "; ").append(String.format("%s %d rows (%d rejected), %d sales = %d booked + %d "
                                    + "duplicate + %d parked + %d anonymous", rs.getString(1), rs.getLong(2), rs.getLong(3),
                            rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8)));
                }
            }
        }
        return out.toString();
    }

    /** The latest finished import of a file, once there is one. */
    Import awaitFinished(String name, Duration limit) throws Exception {
        // Every 250 ms: what is measured is the row's finished_at, not when the bench saw it, and each look is a new
        // connection the database serves on the cores the hub is measured on (every 20 ms, that was ~1 500 logins a run).
        return Poll.until(name + " finishing", limit, Duration.ofMillis(250), () -> {
            return finished(name);
        });
    }

    /** True when one of a file's imports ended DONE or DONE_WITH_REJECTS and none of them is still running. */
    boolean bookedOnce(String name) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("""
                SELECT COALESCE(SUM(status LIKE 'DONE%' AND finished_at IS NOT NULL), 0), COALESCE(SUM(finished_at IS NULL), 0)
                  FROM import_file WHERE name = ?""")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0 && rs.getLong(2) == 0;
            }
        }
    }

    /** How many imports a file has had, of any status. */
    long importCount(String name) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM import_file WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** How many sales the imports of a file have committed so far. */
    long committed(String name) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM sale s JOIN import_file f ON f.id = s.import_file_id WHERE f.name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The latest import of a file as it stands: status, its sales committed so far, error. */
    String progress(String name) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT status, (SELECT COUNT(*) FROM sale s WHERE s.import_file_id = f.id), error FROM import_file f "
                        + "WHERE name = ? ORDER BY id DESC LIMIT 1")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) + " with " + rs.getLong(2) + " sales committed"
                        + (rs.getString(3) == null ? "" : " (" + rs.getString(3) + ")") : "not received";
            }
        }
    }

    long count(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
