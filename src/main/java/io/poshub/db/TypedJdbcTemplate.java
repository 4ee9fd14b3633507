package io.poshub.db;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import javax.sql.DataSource;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementSetter;

/**
 * The hub's {@link JdbcTemplate}: a statement's arguments of the common types are bound by their own setters
 * ({@code setLong}, {@code setString}, …), a date or a date-time by {@code setObject} as Spring binds it, the rest by
 * Spring. Spring binds an argument of unknown type with {@code setObject}, and the MariaDB driver then tries its codecs
 * one by one until one takes the value: a chunk's statements bind some ten thousand member ids, balances and keys, and
 * that search was a tenth of the booking thread. The values sent are the same: the driver's {@code setLong} uses the
 * codec its {@code setObject} finds for a Long.
 */
class TypedJdbcTemplate extends JdbcTemplate {

    TypedJdbcTemplate(DataSource dataSource) {
        super(dataSource);
    }

    @Override
    protected PreparedStatementSetter newArgPreparedStatementSetter(Object[] args) {
        return new TypedArguments(args);
    }

    static final class TypedArguments extends ArgumentPreparedStatementSetter {

        /** Whether an argument went to Spring's binding, which may hold something to dispose of afterwards. */
        private boolean bySpring;

        TypedArguments(Object[] args) {
            super(args);
        }

        @Override
        protected void doSetValue(PreparedStatement ps, int position, Object value) throws SQLException {
            if (value instanceof Long l) {
                ps.setLong(position, l);
            } else if (value instanceof String s) {
                ps.setString(position, s);
            } else if (value instanceof Integer n) {
                ps.setInt(position, n);
            } else if (value instanceof BigDecimal d) {
                ps.setBigDecimal(position, d);
            } else if (value instanceof Boolean b) {
                ps.setBoolean(position, b);
            } else if (value instanceof LocalDateTime || value instanceof LocalDate) {
                // As Spring binds them (setObject), without marking the arguments for its clean-up pass.
                ps.setObject(position, value);
            } else {
                bySpring = true;
                super.doSetValue(ps, position, value);
            }
        }

        @Override
        public void cleanupParameters() {
            if (bySpring) {
                super.cleanupParameters();
            }
        }
    }
}
