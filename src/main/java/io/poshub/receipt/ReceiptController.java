package io.poshub.receipt;

import io.poshub.common.Conflict;
import io.poshub.common.InvalidField;
import io.poshub.common.NotFound;
import io.poshub.common.Utc;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The receipts' outbox as the console shows it (contract §22): how many wait, went and failed, and the latest of a state
 * with the reason of the last try ({@code GET /api/receipts}, VIEWER and above); a FAILED receipt tried again from the
 * start ({@code POST /api/receipts/{id}/retry}, OPERATOR) once its cause is mended — a template, the provider, the address.
 */
@Tag(name = "Receipts")
@RestController
class ReceiptController {

    private static final int MAX_LIMIT = 500;
    private static final List<String> STATES = List.of("PENDING", "SENT", "FAILED");

    private static final String SELECT = """
            SELECT id, member_id, merchant, kind, source_id, channel, state, tries, last_error, created_at, next_at, sent_at
              FROM receipt_outbox""";
    private static final RowMapper<Receipt> RECEIPT = (rs, n) -> new Receipt(rs.getLong(1), rs.getLong(2), rs.getString(3),
            rs.getString(4), rs.getLong(5), rs.getString(6), rs.getString(7), rs.getInt(8), rs.getString(9),
            Utc.instant(rs.getTimestamp(10)), Utc.instant(rs.getTimestamp(11)), Utc.instant(rs.getTimestamp(12)));

    private final JdbcTemplate jdbc;

    ReceiptController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Schema(name = "OutgoingReceipt", description = "One e-receipt of the outbox: for a SALE (sourceId: the sale) or a GIFT_CARD activity "
            + "(sourceId: the activity), by EMAIL or SMS; lastError says why the last try failed, without the address")
    record Receipt(long id, long memberId, String merchant, String kind, long sourceId, String channel, String state, int tries,
                   String lastError, Instant createdAt, Instant nextAt, Instant sentAt) {
    }

    @Schema(name = "OutgoingReceipts", description = "How many e-receipts are PENDING, SENT and FAILED, and the latest of the state asked for")
    record Receipts(Map<String, Long> counts, List<Receipt> receipts) {
    }

    @Operation(summary = "The e-receipts' outbox: counts by state, and the latest receipts of one state",
            description = "A receipt is written when a sale is booked to a member who wants receipts (receiptConsent EMAIL or SMS), or "
                    + "a gift card the member owns is activated, loaded or redeemed; it is PENDING until sent (SENT), or FAILED after "
                    + "poshub.receipts.max-tries tries or at once when the address or the SMS provider refused it for good.")
    @GetMapping("/api/receipts")
    Receipts receipts(@RequestParam(defaultValue = "FAILED") String state, @RequestParam(defaultValue = "50") int limit,
                      @RequestParam(required = false) String merchant) {
        String wanted = state.toUpperCase(Locale.ROOT);
        if (!STATES.contains(wanted)) {
            throw new InvalidField("state", "state must be PENDING, SENT or FAILED, not '" + state + "'");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidField("limit", "limit must be 1 to " + MAX_LIMIT);
        }
        boolean all = merchant == null || merchant.isBlank();
        Object[] ofMerchant = all ? new Object[0] : new Object[] {merchant};
        Map<String, Long> counts = new TreeMap<>();
        STATES.forEach(s -> counts.put(s, 0L));
        jdbc.query("SELECT state, COUNT(*) FROM receipt_outbox" + (all ? "" : " WHERE merchant = ?") + " GROUP BY state", rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        }, ofMerchant);
        List<Receipt> receipts = all
                ? jdbc.query(SELECT + " WHERE state = ? ORDER BY id DESC LIMIT ?", RECEIPT, wanted, limit)
                : jdbc.query(SELECT + " WHERE state = ? AND merchant = ? ORDER BY id DESC LIMIT ?", RECEIPT, wanted, merchant, limit);
        return new Receipts(counts, receipts);
    }

    @Operation(summary = "Try a FAILED receipt again, from its first try",
            description = "For a receipt that failed for a cause since mended (a template fixed, the provider back, the member's "
                    + "address corrected). Only a FAILED receipt: 409 for one PENDING or SENT.")
    @PostMapping("/api/receipts/{id}/retry")
    Receipt retry(@PathVariable long id) {
        int changed = jdbc.update("""
                UPDATE receipt_outbox SET state = 'PENDING', tries = 0, next_at = UTC_TIMESTAMP(3), claimed_by = NULL, claimed_until = NULL
                 WHERE id = ? AND state = 'FAILED'
                """, id);
        List<Receipt> found = jdbc.query(SELECT + " WHERE id = ?", RECEIPT, id);
        if (found.isEmpty()) {
            throw new NotFound("no receipt with id " + id);
        }
        if (changed == 0) {
            throw new Conflict("receipt " + id + " is " + found.get(0).state() + ", not FAILED");
        }
        return found.get(0);
    }
}
