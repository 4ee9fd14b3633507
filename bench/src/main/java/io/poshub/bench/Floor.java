package io.poshub.bench;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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
 * LOCAL} of each table's rows, and one {@code UPDATE} of the members' totals to what the hub left.
 */
final class Floor {

    /** What a sales import writes, in the order their foreign keys need. */
    static final List<String> TABLES = List.of("sale", "sale_line", "sale_tender", "parked_sale", "points_entry");

    record Result(long rows, double seconds, Map<String, Long> rowsByTable) {
    }

    /** The floor of import {@code importId}'s writes; rows of other imports (a warm-up file) are in place, untimed. */
    static Result measure(Database hub, Path work, long importId) throws Exception {
        Database floor = hub.schema("floor");
        floor.recreate();
        List<String> creates = new ArrayList<>();
        try (Connection c = hub.connect(); Statement s = c.createStatement()) {
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
        try (Connection c = floor.connect(); Statement s = c.createStatement()) {
            s.execute("SET foreign_key_checks = 0");
            for (String create : creates) {
                s.execute(create);
            }
            // What the import's rows refer to, as it was before the import: members with nothing earned, the import rows.
            s.execute("INSERT INTO member SELECT * FROM `" + hub.schema() + "`.member");
            s.execute("UPDATE member SET lifetime_earned = 0");
            s.execute("INSERT INTO import_file SELECT * FROM `" + hub.schema() + "`.import_file");
            for (String table : TABLES) {
                s.execute("INSERT INTO `" + table + "` SELECT t.* FROM `" + hub.schema() + "`.`" + table + "` t WHERE "
                        + ofImport(table, hub.schema() + "`.`sale", importId, false));
            }
            s.execute("SET foreign_key_checks = 1");

            c.setAutoCommit(false);
            long start = System.nanoTime();
            for (Map.Entry<String, Path> file : files.entrySet()) {
                long loaded = s.executeLargeUpdate("LOAD DATA LOCAL INFILE '" + file.getValue().toAbsolutePath()
                        + "' INTO TABLE `" + file.getKey() + "` CHARACTER SET utf8mb4");
                if (loaded != rows.get(file.getKey())) {
                    throw new IllegalStateException("LOAD DATA took " + loaded + " rows of " + rows.get(file.getKey()) + " into " + file.getKey());
                }
            }
            s.executeUpdate("UPDATE member f JOIN `" + hub.schema() + "`.member h ON h.id = f.id"
                    + " SET f.lifetime_earned = h.lifetime_earned, f.tier = h.tier WHERE h.lifetime_earned <> 0");
            c.commit();
            double seconds = (System.nanoTime() - start) / 1e9;
            for (Path file : files.values()) {
                Files.delete(file);
            }
            return new Result(rows.values().stream().mapToLong(Long::longValue).sum(), seconds, rows);
        } finally {
            try (Connection c = floor.connect(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE `" + floor.schema() + "`");
            }
        }
    }

    /** The condition on a table's rows {@code t} that they are (or are not) of the import; {@code sale} is the sale table's name. */
    private static String ofImport(String table, String sale, long importId, boolean of) {
        return table.equals("sale") ? "t.import_file_id " + (of ? "=" : "<>") + " " + importId
                : "t.sale_id " + (of ? "IN" : "NOT IN") + " (SELECT id FROM `" + sale + "` WHERE import_file_id = " + importId + ")";
    }

    /** A table's rows (in its primary key's order, InnoDB's own) as LOAD DATA's default text: tab between fields, \N for NULL, tab, newline and backslash escaped. */
    private static long export(Connection c, String table, long importId, Path file) throws Exception {
        long rows = 0;
        try (Statement s = c.createStatement(); BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            s.setFetchSize(10_000);
            try (ResultSet rs = s.executeQuery("SELECT t.* FROM `" + table + "` t WHERE " + ofImport(table, "sale", importId, true))) {
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

    private Floor() {
    }
}
