package io.poshub.db;

import java.util.Collections;
import org.springframework.modulith.NamedInterface;

/**
 * The {@code ?} marks of a statement that takes a list: {@code IN (?, ?, ?)} or rows of values
 * {@code (?, ?), (?, ?)}. Only marks — the values are always bound, never written into the SQL.
 */
@NamedInterface("api")
public final class Placeholders {

    private Placeholders() {
    }

    /** {@code ?, ?, …} — {@code count} marks. */
    public static String list(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    /**
     * {@code SELECT ? AS a, ? AS b UNION ALL SELECT ?, ? …} — {@code rows} rows of the named columns, as a derived table
     * to join a statement to (one {@code UPDATE} for rows each changed their own way).
     */
    public static String rows(int rows, String... columns) {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.length; i++) {
            sql.append(i == 0 ? "? AS " : ", ? AS ").append(columns[i]);
        }
        String next = " UNION ALL SELECT " + list(columns.length);
        sql.append(next.repeat(Math.max(0, rows - 1)));
        return sql.toString();
    }

    /** {@code (?, ?), (?, ?), …} — {@code rows} tuples of {@code arity} marks. */
    public static String tuples(int rows, int arity) {
        return String.join(", ", Collections.nCopies(rows, "(" + list(arity) + ")"));
    }
}
