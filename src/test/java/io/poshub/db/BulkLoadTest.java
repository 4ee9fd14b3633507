package io.poshub.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.poshub.support.TestDatabase;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link BulkLoad} writes the rows' text as the driver reads it, piece by piece: every value must arrive as it was —
 * the characters LOAD DATA escapes, characters of several bytes where a piece ends, NULL — and a row the table's key
 * refuses must fail the load.
 */
class BulkLoadTest {

    private final JdbcTemplate jdbc = new JdbcTemplate(TestDatabase.freshSchema("bulkload").connection());

    @Test
    void everyValueArrivesAsItWasAcrossManyPieces() {
        jdbc.execute("""
                CREATE TABLE t (id INT PRIMARY KEY, text VARCHAR(400) CHARACTER SET utf8mb4, amount DECIMAL(12, 2),
                                day DATE, at DATETIME, flag BOOLEAN)""");
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            // ~300 bytes a row: a 64 KB piece ends inside a row every few hundred rows, often inside "ø" or the emoji.
            String text = i % 7 == 0 ? null
                    : "rad " + i + "\tmed tab\nlinje\\skråstrek\r\0 blåbær 🫐 " + "ø".repeat(i % 97) + "x".repeat(i % 53);
            rows.add(new Object[] {i, text, new BigDecimal(i).movePointLeft(2).negate(), LocalDate.of(2026, 11, 1 + i % 30),
                    Timestamp.valueOf(LocalDateTime.of(2026, 11, 30, 12, 0).plusSeconds(i)), i % 2 == 0});
        }

        BulkLoad.load(jdbc, "t", List.of("id", "text", "amount", "day", "at", "flag"), rows);

        List<Object[]> back = jdbc.query("SELECT id, text, amount, day, at, flag FROM t ORDER BY id", (rs, n) -> new Object[] {
                rs.getInt(1), rs.getString(2), rs.getBigDecimal(3), rs.getObject(4, LocalDate.class),
                Timestamp.valueOf(rs.getObject(5, LocalDateTime.class)), rs.getBoolean(6)});
        assertThat(back).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(back.get(i)).as("row %d", i).containsExactly(rows.get(i));
        }
    }

    @Test
    void aRowTheKeyRefusesFailsTheLoad() {
        jdbc.execute("CREATE TABLE k (id INT PRIMARY KEY)");
        jdbc.update("INSERT INTO k VALUES (2)");
        assertThatThrownBy(() -> BulkLoad.load(jdbc, "k", List.of("id"), List.of(new Object[] {1}, new Object[] {2},
                new Object[] {3}))).isInstanceOf(DuplicateKeyException.class).hasMessageContaining("2 of 3 rows");
    }
}
