package io.poshub.db;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes many rows the way MariaDB takes them fastest: {@code LOAD DATA LOCAL INFILE} fed from memory through
 * the driver ({@code org.mariadb.jdbc.Statement#setLocalInfileInputStream}), in the caller's transaction (InnoDB
 * rolls it back like any INSERT). Values travel as escaped tab-separated text, never as SQL; table and column
 * names are the caller's constants. With LOCAL the server skips a row that breaks a unique key instead of
 * failing, and cuts or converts a value it cannot store with only a warning: a shortfall of rows or any warning
 * fails the transaction (a shortfall as a {@link DuplicateKeyException}). (Values are checked before they get here; this is the last line.)
 */
public final class BulkLoad {

    private BulkLoad() {
    }

    public static void load(JdbcTemplate jdbc, String table, List<String> columns, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        ByteArrayOutputStream tsv = new ByteArrayOutputStream(rows.size() * columns.size() * 12);
        StringBuilder line = new StringBuilder(256);
        for (Object[] row : rows) {
            if (row.length != columns.size()) {
                throw new IllegalArgumentException(table + ": a row of " + row.length + " values for " + columns.size() + " columns");
            }
            line.setLength(0);
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    line.append('\t');
                }
                append(line, row[i]);
            }
            line.append('\n');
            tsv.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
        }
        String sql = "LOAD DATA LOCAL INFILE 'poshub-" + table + "' INTO TABLE " + table
                + " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' ("
                + String.join(", ", columns) + ")";
        jdbc.execute((Statement statement) -> {
            statement.unwrap(org.mariadb.jdbc.Statement.class).setLocalInfileInputStream(new ByteArrayInputStream(tsv.toByteArray()));
            long written = statement.executeLargeUpdate(sql);
            // LOAD DATA LOCAL skips a row that breaks a unique key, and turns a value it had to cut or convert into a
            // warning, not an error: refuse both.
            if (written != rows.size()) {
                throw new DuplicateKeyException(table + ": " + written + " of " + rows.size() + " rows written; a row broke a key");
            }
            SQLWarning warning = statement.getWarnings();
            if (warning != null) {
                throw new IllegalStateException(table + ": the database changed a value on the way in: " + warning.getMessage());
            }
            return written;
        });
    }

    private static void append(StringBuilder out, Object value) {
        if (value == null) {
            out.append("\\N");
        } else if (value instanceof Boolean b) {
            out.append(b ? '1' : '0');
        } else if (value instanceof BigDecimal d) {
            out.append(d.toPlainString());
        } else if (value instanceof Timestamp t) {
            out.append(t.toLocalDateTime());
        } else if (value instanceof Number || value instanceof LocalDate) {
            out.append(value);
        } else {
            String s = value.toString();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '\\' -> out.append("\\\\");
                    case '\t' -> out.append("\\t");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\0' -> out.append("\\0");
                    default -> out.append(c);
                }
            }
        }
    }
}
