package io.poshub.giftcard;

import io.poshub.common.NotFound;
import io.poshub.common.Utc;
import io.poshub.db.Placeholders;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which member a gift card belongs to (#32): registered by the caller that knows the member (the member module checks
 * it is the merchant's and active); a merge moves the merged member's cards to the survivor. Spending a card needs no
 * owner.
 */
@NamedInterface("api")
@Service
public class GiftCardOwners {

    private final JdbcTemplate jdbc;
    private final GiftCards cards;

    GiftCardOwners(JdbcTemplate jdbc, GiftCards cards) {
        this.jdbc = jdbc;
        this.cards = cards;
    }

    /** A member's card as its page and export show it. */
    @NamedInterface("api")
    public record OwnedCard(String number, CardState state, String currency, long balance, String store, Instant activatedAt) {
    }

    /**
     * Registers the merchant's card to the member (again: the same; to another member: now that one's).
     *
     * @throws NotFound when the merchant has no such card
     */
    public OwnedCard register(String merchant, String number, long memberId) {
        String checked = cards.number(merchant, number);
        if (jdbc.update("UPDATE gift_card SET owner_member_id = ? WHERE merchant = ? AND number = ?", memberId, merchant, checked) == 0) {
            throw new NotFound("merchant " + merchant + " has no gift card " + GiftCards.masked(checked));
        }
        return jdbc.queryForObject(SELECT + " WHERE merchant = ? AND number = ?", OWNED, merchant, checked);
    }

    /** The member's cards, newest first. */
    public List<OwnedCard> ofMember(long memberId) {
        return jdbc.query(SELECT + " WHERE owner_member_id = ? ORDER BY activated_at DESC, id DESC", OWNED, memberId);
    }

    private static final String SELECT = "SELECT number, state, currency, balance, store, activated_at FROM gift_card";

    private static final RowMapper<OwnedCard> OWNED = (rs, n) -> new OwnedCard(rs.getString(1), CardState.valueOf(rs.getString(2)),
            rs.getString(3), rs.getLong(4), rs.getString(5), Utc.instant(rs.getTimestamp(6)));

    /** What a card's owner is told of an activity on it (contract §22): its card masked, amounts in minor units. */
    @NamedInterface("api")
    public record ActivityReceipt(long activityId, String merchant, String card, String type, long amount, long balanceAfter,
                                  String currency, String store, Instant at) {
    }

    /** The member a card belongs to, and the card's merchant. */
    @NamedInterface("api")
    public record Owner(long memberId, String merchant) {
    }

    /**
     * Of these activities, those a receipt goes out for — an activation, load or redemption of a card that has an owner —
     * and the owner of each.
     */
    public Map<Long, Owner> receiptsOf(Collection<Long> activityIds) {
        Map<Long, Owner> owners = new HashMap<>();
        if (activityIds.isEmpty()) {
            return owners;
        }
        jdbc.query("SELECT a.id, c.owner_member_id, c.merchant FROM gift_card_activity a JOIN gift_card c ON c.id = a.gift_card_id"
                + " WHERE a.id IN (" + Placeholders.list(activityIds.size()) + ") AND a.type IN ('ACTIVATE', 'LOAD', 'REDEEM')"
                + " AND c.owner_member_id IS NOT NULL", rs -> {
                    owners.put(rs.getLong(1), new Owner(rs.getLong(2), rs.getString(3)));
                }, activityIds.toArray());
        return owners;
    }

    /** The activity as its receipt shows it. */
    public Optional<ActivityReceipt> receipt(long activityId) {
        return jdbc.query("""
                SELECT a.id, c.merchant, c.number, a.type, a.amount, a.balance_after, c.currency, a.store, a.created_at
                  FROM gift_card_activity a JOIN gift_card c ON c.id = a.gift_card_id WHERE a.id = ?
                """, (rs, n) -> new ActivityReceipt(rs.getLong(1), rs.getString(2), GiftCards.masked(rs.getString(3)), rs.getString(4),
                rs.getLong(5), rs.getLong(6), rs.getString(7), rs.getString(8), Utc.instant(rs.getTimestamp(9))), activityId)
                .stream().findFirst();
    }

    /** A merge: the merged member's cards become the survivor's, in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void moveOwner(long fromId, long intoId) {
        jdbc.update("UPDATE gift_card SET owner_member_id = ? WHERE owner_member_id = ?", intoId, fromId);
    }
}
