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

    /** {@code (?, ?), (?, ?), …} — {@code rows} tuples of {@code arity} marks. */
    public static String tuples(int rows, int arity) {
        return String.join(", ", Collections.nCopies(rows, "(" + list(arity) + ")"));
    }
}
