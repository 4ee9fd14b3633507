package io.poshub.loyalty;

import io.poshub.common.InvalidField;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The daily maturing and expiry run (contract §18): its runs for everyone who reads the hub, a run as of a day for admins. */
@Tag(name = "Rewards")
@RestController
class PointsRunController {

    private final PointsRun run;
    private final Clock clock;

    PointsRunController(PointsRun run, Clock clock) {
        this.run = run;
        this.clock = clock;
    }

    @Operation(summary = "Mature and expire points as of a day", description = "Everything due by the end of asOf (UTC): pending"
            + " points past their window mature, points past their expiry expire (EXPIRE entries). Idempotent — a second run as of"
            + " the same day finds nothing more")
    @PostMapping("/api/loyalty/run")
    PointsRun.Run run(@Parameter(description = "default: yesterday, as the daily run") @RequestParam(required = false)
                      @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf, Principal who) {
        return run.now(asOf == null ? LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(1) : asOf, who.getName());
    }

    @Operation(summary = "Check every member's points account against its ledger", description = "The accounts make a balance one"
            + " read; the ledger stays the truth. Answers the first 100 members whose account disagrees (none: all agree)")
    @PostMapping("/api/loyalty/check")
    PointsRun.Check check() {
        return run.check();
    }

    @Operation(summary = "The maturing and expiry run's latest runs")
    @GetMapping("/api/loyalty/runs")
    List<PointsRun.Run> runs(@RequestParam(defaultValue = "30") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new InvalidField("limit", "limit must be between 1 and 1000");
        }
        return run.latest(limit);
    }
}
