package io.poshub.bench;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The true floor of a booking: the database doing exactly the hub's writes and nothing else. After the hub's run, the
 * rows it wrote ({@link #TABLES}) are read out to files, and a fresh copy of the hub's schema (every table as
 * {@code SHOW CREATE TABLE} gives it: the same keys, indexes and foreign keys) is given the rows they refer to (the
 * members as they were before the import, the import's row) untimed; then, timed, in one transaction: {@code LOAD DATA
 * LOCAL} of each table's rows, and one {@code UPDATE} of the members' totals to what the hub left — several times, each
 * into a fresh copy, the median taken.
 */
final class Floor {

    /** What a sales import writes, in the order their foreign keys need. */
    static final List<String> TABLES = List.of("sale", "sale_line", "sale_tender", "parked_sale", "points_entry");

    /**
     * {@code seconds} is the median of {@code runs}; {@code statements} what the first load's statements took
     * ({@link Statements#between}), null when not asked for.
     */
    record Result(long rows, double seconds, List<Double> runs, Map<String, Long> rowsByTable, Statements.Summary statements) {
    }

    /**
     * The floor of import {@code importId}'s writes, measured {@code times} times; rows of other imports (a warm-up
     * file) are in place, untimed.
     *
     * @param log given: what the first load's statements took is in the result
     */
    static Result measure(Database hub, Path work, long importId, int times, Statements log) throws Exception {
        Database floor = hub.schema("floor");
        List<String> creates = creates(hub);
        Map<String, Path> files = new LinkedHashMap<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        // Booleans as 1/0, the way LOAD DATA reads them back.
        try (Connection c = DriverManager.getConnection(hub.url() + "?tinyInt1isBit=false", hub.user(), hub.password())) {
            for (String table : TABLES) {
                Path file = work.resolve("floor-" + table + ".tsv");
                rows.put(table, export(c, table, importId, file));
                files.put(table, file);
            }
        }
        // The same machine gives the same load 11.5 to 19 s from one run to the next: the floor is the median of several.
        List<Double> seconds = new ArrayList<>();
        Statements.Summary statements = null;
        try {
            for (int i = 0; i < times; i++) {
                floor.recreate();
                Load load = loadOnce(hub, floor, creates, files, rows, importId, i == 0 ? log : null);
                seconds.add(load.seconds());
                if (i == 0) {
                    statements = load.statements();
                }
            }
        } finally {
            try (Connection c = floor.connect(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS `" + floor.schema() + "`");
            }
            for (Path file : files.values()) {
                Files.deleteIfExists(file);
            }
        }
        List<Double> sorted = seconds.stream().sorted().toList();
        return new Result(rows.values().stream().mapToLong(Long::longValue).sum(), sorted.get(sorted.size() / 2), seconds, rows,
                statements);
    }

    /** A timed load: its seconds and, when logged, what its statements took. */
    private record Load(double seconds, Statements.Summary statements) {
    }

    /**
     * One timed load of the import's rows into a fresh copy of the schema.
     *
     * @param log given: what the timed statements took is in the answer
     */
    private static Load loadOnce(Database hub, Database floor, List<String> creates, Map<String, Path> files,
                                 Map<String, Long> rows, long importId, Statements log) throws Exception {
        try (Connection c = floor.connect(); Statement s = c.createStatement()) {
            prepare(s, c, hub, creates, importId);

            // Like the hub's run, the floor starts with nothing left for InnoDB to write back: right after the hub's run
            // its million rows are still being flushed, and the floor would share the disk and a core with that.
            hub.settle();
            String from = log == null ? null : log.mark();
            c.setAutoCommit(false);
            long start = System.nanoTime();
            for (Map.Entry<String, Path> file : files.entrySet()) {
                long loaded = s.executeLargeUpdate("LOAD DATA LOCAL INFILE '" + file.getValue().toAbsolutePath()
                        + "' INTO TABLE `" + file.getKey() + "` CHARACTER SET utf8mb4 (" + stored(c, hub.schema(), file.getKey()) + ")");
                if (loaded != rows.get(file.getKey())) {
                    throw new IllegalStateException("LOAD DATA took " + loaded + " rows of " + rows.get(file.getKey()) + " into " + file.getKey());
                }
            }
            s.executeUpdate("UPDATE member f JOIN `" + hub.schema() + "`.member h ON h.id = f.id"
                    + " SET f.lifetime_earned = h.lifetime_earned, f.tier = h.tier WHERE h.lifetime_earned <> 0");
            // The members' points accounts as the hub left them (the bench's members had none before the file).
            s.executeUpdate("INSERT INTO points_account SELECT * FROM `" + hub.schema() + "`.points_account");
            c.commit();
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Load(seconds, log == null ? null : log.between(floor.schema(), from, log.mark(), 8));
        }
    }

    /**
     * A fresh copy of the schema holding what the import's rows refer to, as it was before the import: members with
     * nothing earned, the import rows, other imports' rows.
     */
    private static void prepare(Statement s, Connection c, Database hub, List<String> creates, long importId) throws Exception {
        s.execute("SET foreign_key_checks = 0");
        for (String create : creates) {
            s.execute(create);
        }
        s.execute("INSERT INTO member SELECT * FROM `" + hub.schema() + "`.member");
        s.execute("UPDATE member SET lifetime_earned = 0");
        s.execute("INSERT INTO import_file SELECT * FROM `" + hub.schema() + "`.import_file");
        for (String table : TABLES) {
            String columns = stored(c, hub.schema(), table);
            s.execute("INSERT INTO `" + table + "` (" + columns + ") SELECT " + columns + " FROM `" + hub.schema() + "`.`" + table
                    + "` t WHERE " + ofImport(table, hub.schema() + "`.`sale", importId, false));
        }
        s.execute("SET foreign_key_checks = 1");
    }

    /**
     * The floor as the hub must commit: the import's rows loaded {@code chunkSales} sales at a time (the hub's chunk of
     * tickets, in sale id order), each chunk its own transaction — one LOAD DATA a table, the chunk's members' totals
     * and points accounts set to what the hub left — once, into a fresh copy of the schema. Seconds.
     */
    static double perChunk(Database hub, Path work, long importId, int chunkSales) throws Exception {
        Database floor = hub.schema("floor");
        floor.recreate();
        List<String> creates = creates(hub);
        List<long[]> chunks = new ArrayList<>();
        // Chunk bounds: [first id, last id] of every chunkSales sales.
        try (Connection c = hub.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MIN(id), MAX(id) FROM (SELECT id, (ROW_NUMBER() OVER (ORDER BY id) - 1) DIV "
                     + chunkSales + " AS chunk FROM sale WHERE import_file_id = " + importId + ") t GROUP BY chunk ORDER BY chunk")) {
            while (rs.next()) {
                chunks.add(new long[] {rs.getLong(1), rs.getLong(2)});
            }
        }
        Map<String, List<Path>> files = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(hub.url() + "?tinyInt1isBit=false", hub.user(), hub.password())) {
            for (String table : TABLES) {
                List<Path> parts = new ArrayList<>();
                for (int i = 0; i < chunks.size(); i++) {
                    Path file = work.resolve("floor-chunk-" + table + "-" + i + ".tsv");
                    export(c, table, importId, file, chunks.get(i));
                    parts.add(file);
                }
                files.put(table, parts);
            }
        }
        try (Connection c = floor.connect(); Statement s = c.createStatement()) {
            prepare(s, c, hub, creates, importId);
            Map<String, String> columns = new LinkedHashMap<>();
            for (String table : TABLES) {
                columns.put(table, stored(c, hub.schema(), table));
            }
            hub.settle();
            c.setAutoCommit(false);
            long start = System.nanoTime();
            for (int i = 0; i < chunks.size(); i++) {
                for (String table : TABLES) {
                    s.executeLargeUpdate("LOAD DATA LOCAL INFILE '" + files.get(table).get(i).toAbsolutePath() + "' INTO TABLE `" + table
                            + "` CHARACTER SET utf8mb4 (" + columns.get(table) + ")");
                }
                String members = "SELECT DISTINCT member_id FROM `" + hub.schema() + "`.sale WHERE id BETWEEN " + chunks.get(i)[0]
                        + " AND " + chunks.get(i)[1] + " AND member_id IS NOT NULL";
                s.executeUpdate("UPDATE member f JOIN `" + hub.schema() + "`.member h ON h.id = f.id"
                        + " SET f.lifetime_earned = h.lifetime_earned, f.tier = h.tier WHERE f.id IN (" + members + ")");
                s.executeUpdate("INSERT INTO points_account SELECT * FROM `" + hub.schema() + "`.points_account WHERE member_id IN ("
                        + members + ") ON DUPLICATE KEY UPDATE balance = VALUES(balance)");
                c.commit();
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            try (Connection c = floor.connect(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS `" + floor.schema() + "`");
            }
            for (List<Path> parts : files.values()) {
                for (Path file : parts) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** The schema's tables as {@code SHOW CREATE TABLE} gives them (keys, indexes, foreign keys): to make a copy of it. */
    static List<String> creates(Database db) throws Exception {
        List<String> creates = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
                    + " AND table_type = 'BASE TABLE'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SHOW CREATE TABLE `" + table + "`")) {
                    rs.next();
                    creates.add(rs.getString(2));
                }
            }
        }
        return creates;
    }

    /** The condition on a table's rows {@code t} that they are (or are not) of the import; {@code sale} is the sale table's name. */
    private static String ofImport(String table, String sale, long importId, boolean of) {
        return table.equals("sale") ? "t.import_file_id " + (of ? "=" : "<>") + " " + importId
                : "t.sale_id " + (of ? "IN" : "NOT IN") + " (SELECT id FROM `" + sale + "` WHERE import_file_id = " + importId + ")";
    }

    /** A table's rows (in its primary key's order, InnoDB's own) as LOAD DATA's default text: tab between fields, \N for NULL, tab, newline and backslash escaped. */
    private static long export(Connection c, String table, long importId, Path file) throws Exception {
        return export(c, table, importId, file, null);
    }

    /** As {@link #export(Connection, String, long, Path)}, only the rows of sales with ids in {@code [from, to]} when given. */
    private static long export(Connection c, String table, long importId, Path file, long[] ids) throws Exception {
        long rows = 0;
        String range = ids == null ? "" : " AND t." + (table.equals("sale") ? "id" : "sale_id") + " BETWEEN " + ids[0] + " AND " + ids[1];
        try (Statement s = c.createStatement(); BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            s.setFetchSize(10_000);
            try (ResultSet rs = s.executeQuery("SELECT " + stored(c, c.getCatalog(), table) + " FROM `" + table + "` t WHERE "
                    + ofImport(table, "sale", importId, true) + range)) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int i = 1; i <= columns; i++) {
                        if (i > 1) {
                            out.write('\t');
                        }
                        String value = rs.getString(i);
                        out.write(value == null ? "\\N" : value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n"));
                    }
                    out.write('\n');
                    rows++;
                }
            }
        }
        return rows;
    }

    /** A table's columns that hold values, in order: those the database computes itself are neither written nor read. */
    private static String stored(Connection c, String schema, String table) throws Exception {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?"
                + " AND TABLE_NAME = ? AND EXTRA NOT LIKE '%GENERATED%' ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add("`" + rs.getString(1) + "`");
                }
            }
        }
        return String.join(", ", columns);
    }

    private Floor() {
    }
}
