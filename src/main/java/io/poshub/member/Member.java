package io.poshub.member;

import io.poshub.loyalty.Ledger;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import org.springframework.modulith.NamedInterface;

/**
 * A loyalty member as the API shows it; {@code balance} is what the member can spend and {@code pending} what waits to
 * mature (together the sum of the member's ledger). {@code status} is ACTIVE,
 * INACTIVE, MERGED or ERASED; a MERGED member names the member it was merged into, an ERASED one keeps no personal field
 * and says when it was erased.
 */
@NamedInterface("api")
public record Member(
        long id,
        String merchant,
        String externalId,
        String cardNumber,
        String phone,
        String email,
        String firstName,
        String lastName,
        String tier,
        String status,
        Long mergedInto,
        boolean marketingConsent,
        @Schema(allowableValues = {"EMAIL", "SMS", "NONE"}, description = "How the member wants its receipts (contract §22)")
        String receiptConsent,
        long balance,
        long pending,
        Instant createdAt,
        Instant erasedAt) {

    Member withPoints(Ledger.Points points) {
        return new Member(id, merchant, externalId, cardNumber, phone, email, firstName, lastName, tier, status, mergedInto,
                marketingConsent, receiptConsent, points.balance(), points.pending(), createdAt, erasedAt);
    }
}
