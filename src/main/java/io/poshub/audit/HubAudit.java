package io.poshub.audit;

import java.time.Clock;
import java.util.Map;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;

/** What the hub itself did to people's data on its own schedule (the retention sweep), in the trail as actor {@code poshub}. */
@NamedInterface("api")
@Component
public class HubAudit {

    /** The actor of the hub's own work. */
    public static final String ACTOR = "poshub";

    private final AuditTrail trail;
    private final Clock clock;

    HubAudit(AuditTrail trail, Clock clock) {
        this.trail = trail;
        this.clock = clock;
    }

    /** Records the hub's own change: what it did ({@code action}), to what, and what changed (counts, never values). */
    public void record(String action, String target, Map<String, Object> detail) {
        trail.record(clock.instant(), ACTOR, action, target, 200, detail);
    }
}
