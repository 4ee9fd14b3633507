package io.poshub.dayclose;

import java.time.LocalDate;
import org.springframework.modulith.NamedInterface;

/**
 * A store-day's close was computed again (contract §13, §22): published inside the transaction that keeps its status,
 * under the lock of its {@code day_close} row, so what listens sees one computation of a store-day at a time.
 *
 * @param mapping the store-day's Z-report mapping, null without a Z-report
 */
@NamedInterface("api")
public record StoreDayComputed(String merchant, String store, LocalDate date, DayClose.Status status, String mapping) {

    /** Whether the store-day is closed for its books: its Z-report came and no ticket it counts is missing. */
    public boolean closed() {
        return status == DayClose.Status.BALANCED || status == DayClose.Status.MISMATCH;
    }
}
