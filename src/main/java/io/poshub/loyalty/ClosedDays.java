package io.poshub.loyalty;

import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import org.springframework.modulith.NamedInterface;

/**
 * The day close's word on store days, for points that mature only once their day closed BALANCED against its Z-report
 * ({@code matureOn: dayClose}, contract §18). The day close answers it; loyalty does not reach into its tables.
 */
@NamedInterface("api")
public interface ClosedDays {

    /** A merchant's store on one business day. */
    @NamedInterface("api")
    record StoreDay(String merchant, String store, LocalDate date) {
    }

    /** Of the days asked, those that did not close BALANCED, each with why (e.g. "store 001 day 2026-11-02 is MISMATCH"). */
    Map<StoreDay, String> notBalanced(Set<StoreDay> days);
}
