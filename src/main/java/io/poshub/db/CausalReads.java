package io.poshub.db;

import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.NamedInterface;

/**
 * Reads that must see every commit made anywhere in a Galera cluster before they start: {@code wsrep_sync_wait = 1} for
 * the caller's transaction, then back to the server's own setting (a pooled connection goes on as configured). A chunk's look-ups of sales already received and of members need it — the
 * node that led the feed before a failover committed through another Galera node, and a stale read would take its
 * sales for new ones or miss its members (the sales' unique key still refuses a sale twice, but later and slower). On a server without Galera
 * the variable exists and changes nothing.
 */
@NamedInterface("api")
public final class CausalReads {

    private CausalReads() {
    }

    /** Runs {@code work} with causal reads, in the caller's transaction (the connection is the transaction's). */
    public static <T> T during(JdbcTemplate jdbc, Supplier<T> work) {
        jdbc.execute("SET SESSION wsrep_sync_wait = 1");
        try {
            return work.get();
        } finally {
            jdbc.execute("SET SESSION wsrep_sync_wait = DEFAULT");
        }
    }
}
