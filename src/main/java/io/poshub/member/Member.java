package io.poshub.member;

import java.time.Instant;

/**
 * A loyalty member as the API shows it; {@code balance} is the sum of the member's ledger. {@code status} is ACTIVE,
 * INACTIVE or MERGED; a MERGED member names the member it was merged into.
 */
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
        long balance,
        Instant createdAt) {

    Member withBalance(long points) {
        return new Member(id, merchant, externalId, cardNumber, phone, email, firstName, lastName, tier, status, mergedInto,
                marketingConsent, points, createdAt);
    }
}
