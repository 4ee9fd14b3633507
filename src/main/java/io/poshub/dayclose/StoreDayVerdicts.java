package io.poshub.dayclose;

import io.poshub.loyalty.ClosedDays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** The day close's answer to loyalty: which store days did not close BALANCED, and why their points still wait. */
@Component
class StoreDayVerdicts implements ClosedDays {

    private final DayClose dayClose;

    StoreDayVerdicts(DayClose dayClose) {
        this.dayClose = dayClose;
    }

    @Override
    public Map<StoreDay, String> notBalanced(Set<StoreDay> days) {
        Map<StoreDay, String> waiting = new HashMap<>();
        for (StoreDay day : days) {
            DayClose.Status status = dayClose.compute(day.merchant(), day.store(), day.date()).status();
            if (status != DayClose.Status.BALANCED) {
                waiting.put(day, "store " + day.store() + " day " + day.date() + " is " + status + switch (status) {
                    case MISMATCH -> " against its Z-report";
                    case MISSING_Z -> ": no Z-report yet";
                    case MISSING_SALES -> ": the Z-report counts tickets the hub has not received";
                    case BALANCED -> "";
                });
            }
        }
        return waiting;
    }
}
