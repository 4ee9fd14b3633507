package io.poshub.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DeadlockLoserDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

class ConflictsTest {

    @Test
    void aTransactionChosenToGiveWayRunsAgainUntilItCommits() {
        AtomicInteger tries = new AtomicInteger();
        String answer = Conflicts.retry(() -> {
            int attempt = tries.incrementAndGet();
            if (attempt == 1) {
                throw new DeadlockLoserDataAccessException("1213 Deadlock found (a Galera certification conflict)", null);
            }
            if (attempt == 2) {
                throw new CannotAcquireLockException("1205 Lock wait timeout exceeded");
            }
            return "committed on try " + attempt;
        });
        assertThat(answer).isEqualTo("committed on try 3");
    }

    @Test
    void aConflictThatKeepsComingIsPassedOnAfterTheLastTry() {
        AtomicInteger tries = new AtomicInteger();
        assertThatThrownBy(() -> Conflicts.retry(() -> {
            tries.incrementAndGet();
            throw new DeadlockLoserDataAccessException("1213", null);
        })).isInstanceOf(DeadlockLoserDataAccessException.class);
        assertThat(tries).hasValue(Conflicts.ATTEMPTS);
    }

    @Test
    void insideATransactionAConflictGoesToWhoeverRunsItWhole() {
        AtomicInteger tries = new AtomicInteger();
        TransactionSynchronizationManager.setActualTransactionActive(true);
        try {
            assertThatThrownBy(() -> Conflicts.retry(() -> {
                tries.incrementAndGet();
                throw new DeadlockLoserDataAccessException("1213: the whole transaction was rolled back", null);
            })).isInstanceOf(DeadlockLoserDataAccessException.class);
        } finally {
            TransactionSynchronizationManager.setActualTransactionActive(false);
        }
        assertThat(tries).hasValue(1);
    }

    @Test
    void anyOtherFailureIsNotRetried() {
        AtomicInteger tries = new AtomicInteger();
        assertThatThrownBy(() -> Conflicts.retry(() -> {
            tries.incrementAndGet();
            throw new DataIntegrityViolationException("a real refusal");
        })).isInstanceOf(DataIntegrityViolationException.class);
        assertThat(tries).hasValue(1);
    }

    @Test
    void aKeyedTransactionRunsAgainWhenItsNodeWentAwayAndAnUnkeyedOneDoesNot() {
        AtomicInteger tries = new AtomicInteger();
        String answer = Conflicts.retryIdempotent(() -> {
            int attempt = tries.incrementAndGet();
            if (attempt == 1) {
                throw new TransientDataAccessResourceException("lost at a statement", new SQLTransientConnectionException(
                        "Driver has reconnect connection after a communications failure with address=(host=127.0.0.1)(port=3311)"));
            }
            if (attempt == 2) {
                throw new TransactionSystemException("Could not commit JDBC transaction", new SQLTransientConnectionException("lost at the commit"));
            }
            return "committed on try " + attempt;
        });
        assertThat(answer).isEqualTo("committed on try 3");

        AtomicInteger unkeyed = new AtomicInteger();
        assertThatThrownBy(() -> Conflicts.retry(() -> {
            unkeyed.incrementAndGet();
            throw new TransientDataAccessResourceException("lost", new SQLTransientConnectionException("moved"));
        })).isInstanceOf(TransientDataAccessResourceException.class);
        assertThat(unkeyed).as("a statement that is not keyed may have committed: it is not run again").hasValue(1);
    }
}
