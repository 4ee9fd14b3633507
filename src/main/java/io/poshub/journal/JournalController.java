package io.poshub.journal;

import io.poshub.common.InvalidField;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/journal} (contract §22; VIEWER and above): the journal versions of closed store-days. */
@Tag(name = "Journal")
@RestController
class JournalController {

    /** The longest span one call may ask for. */
    private static final int MAX_DAYS = 366;

    private final Journals journals;

    JournalController(Journals journals) {
        this.journals = journals;
    }

    @Schema(name = "JournalLine", description = "One account of a journal version: a debit or a credit, the other 0")
    record Line(String account, BigDecimal debit, BigDecimal credit) {
    }

    @Schema(name = "JournalVersion", description = "One version of a closed store-day's journal: an ENTRY, or the REVERSAL of the "
            + "entry before it; its lines balance. state: PENDING until poshub.journal.endpoint took it, then SENT")
    record Version(String merchant, String store, LocalDate date, int version, String kind, String currency, String state, int tries,
                   String lastError, Instant createdAt, Instant sentAt, List<Line> lines) {
    }

    @Operation(summary = "The journals of closed store-days, every version",
            description = "Each closed store-day (its Z-report came and no ticket is missing) yields a balanced journal: revenue, "
                    + "tax, each tender, gift-card and points liability, rounding. A late file that changes a closed day adds the "
                    + "reversal of its last entry and a new entry, so a day's versions add up to its last. Amounts in the "
                    + "currency's units.")
    @GetMapping("/api/journal")
    List<Version> journal(@RequestParam LocalDate from, @RequestParam LocalDate to, @RequestParam(required = false) String store) {
        if (to.isBefore(from)) {
            throw new InvalidField("to", "to (" + to + ") is before from (" + from + ")");
        }
        if (to.isAfter(from.plusDays(MAX_DAYS))) {
            throw new InvalidField("to", "at most " + MAX_DAYS + " days at a time");
        }
        return journals.between(from, to, store == null || store.isBlank() ? null : store).stream()
                .map(v -> new Version(v.merchant(), v.store(), v.date(), v.version(), v.kind(), v.currency(), v.state(), v.tries(),
                        v.lastError(), v.createdAt(), v.sentAt(),
                        v.lines().stream().map(l -> new Line(l.account(), l.debit(), l.credit())).toList()))
                .toList();
    }
}
