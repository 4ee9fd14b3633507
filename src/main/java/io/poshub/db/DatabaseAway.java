package io.poshub.db;

import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database out of reach for a moment — down, restarting, failing over, refusing a write — as opposed to a defect.
 * The work is done again (a till retries with its key, a feed on its next poll, a periodic job on its next turn), so it
 * is a warning in one line, not an error with a stack trace that reads like a failure.
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseAway {

    private static final Logger log = LoggerFactory.getLogger(DatabaseAway.class);

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

    /** A periodic job that could not reach the database runs again on its next turn: a warning; any other failure an error. */
    @Bean
    ThreadPoolTaskSchedulerCustomizer databaseAwayInScheduledJobs() {
        return scheduler -> scheduler.setErrorHandler(failure -> {
            if (is(failure)) {
                log.warn("A periodic job could not reach the database and runs again on its next turn: {}", failure.getMessage());
            } else {
                log.error("A periodic job failed", failure);
            }
        });
    }
}
