package io.poshub.db;

import java.sql.PreparedStatement;
import java.sql.Statement;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.modulith.NamedInterface;

/** An {@code INSERT} of one row that answers the id the database gave it (its {@code AUTO_INCREMENT} key). */
@NamedInterface("api")
public final class Inserts {

    private Inserts() {
    }

    /** Runs the insert with its values bound in order, and answers the new row's key. */
    public static long returningKey(JdbcTemplate jdbc, String sql, Object... args) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS);
            new ArgumentPreparedStatementSetter(args).setValues(ps);
            return ps;
        }, key);
        return key.getKey().longValue();
    }
}
