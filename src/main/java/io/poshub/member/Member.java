package io.poshub.member;

import java.time.Instant;

/** A loyalty member as the API shows it; {@code balance} is the sum of the member's ledger. */
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
        long balance,
        Instant createdAt) {
}
