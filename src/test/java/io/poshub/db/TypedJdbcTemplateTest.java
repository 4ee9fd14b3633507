package io.poshub.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.poshub.support.TestDatabase;
import java.math.BigDecimal;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** The hub's template binds its arguments by their own setters, and the database stores what Spring's binding stores. */
class TypedJdbcTemplateTest {

    private final SingleConnectionDataSource connection = TestDatabase.freshSchema("typedjdbc").connection();
    private final JdbcTemplate typed = new TypedJdbcTemplate(connection);
    private final JdbcTemplate spring = new JdbcTemplate(connection);

    @Test
    void everyArgumentIsStoredAsSpringStoresIt() {
        typed.execute("""
                CREATE TABLE t (id INT PRIMARY KEY, big BIGINT, small INT, text VARCHAR(100) CHARACTER SET utf8mb4,
                                amount DECIMAL(20, 4), flag BOOLEAN, day DATE, at DATETIME(6), nothing VARCHAR(10), typed_null BIGINT)""");
        List<Object[]> values = List.of(
                new Object[] {Long.MAX_VALUE, Integer.MIN_VALUE, "it's a \\ \"quote\" ø 🫐", new BigDecimal("12345678901234.5678"), true,
                        LocalDate.of(2026, 3, 29), LocalDateTime.of(2026, 3, 29, 2, 30, 0, 123_456_000), null,
                        new SqlParameterValue(Types.BIGINT, null)},
                new Object[] {-1L, 0, "", new BigDecimal("-0.0001"), false, LocalDate.of(1999, 12, 31),
                        LocalDateTime.of(2026, 10, 25, 2, 30), null, new SqlParameterValue(Types.BIGINT, 7L)});
        String insert = "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        for (int i = 0; i < values.size(); i++) {
            typed.update(insert, concat(2 * i, values.get(i)));
            spring.update(insert, concat(2 * i + 1, values.get(i)));
        }

        List<Map<String, Object>> rows = spring.queryForList("SELECT * FROM t ORDER BY id");
        assertThat(rows).hasSize(4);
        for (int i = 0; i < rows.size(); i += 2) {
            Map<String, Object> byTyped = new java.util.HashMap<>(rows.get(i));
            Map<String, Object> bySpring = new java.util.HashMap<>(rows.get(i + 1));
            assertThat(byTyped.remove("id")).isEqualTo(i);
            bySpring.remove("id");
            assertThat(byTyped).as("row %d", i / 2).isEqualTo(bySpring);
        }
        assertThat(rows.get(0).get("amount")).isEqualTo(new BigDecimal("12345678901234.5678"));
        assertThat(rows.get(0).get("text")).isEqualTo("it's a \\ \"quote\" ø 🫐");
        assertThat(rows.get(2).get("typed_null")).isEqualTo(7L);
    }

    private static Object[] concat(int id, Object[] values) {
        Object[] all = new Object[values.length + 1];
        all[0] = id;
        System.arraycopy(values, 0, all, 1, values.length);
        return all;
    }
}
