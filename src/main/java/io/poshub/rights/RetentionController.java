package io.poshub.rights;

import io.poshub.audit.AuditDetails;
import io.poshub.common.InvalidField;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The retention sweep (contract §17): its runs for everyone who reads the hub, a run now for admins. */
@Tag(name = "Members' rights")
@RestController
class RetentionController {

    private final Retention retention;

    RetentionController(Retention retention) {
        this.retention = retention;
    }

    @Operation(summary = "Run the retention sweep now", description = "Removes raw reject lines, kept files and unassigned parked"
            + " sales past poshub.retention.*; idempotent — a second run finds nothing more")
    @PostMapping("/api/retention/run")
    Retention.Run run(Principal who) {
        Retention.Run run = retention.now(who.getName());
        AuditDetails.note("rejectLines", run.rejectLines());
        AuditDetails.note("files", run.files());
        AuditDetails.note("parkedSales", run.parkedSales());
        return run;
    }

    @Operation(summary = "The retention sweep's latest runs and what each removed")
    @GetMapping("/api/retention/runs")
    List<Retention.Run> runs(@RequestParam(defaultValue = "30") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new InvalidField("limit", "limit must be between 1 and 1000");
        }
        return retention.latest(limit);
    }
}
