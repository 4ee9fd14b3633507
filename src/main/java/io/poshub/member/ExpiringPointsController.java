package io.poshub.member;

import io.poshub.common.InvalidField;
import io.poshub.loyalty.Ledger;
import io.poshub.web.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The members whose points expire soon, for the chain's CRM to remind them (contract §18): as JSON, or as a CSV file to
 * load into the CRM. Member id, the chain's own id, how many points and when the first of them go — no other personal
 * data.
 */
@Tag(name = "Members")
@RestController
class ExpiringPointsController {

    /** A member whose points expire soon. */
    @Schema(name = "ExpiringPoints")
    record Expiring(@Schema(example = "60") long memberId, @Schema(example = "C-10042") String externalId,
                    @Schema(example = "340") long points, Instant firstAt) {
    }

    private final Ledger ledger;
    private final MemberRepository members;
    private final Caller caller;
    private final Clock clock;

    ExpiringPointsController(Ledger ledger, MemberRepository members, Caller caller, Clock clock) {
        this.ledger = ledger;
        this.members = members;
        this.caller = caller;
        this.clock = clock;
    }

    @Operation(summary = "Members whose points expire in the next days", description = "By a rolling expiry, or all their unspent"
            + " points by the inactivity rule; the fewest days left first")
    @GetMapping(path = "/api/loyalty/expiring", produces = MediaType.APPLICATION_JSON_VALUE)
    List<Expiring> expiring(@RequestParam(required = false) String merchant, @RequestParam(defaultValue = "30") int days) {
        if (days < 1 || days > 366) {
            throw new InvalidField("days", "days must be between 1 and 366");
        }
        List<Ledger.MemberExpiring> found = ledger.expiring(caller.merchant(merchant), clock.instant().plus(Duration.ofDays(days)));
        Map<Long, String> externalIds = members.externalIds(found.stream().map(Ledger.MemberExpiring::memberId).toList());
        return found.stream().map(e -> new Expiring(e.memberId(), externalIds.get(e.memberId()), e.points(), e.firstAt())).toList();
    }

    @Operation(summary = "Members whose points expire in the next days, as CSV")
    @ApiResponse(responseCode = "200", description = "memberId,externalId,points,firstAt — one line per member",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
    @GetMapping(path = "/api/loyalty/expiring", produces = "text/csv")
    String expiringCsv(@RequestParam(required = false) String merchant, @RequestParam(defaultValue = "30") int days) {
        StringBuilder csv = new StringBuilder("memberId,externalId,points,firstAt\r\n");
        for (Expiring e : expiring(merchant, days)) {
            csv.append(e.memberId()).append(',').append(e.externalId() == null ? "" : quoted(e.externalId())).append(',')
                    .append(e.points()).append(',').append(e.firstAt()).append("\r\n");
        }
        return csv.toString();
    }

    /** A value as a CSV field: quoted when it holds a separator, a quote or a line break, or could be read as a formula. */
    private static String quoted(String value) {
        String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return safe.matches(".*[,\"\r\n].*") ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }
}
