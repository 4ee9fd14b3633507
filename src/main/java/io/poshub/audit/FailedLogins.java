package io.poshub.audit;

import io.poshub.common.Names;
import java.time.Clock;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/** A failed login in the trail: the name tried (cut, printable), the address it came from, and why it failed. */
@Component
class FailedLogins {

    static final String ACTION = "LOGIN_FAILED";

    private final AuditTrail trail;
    private final Clock clock;

    FailedLogins(AuditTrail trail, Clock clock) {
        this.trail = trail;
        this.clock = clock;
    }

    @EventListener
    void failed(AbstractAuthenticationFailureEvent event) {
        Object details = event.getAuthentication().getDetails();
        String address = details instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : "unknown";
        String name = event.getAuthentication().getName();
        trail.record(clock.instant(), name == null || name.isBlank() ? "(no name)" : Names.shown(name), ACTION, address, 401,
                Map.of("reason", event.getException().getClass().getSimpleName()));
    }
}
