package io.poshub.mapping;

import java.time.Period;
import org.springframework.modulith.NamedInterface;

/**
 * A mapping's {@code loyalty} block, checked (contract §18): how long an earn stays pending before it can be spent,
 * when points expire, and whether pending points wait for their store-day to close balanced as well.
 */
@NamedInterface("api")
public record PointsLife(int pendingDays, Expiry expiry, Period expiryPeriod, MatureOn matureOn) {

    /** {@code none}; {@code rolling P12M}: each earn that long after it was earned; {@code inactivity P24M}: all of a member's points after that long without an earn or a redemption. */
    @NamedInterface("api")
    public enum Expiry { NONE, ROLLING, INACTIVITY }

    /** {@code window}: pending points mature when the pending days are over; {@code dayClose}: and their store-day closed BALANCED. */
    @NamedInterface("api")
    public enum MatureOn { WINDOW, DAY_CLOSE }

    /** What a mapping without a {@code loyalty} block has: points usable at once that never expire. */
    public static final PointsLife DEFAULT = new PointsLife(0, Expiry.NONE, null, MatureOn.WINDOW);

    /** Whether an earn waits at all before it can be spent. */
    public boolean pends() {
        return pendingDays > 0 || matureOn == MatureOn.DAY_CLOSE;
    }
}
