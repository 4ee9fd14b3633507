package io.poshub.db;

import java.sql.SQLTransientConnectionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.modulith.NamedInterface;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs a transaction again when the database chose it to give way: an InnoDB deadlock or a Galera certification
 * conflict (both MariaDB error 1213) or a lock wait timeout (1205) — Spring's {@link PessimisticLockingFailureException}.
 * The transaction was rolled back whole, so running it again is safe; a till's call then answers as if nothing had
 * happened instead of with a 500. Waits 10–20 ms, 20–40 ms, … (up to 1.3–2.6 s in all) between tries (random, so two
 * losers do not meet again).
 */
@NamedInterface("api")
public final class Conflicts {

    /** Tries in all before the conflict is passed on. */
    public static final int ATTEMPTS = 8;

    private Conflicts() {
    }

    public static <T> T retry(Supplier<T> transaction) {
        return retry(transaction, Conflicts::gaveWay);
    }

    /**
     * As {@link #retry}, and also when the database node went away under the work and the driver moved its connection
     * to another node ({@code sequential} URL: {@link SQLTransientConnectionException}, "in progress transaction was
     * lost"), or no connection came free while the cluster stood still for a node leaving. Only for work that cannot
     * count twice: a read, or a transaction that stores its Idempotency-Key with its work — when the lost one did
     * commit (the node died after it certified), the next try finds the key and answers the same.
     */
    public static <T> T retryIdempotent(Supplier<T> transaction) {
        return retry(transaction, failure -> gaveWay(failure) || movedNode(failure));
    }

    private static <T> T retry(Supplier<T> transaction, Predicate<RuntimeException> again) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            // Inside a transaction a conflict has rolled all of it back: the work is run again by whoever runs that
            // transaction, whole, not this part of it in what is left.
            return transaction.get();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (RuntimeException failure) {
                if (attempt == ATTEMPTS || !again.test(failure)) {
                    throw failure;
                }
                long wait = 10L << (attempt - 1);
                try {
                    Thread.sleep(wait + ThreadLocalRandom.current().nextLong(wait + 1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw failure;
                }
            }
        }
    }

    private static boolean gaveWay(RuntimeException failure) {
        return failure instanceof PessimisticLockingFailureException;
    }

    /** The driver reconnected to another node (at a statement or at the commit, which Spring reports either way). */
    private static boolean movedNode(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException) {
                return true;
            }
        }
        return false;
    }
}
