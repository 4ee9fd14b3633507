package io.poshub.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the database spent its time on during stretches of a run: MariaDB's slow query log, kept in the table
 * {@code mysql.slow_log} at a {@code long_query_time} of 0, holds every statement with the time the server took for it.
 * The setting is taken by connections opened after {@link #start} (the hub's pool among them); {@link #mark} notes the
 * server's clock at a stretch's ends, {@link #between} sums a schema's statements in the stretch by kind (strings,
 * numbers and lists of values made alike), {@link #close} puts the log's settings back. Needs a user that may
 * {@code SET GLOBAL}; without that, {@link #start} answers null and the run goes on without it.
 */
final class Statements implements AutoCloseable {


    private final Database db;
    private final Map<String, String> was;

    private Statements(Database db, Map<String, String> was) {
        this.db = db;
        this.was = was;
    }

    /** Starts logging every statement to {@code mysql.slow_log}, emptied first; null when the user may not. */
    static Statements start(Database db) {
        Map<String, String> was = new LinkedHashMap<>();
        boolean changed = false;
        try (Connection c = db.connectToServer(); Statement s = c.createStatement()) {
            for (String name : List.of("log_output", "log_slow_filter", "long_query_time", "slow_query_log")) {
                try (ResultSet rs = s.executeQuery("SELECT @@GLOBAL." + name)) {
                    rs.next();
                    was.put(name, rs.getString(1));
                }
            }
            s.execute("SET GLOBAL slow_query_log = 0");
            changed = true;
            s.execute("TRUNCATE TABLE mysql.slow_log");
            s.execute("SET GLOBAL log_output = 'TABLE', log_slow_filter = '', long_query_time = 0");
            s.execute("SET GLOBAL slow_query_log = 1");
            return new Statements(db, was);
        } catch (SQLException e) {
            System.out.println("database statements not broken down (" + e.getMessage() + "): the bench's database user "
                    + "must be allowed SET GLOBAL and to empty and read mysql.slow_log");
            if (changed) {
                new Statements(db, was).close();
            }
            return null;
        }
    }

    /** Stops logging and puts the log's settings back as they were. */
    @Override
    public void close() {
        try (Connection c = db.connectToServer(); Statement s = c.createStatement()) {
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
        try (Connection c = db.connectToServer(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT CAST(NOW(6) AS CHAR)")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** A kind of statement: how often it ran and the seconds it took in all. */
    record Kind(String statement, long count, double seconds) {
    }

    /** What a stretch's statements took: in all, and the longest kinds. */
    record Summary(double totalSeconds, List<Kind> longest) {

        void print(String title) {
            System.out.printf(Locale.ROOT, "%s: %.2f s in statements%n", title, totalSeconds);
            for (Kind kind : longest) {
                System.out.printf(Locale.ROOT, "  %7.2f s %7d × %s%n", kind.seconds(), kind.count(), kind.statement());
            }
        }
    }

    /**
     * The statements run in a schema that began between two {@link #mark}s, summed by kind: the total and the
     * {@code top} longest kinds, the longest first.
     */
    Summary between(String schema, String from, String to, int top) throws SQLException {
        Map<String, double[]> kinds = new HashMap<>();
        double total = 0;
        try (Connection c = db.connectToServer(); PreparedStatement s = c.prepareStatement(
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
        List<Kind> longest = kinds.entrySet().stream().sorted(Comparator.comparingDouble(e -> -e.getValue()[1])).limit(top)
                .map(e -> new Kind(e.getKey(), (long) e.getValue()[0], Bench.round(e.getValue()[1]))).toList();
        return new Summary(Bench.round(total), longest);
    }

    /**
     * A statement with its values made alike, cut to a line: the kind it is counted under. Strings and numbers become
     * {@code ?}, a list of them {@code ?…}, a list of such tuples {@code (?…)…}; read in one pass, however long the
     * statement (a chunk's statements carry thousands of values).
     */
    static String kind(String sql) {
        StringBuilder out = new StringBuilder(LINE + 16);
        int n = sql.length();
        int i = 0;
        while (i < n && out.length() < LINE) {
            char c = sql.charAt(i);
            if (c == '\'') {
                i = afterString(sql, i);
                value(out);
            } else if (Character.isDigit(c) && !inName(out)) {
                while (i < n && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
                    i++;
                }
                value(out);
            } else if (c == '(' && endsWithTuple(out)) {
                i = afterTuple(sql, i);
                out.setLength(out.length() - (out.charAt(out.length() - 2) == ',' ? 2 : 1));
                if (out.charAt(out.length() - 1) != '…') {
                    out.append('…');
                }
            } else if (Character.isWhitespace(c)) {
                if (!out.isEmpty() && out.charAt(out.length() - 1) != ' ') {
                    out.append(' ');
                }
                i++;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.length() > LINE ? out.substring(0, LINE) : out.toString().trim();
    }

    private static final int LINE = 100;

    /** A value: {@code ?}, or the list it continues ({@code ?, ?} → {@code ?…}). */
    private static void value(StringBuilder out) {
        int end = out.length();
        int comma = end >= 2 && out.charAt(end - 1) == ' ' ? end - 2 : end - 1;
        if (comma > 0 && out.charAt(comma) == ',' && (out.charAt(comma - 1) == '?' || out.charAt(comma - 1) == '…')) {
            out.setLength(comma);
            if (out.charAt(comma - 1) == '?') {
                out.append('…');
            }
        } else {
            out.append('?');
        }
    }

    /** Whether a tuple of values was just written and a comma follows it: {@code (?…), } or {@code (?), }. */
    private static boolean endsWithTuple(StringBuilder out) {
        String tail = out.length() > 8 ? out.substring(out.length() - 8) : out.toString();
        return tail.endsWith("?…), ") || tail.endsWith("?), ") || tail.endsWith("?…),") || tail.endsWith("?),")
                || tail.endsWith(")…, ") || tail.endsWith(")…,");
    }

    /** Whether a digit here is part of a name ({@code utf8mb4}, {@code t_1}) rather than a number. */
    private static boolean inName(StringBuilder out) {
        if (out.isEmpty()) {
            return false;
        }
        char last = out.charAt(out.length() - 1);
        return Character.isLetterOrDigit(last) || last == '_' || last == '`';
    }

    /** Where a string that starts at {@code i} ends (after its closing quote; a backslash escapes the next character). */
    private static int afterString(String sql, int i) {
        int j = i + 1;
        while (j < sql.length() && sql.charAt(j) != '\'') {
            j += sql.charAt(j) == '\\' ? 2 : 1;
        }
        return j + 1;
    }

    /** Where a tuple of values that starts at {@code i} ends (after its closing parenthesis; strings skipped whole). */
    private static int afterTuple(String sql, int i) {
        int j = i + 1;
        while (j < sql.length() && sql.charAt(j) != ')') {
            j = sql.charAt(j) == '\'' ? afterString(sql, j) : j + 1;
        }
        return j + 1;
    }
}
