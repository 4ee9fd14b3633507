package io.poshub.db;

import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Iterator;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.NamedInterface;

/**
 * Writes many rows the way MariaDB takes them fastest: {@code LOAD DATA LOCAL INFILE} fed from memory through
 * the driver ({@code org.mariadb.jdbc.Statement#setLocalInfileInputStream}), in the caller's transaction (InnoDB
 * rolls it back like any INSERT). Values travel as escaped tab-separated text, never as SQL; table and column
 * names are the caller's constants. With LOCAL the server skips a row that breaks a unique key instead of
 * failing, and cuts or converts a value it cannot store with only a warning: a shortfall of rows or any warning
 * fails the transaction (a shortfall as a {@link DuplicateKeyException}). (Values are checked before they get here; this is the last line.)
 */
@NamedInterface("api")
public final class BulkLoad {

    private BulkLoad() {
    }

    public static void load(JdbcTemplate jdbc, String table, List<String> columns, List<Object[]> rows) {
        load(jdbc, table, columns, rows, true);
    }

    /**
     * As {@link #load(JdbcTemplate, String, List, List)}, the rows' references (foreign keys) not checked by the
     * database: for rows whose references the caller has made sure of, so the load takes no shared lock on the rows
     * they name — another transaction that must change those rows before this one commits is not held up by it.
     */
    public static void loadTrustingReferences(JdbcTemplate jdbc, String table, List<String> columns, List<Object[]> rows) {
        load(jdbc, table, columns, rows, false);
    }

    private static void load(JdbcTemplate jdbc, String table, List<String> columns, List<Object[]> rows, boolean checkReferences) {
        if (rows.isEmpty()) {
            return;
        }
        for (Object[] row : rows) {
            if (row.length != columns.size()) {
                throw new IllegalArgumentException(table + ": a row of " + row.length + " values for " + columns.size() + " columns");
            }
        }
        String sql = (checkReferences ? "" : "SET STATEMENT foreign_key_checks = 0 FOR ") + "LOAD DATA LOCAL INFILE 'poshub-" + table + "' INTO TABLE " + table
                + " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' ("
                + String.join(", ", columns) + ")";
        jdbc.execute((Statement statement) -> {
            statement.unwrap(org.mariadb.jdbc.Statement.class).setLocalInfileInputStream(new Tsv(rows));
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

    /**
     * The rows as tab-separated text, written as the driver reads: it sends each piece it reads (64 KB) before it
     * reads the next, so the server stores one piece while the next is written here.
     */
    private static final class Tsv extends InputStream {

        private final Iterator<Object[]> rows;
        private final StringBuilder text = new StringBuilder(1 << 16);
        private byte[] piece = new byte[0];
        private int at;

        Tsv(List<Object[]> rows) {
            this.rows = rows.iterator();
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            if (at == piece.length && !nextPiece(length)) {
                return -1;
            }
            int n = Math.min(length, piece.length - at);
            System.arraycopy(piece, at, into, offset, n);
            at += n;
            return n;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        private boolean nextPiece(int size) {
            text.setLength(0);
            while (text.length() < size && rows.hasNext()) {
                Object[] row = rows.next();
                for (int i = 0; i < row.length; i++) {
                    if (i > 0) {
                        text.append('\t');
                    }
                    append(text, row[i]);
                }
                text.append('\n');
            }
            piece = text.toString().getBytes(StandardCharsets.UTF_8);
            at = 0;
            return piece.length > 0;
        }
    }

    /** Zeros to put before the digits of an amount below 1 ({@code 5} at scale 2 is {@code 0.05}). */
    private static final char[] ZEROS = "0000000000".toCharArray();

    /**
     * {@code d.toPlainString()}, written straight into {@code out}: an amount of up to 18 digits and 9 decimals (every
     * DECIMAL the hub stores) as its digits with the point put in, without the strings toPlainString builds (4 % of the
     * hub's samples on a big file) or a division; any other number by toPlainString.
     */
    static void plainNumber(StringBuilder out, BigDecimal d) {
        int scale = d.scale();
        if (scale < 0 || scale >= ZEROS.length || d.precision() > 18) {
            out.append(d.toPlainString());
            return;
        }
        // The unscaled value as a long: no BigInteger made for it, as unscaledValue() would.
        long unscaled = d.scaleByPowerOfTen(scale).longValue();
        if (unscaled < 0) {
            out.append('-');
            unscaled = -unscaled;
        }
        int start = out.length();
        out.append(unscaled);
        if (scale == 0) {
            return;
        }
        int digits = out.length() - start;
        if (digits <= scale) {
            out.insert(start, ZEROS, 0, scale - digits + 1);
        }
        out.insert(out.length() - scale, '.');
    }

    /** Text LOAD DATA takes as it is: nothing to escape (most of it — names, SKUs, keys). */
    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '\t' || c == '\n' || c == '\r' || c == '\0') {
                return false;
            }
        }
        return true;
    }

    private static void append(StringBuilder out, Object value) {
        if (value == null) {
            out.append("\\N");
        } else if (value instanceof Boolean b) {
            out.append(b ? '1' : '0');
        } else if (value instanceof BigDecimal d) {
            plainNumber(out, d);
        } else if (value instanceof Timestamp t) {
            out.append(t.toLocalDateTime());
        } else if (value instanceof LocalDateTime t) {
            out.append(t);
        } else if (value instanceof Long l) {
            out.append(l.longValue());
        } else if (value instanceof Integer n) {
            out.append(n.intValue());
        } else if (value instanceof Number || value instanceof LocalDate) {
            out.append(value);
        } else {
            String s = value.toString();
            if (plain(s)) {
                out.append(s);
                return;
            }
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
