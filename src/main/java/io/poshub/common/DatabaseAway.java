package io.poshub.common;

import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * The database out of reach for a moment — down, restarting, failing over, refusing a write — as opposed to a defect.
 * The work is done again (a till retries with its key, a feed on its next poll, a periodic job on its next turn), so it
 * is a warning in one line, not an error with a stack trace that reads like a failure.
 */
public final class DatabaseAway {

    private DatabaseAway() {
    }

    /** Whether the failure, or one of its causes, is the database out of reach. */
    public static boolean is(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
                    || cause instanceof CannotCreateTransactionException || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException) {
                return true;
            }
        }
        return false;
    }
}
