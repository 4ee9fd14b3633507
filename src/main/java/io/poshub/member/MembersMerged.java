package io.poshub.member;

import org.springframework.modulith.NamedInterface;

/**
 * A member was merged into another (contract §11): published inside the merge's transaction, so a listener that moves
 * what its module keeps for {@code fromId} over to {@code intoId} — {@code sale} its sales and parked sales — does so
 * in that transaction, and the merge commits whole or not at all.
 */
@NamedInterface("api")
public record MembersMerged(String merchant, long intoId, long fromId) {
}
