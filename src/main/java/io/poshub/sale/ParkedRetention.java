package io.poshub.sale;

import io.poshub.common.Utc;
import io.poshub.db.Placeholders;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Parked sales no member ever came for, forgotten after {@code poshub.retention.parked} (contract §17): the parked row
 * with its keys goes, a batch to a transaction; the sale stays (PARKED, with its amounts, counted in its import and its
 * day) and simply waits for nobody any more.
 */
@NamedInterface("api")
@Component
public class ParkedRetention {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    ParkedRetention(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** Forgets the unassigned parked sales parked before {@code before}; answers how many. */
    public int forgetUnassigned(Instant before, int batch) {
        int forgotten = 0;
        while (true) {
            List<Long> ids = jdbc.queryForList("SELECT id FROM parked_sale WHERE booked_at IS NULL AND created_at < ? ORDER BY id LIMIT ?",
                    Long.class, Utc.timestamp(before), batch);
            if (ids.isEmpty()) {
                return forgotten;
            }
            Integer done = tx.execute(status -> jdbc.update("DELETE FROM parked_sale WHERE booked_at IS NULL AND id IN ("
                    + Placeholders.list(ids.size()) + ")", ids.toArray()));
            forgotten += done == null ? 0 : done;
        }
    }
}
