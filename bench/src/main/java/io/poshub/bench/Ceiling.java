package io.poshub.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The fastest the database takes these rows in: the file's lines, shaped like {@code sale_line}, written
 * by MariaDB's {@code LOAD DATA LOCAL INFILE} into a copy of that table (same columns and indexes). Only
 * the LOAD DATA statement is timed.
 */
final class Ceiling {

    record Result(long rows, double seconds) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    static Result measure(Database db, Path csv, Path work) throws Exception {
        Path tsv = work.resolve("ceiling.tsv");
        long rows = toSaleLines(csv, tsv);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_ceiling");
            s.execute("CREATE TABLE bench_ceiling LIKE sale_line");
            long start = System.nanoTime();
            long loaded = s.executeLargeUpdate("LOAD DATA LOCAL INFILE '" + tsv.toAbsolutePath()
                    + "' INTO TABLE bench_ceiling CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' LINES TERMINATED BY '\\n'"
                    + " (sale_id, line_no, seq, sku, description, category, quantity, unit_price, net_amount)");
            double seconds = (System.nanoTime() - start) / 1e9;
            if (loaded != rows) {
                throw new IllegalStateException("LOAD DATA took " + loaded + " rows of " + rows);
            }
            s.execute("DROP TABLE bench_ceiling");
            return new Result(rows, seconds);
        }
    }

    /** sale_id (the ticket's ordinal), line_no, seq, sku, description, category, quantity, unit_price, net_amount. */
    private static long toSaleLines(Path csv, Path tsv) throws IOException {
        long rows = 0;
        long sale = 0;
        String lastTicket = null;
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             BufferedWriter out = Files.newBufferedWriter(tsv, StandardCharsets.UTF_8)) {
            in.readLine();
            String line;
            long lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                List<String> f = fields(line);
                if (!f.get(2).equals(lastTicket)) {
                    sale++;
                    lastTicket = f.get(2);
                }
                String qty = f.get(10).equals("R") ? "-" + f.get(15) : f.get(14);
                out.write(sale + "\t" + lineNo + "\t" + f.get(9) + "\t" + f.get(11) + "\t" + f.get(12) + "\t" + f.get(13)
                        + "\t" + qty + "\t" + f.get(16) + "\t" + f.get(17) + "\n");
                rows++;
            }
        }
        return rows;
    }

    /** The generator's CSV: quotes only around a field with a comma, no doubled quotes. */
    static List<String> fields(String line) {
        List<String> fields = new ArrayList<>(24);
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    private Ceiling() {
    }
}
