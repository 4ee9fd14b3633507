package io.poshub.giftcard;

import io.poshub.common.NotFound;
import io.poshub.common.Utc;
import java.time.Instant;
import java.util.List;
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

    /** A merge: the merged member's cards become the survivor's, in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void moveOwner(long fromId, long intoId) {
        jdbc.update("UPDATE gift_card SET owner_member_id = ? WHERE owner_member_id = ?", intoId, fromId);
    }
}
