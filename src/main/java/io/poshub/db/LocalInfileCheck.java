package io.poshub.db;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Bookings are written with {@code LOAD DATA LOCAL} ({@link BulkLoad}); a server started with
 * {@code local_infile=OFF} would refuse every chunk. Say so at start, not at the first file.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class LocalInfileCheck implements ApplicationRunner {

    private final JdbcTemplate jdbc;

    LocalInfileCheck(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void run(ApplicationArguments args) {
        Integer on = jdbc.queryForObject("SELECT @@GLOBAL.local_infile", Integer.class);
        if (on == null || on == 0) {
            throw new IllegalStateException("the database has local_infile=OFF; poshub writes bookings with LOAD DATA LOCAL: "
                    + "start MariaDB with --local-infile=1 (its default) or SET GLOBAL local_infile = 1");
        }
    }
}
