package io.poshub.audit;

import io.poshub.common.InvalidField;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit trail for admins: newest first, by person, action and time. */
@Tag(name = "Audit")
@RestController
class AuditController {

    private final AuditTrail trail;

    AuditController(AuditTrail trail) {
        this.trail = trail;
    }

    @Operation(summary = "Who changed what, and the failed logins (newest first)")
    @GetMapping("/api/audit")
    List<AuditTrail.AuditEvent> find(@RequestParam(required = false) String actor,
                                     @Parameter(description = "an operation id (memberChange, mappingSave, …) or LOGIN_FAILED")
                                     @RequestParam(required = false) String action,
                                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                                     @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new InvalidField("limit", "limit is 1 to 1000");
        }
        return trail.find(actor, action, from, to, limit);
    }
}
