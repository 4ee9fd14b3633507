package io.poshub.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the database spent its time on during stretches of a run: MariaDB's slow query log, kept in the table
 * {@code mysql.slow_log} at a {@code long_query_time} of 0, holds every statement with the time the server took for it.
 * The setting is taken by connections opened after {@link #start} (the hub's pool among them); {@link #mark} notes the
 * server's clock at a stretch's ends, {@link #between} sums a schema's statements in the stretch by kind (strings,
 * numbers and lists of values made alike), {@link #close} puts the log's settings back. Needs a user that may
 * {@code SET GLOBAL}; without that, {@link #start} answers null and the run goes on without it.
 */
final class Statements implements AutoCloseable {

    private static final Pattern LITERAL = Pattern.compile("'(?:[^'\\\\]|\\\\.)*'|\\b\\d+(?:\\.\\d+)?\\b");
    private static final Pattern LIST = Pattern.compile("\\?(?:\\s*,\\s*\\?)+");
    private static final Pattern TUPLES = Pattern.compile("\\(\\?…?\\)(?:\\s*,\\s*\\(\\?…?\\))+");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private final Database db;
    private final Map<String, String> was;

    private Statements(Database db, Map<String, String> was) {
        this.db = db;
        this.was = was;
    }

    /** Starts logging every statement to {@code mysql.slow_log}, emptied first; null when the user may not. */
    static Statements start(Database db) {
        Map<String, String> was = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(db.server(), db.user(), db.password()); Statement s = c.createStatement()) {
            for (String name : List.of("log_output", "log_slow_filter", "long_query_time", "slow_query_log")) {
                try (ResultSet rs = s.executeQuery("SELECT @@GLOBAL." + name)) {
                    rs.next();
                    was.put(name, rs.getString(1));
                }
            }
            s.execute("SET GLOBAL slow_query_log = 0");
            s.execute("TRUNCATE TABLE mysql.slow_log");
            s.execute("SET GLOBAL log_output = 'TABLE', log_slow_filter = '', long_query_time = 0");
            s.execute("SET GLOBAL slow_query_log = 1");
            return new Statements(db, was);
        } catch (SQLException e) {
            System.out.println("database statements not broken down (" + e.getMessage() + "): the bench's database user "
                    + "must be allowed SET GLOBAL and to read mysql.slow_log");
            if (!was.isEmpty()) {
                new Statements(db, was).close();
            }
            return null;
        }
    }

    /** Stops logging and puts the log's settings back as they were. */
    @Override
    public void close() {
        try (Connection c = DriverManager.getConnection(db.server(), db.user(), db.password()); Statement s = c.createStatement()) {
            s.execute("SET GLOBAL slow_query_log = 0");
            s.execute("SET GLOBAL log_output = '" + was.get("log_output") + "', log_slow_filter = '" + was.get("log_slow_filter")
                    + "', long_query_time = " + was.get("long_query_time"));
            s.execute("SET GLOBAL slow_query_log = " + ("1".equals(was.get("slow_query_log")) ? 1 : 0));
        } catch (SQLException e) {
            throw new IllegalStateException("could not put the slow query log's settings back: " + e.getMessage(), e);
        }
    }

    /** The server's clock now, as the log's {@code start_time} reads it. */
    String mark() throws SQLException {
        try (Connection c = DriverManager.getConnection(db.server(), db.user(), db.password()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT CAST(NOW(6) AS CHAR)")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * The statements run in a schema that began between two {@link #mark}s, summed by kind, the longest first: the
     * {@code top} longest kinds with their count and seconds, and the total.
     */
    Map<String, Object> between(String schema, String from, String to, int top) throws SQLException {
        Map<String, double[]> kinds = new HashMap<>();
        double total = 0;
        try (Connection c = DriverManager.getConnection(db.server(), db.user(), db.password()); PreparedStatement s = c.prepareStatement(
                "SELECT CONVERT(sql_text USING utf8mb4), TIME_TO_SEC(query_time) FROM mysql.slow_log"
                        + " WHERE db = ? AND start_time >= ? AND start_time <= ?")) {
            s.setString(1, schema);
            s.setString(2, from);
            s.setString(3, to);
            ResultSet rs = s.executeQuery();
            while (rs.next()) {
                double seconds = rs.getDouble(2);
                total += seconds;
                double[] kind = kinds.computeIfAbsent(kind(rs.getString(1)), k -> new double[2]);
                kind[0]++;
                kind[1] += seconds;
            }
        }
        List<Map<String, Object>> longest = new ArrayList<>();
        kinds.entrySet().stream().sorted(Comparator.comparingDouble(e -> -e.getValue()[1])).limit(top).forEach(e -> {
            Map<String, Object> kind = new LinkedHashMap<>();
            kind.put("statement", e.getKey());
            kind.put("count", (long) e.getValue()[0]);
            kind.put("seconds", Bench.round(e.getValue()[1]));
            longest.add(kind);
        });
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("totalSeconds", Bench.round(total));
        summary.put("longest", longest);
        return summary;
    }

    /** A statement with its values made alike, cut to a line: the kind it is counted under. */
    static String kind(String sql) {
        String kind = LITERAL.matcher(sql).replaceAll("?");
        kind = LIST.matcher(kind).replaceAll("?…");
        kind = TUPLES.matcher(kind).replaceAll("(?…)…");
        kind = SPACE.matcher(kind).replaceAll(" ").trim();
        return kind.length() > 100 ? kind.substring(0, 100) : kind;
    }

    /** Prints a summary from {@link #between}. */
    @SuppressWarnings("unchecked")
    static void print(String title, Object summaryOf) {
        Map<String, Object> summary = (Map<String, Object>) summaryOf;
        System.out.printf(java.util.Locale.ROOT, "%s: %.2f s in statements%n", title, ((Number) summary.get("totalSeconds")).doubleValue());
        for (Map<String, Object> kind : (List<Map<String, Object>>) summary.get("longest")) {
            System.out.printf(java.util.Locale.ROOT, "  %7.2f s %7d × %s%n", ((Number) kind.get("seconds")).doubleValue(),
                    kind.get("count"), kind.get("statement"));
        }
    }
}
