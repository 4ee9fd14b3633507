package io.poshub.db;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.springframework.dao.PessimisticLockingFailureException;

/**
 * Runs a transaction again when the database chose it to give way: an InnoDB deadlock or a Galera certification
 * conflict (both MariaDB error 1213) or a lock wait timeout (1205) — Spring's {@link PessimisticLockingFailureException}.
 * The transaction was rolled back whole, so running it again is safe; a till's call then answers as if nothing had
 * happened instead of with a 500. Waits 10–20 ms, 20–40 ms, … (up to 1.3–2.6 s in all) between tries (random, so two
 * losers do not meet again).
 */
public final class Conflicts {

    /** Tries in all before the conflict is passed on. */
    public static final int ATTEMPTS = 8;

    private Conflicts() {
    }

    public static <T> T retry(Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (PessimisticLockingFailureException conflict) {
                if (attempt == ATTEMPTS) {
                    throw conflict;
                }
                long wait = 10L << (attempt - 1);
                try {
                    Thread.sleep(wait + ThreadLocalRandom.current().nextLong(wait + 1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw conflict;
                }
            }
        }
    }
}
