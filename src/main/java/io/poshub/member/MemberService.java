package io.poshub.member;

import io.poshub.cards.CardKind;
import io.poshub.cards.CardRanges;
import io.poshub.common.Conflict;
import io.poshub.csv.Values;
import io.poshub.db.Inserts;
import io.poshub.loyalty.Programs;
import io.poshub.mapping.MemberKey;

import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Creating members: by the API, and by a mapping whose unknown-member policy is {@code create}. */
@NamedInterface("api")
@Service
public class MemberService {

    private static final int CARD_ATTEMPTS = 5;

    private final JdbcTemplate jdbc;
    private final CardNumbers cards;
    private final ApplicationEventPublisher events;
    private final Programs programs;
    private final MemberRepository repository;
    private final CardRanges ranges;

    public MemberService(JdbcTemplate jdbc, CardNumbers cards, ApplicationEventPublisher events, Programs programs,
                         MemberRepository repository, CardRanges ranges) {
        this.ranges = ranges;
        this.repository = repository;
        this.programs = programs;
        this.jdbc = jdbc;
        this.cards = cards;
        this.events = events;
    }

    /** A member to create; everything but the merchant is optional. Keys are normalised here. */
    public record NewMember(String merchant, String externalId, String cardNumber, String phone, String email,
                            String firstName, String lastName, String tier) {
    }

    /**
     * Creates the member with its own card number or, when it has none, a new random one (from the merchant's member card
     * range, when it has one).
     *
     * @throws io.poshub.cards.CardOutOfRange when the card is outside the merchant's member card ranges
     * @throws Conflict when the card number or external id already belongs to a member of the merchant
     * @throws IllegalArgumentException when a value is not usable (phone, email, tier)
     */
    @Transactional
    public long create(NewMember m, String phoneRegion) {
        String phone = MemberKeys.requirePhone(m.phone(), phoneRegion);
        String email = MemberKeys.requireEmail(m.email());
        String tier = programs.of(m.merchant()).tier(m.tier());
        String card = MemberKeys.card(m.cardNumber());
        if (card != null) {
            ranges.check(m.merchant(), CardKind.MEMBER, card);
        }
        long id = insert(m.merchant(), MemberKeys.externalId(m.externalId()), MemberKeys.card(m.cardNumber()), phone, email,
                Values.blankToNull(m.firstName()), Values.blankToNull(m.lastName()), tier);
        events.publishEvent(MembersArrived.of(m.merchant(), id));
        return id;
    }

    /**
     * A member for a sale whose keys matched nobody, under the {@code create} policy: the sale's card when it
     * has one (so the customer's next sale with it matches), else a new card.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long createFromSale(String merchant, MemberKeys keys) {
        String lowest = programs.of(merchant).tier(null);
        // A sale's card outside the ranges was rejected before it came here; were one to come, it gets a card drawn anew.
        String card = ranges.whyOutOfRange(merchant, CardKind.MEMBER, keys.get(MemberKey.CARD)) == null ? keys.get(MemberKey.CARD) : null;
        try {
            return insert(merchant, keys.get(MemberKey.EXTERNAL_ID), card, keys.get(MemberKey.PHONE),
                    keys.get(MemberKey.EMAIL), null, null, lowest);
        } catch (Conflict e) {
            // Made since the sale was matched (another feed, a till's swipe): the sale is that member's.
            Optional<Long> owner = activeOwner(merchant, keys);
            if (owner.isPresent()) {
                return owner.get();
            }
            // The key belongs to an inactive member: the new member gets a card of its own and no external id.
            return insert(merchant, null, null, keys.get(MemberKey.PHONE), keys.get(MemberKey.EMAIL), null, null, lowest);
        }
    }

    /**
     * The ACTIVE member (or the survivor of a merged one) holding the sale's card or external id. A locking read: it sees
     * a member committed after this transaction's first read, as the insert that found its key taken did.
     */
    private Optional<Long> activeOwner(String merchant, MemberKeys keys) {
        List<Object[]> found = jdbc.query("""
                SELECT id, status, merged_into FROM member
                 WHERE merchant = ? AND (card_number = ? OR external_id = ?)
                 LOCK IN SHARE MODE
                """, (rs, n) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getObject(3, Long.class)}, merchant,
                keys.get(MemberKey.CARD), keys.get(MemberKey.EXTERNAL_ID));
        for (Object[] member : found) {
            if ("ACTIVE".equals(member[1])) {
                return Optional.of((Long) member[0]);
            }
            if ("MERGED".equals(member[1]) && member[2] != null) {
                Optional<Long> survivor = repository.survivor((Long) member[2]);
                if (survivor.isPresent()) {
                    return survivor;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Inserts a member at {@code tier} (one of its program's; with no points yet it is both the assigned and the
     * effective tier), drawing a card number when it has none.
     */
    private long insert(String merchant, String externalId, String card, String phone, String email,
                        String firstName, String lastName, String tier) {
        for (int attempt = 1; ; attempt++) {
            String cardNumber = card != null ? card : ranges.drawMemberCard(merchant).orElseGet(cards::next);
            try {
                return Inserts.returningKey(jdbc, """
                        INSERT INTO member (merchant, external_id, card_number, phone_e164, email, first_name, last_name,
                                            tier, assigned_tier)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, merchant, externalId, cardNumber, phone, email, firstName, lastName, tier, tier);
            } catch (DuplicateKeyException e) {
                String what = String.valueOf(e.getMessage());
                if (what.contains("uk_member_external_id")) {
                    throw new Conflict("external id " + externalId + " already belongs to a member of merchant " + merchant);
                }
                if (card != null) {
                    throw new Conflict("card number " + MemberKeys.mask(card) + " already belongs to a member of merchant " + merchant);
                }
                if (attempt == CARD_ATTEMPTS) {
                    throw new IllegalStateException("no free card number after " + CARD_ATTEMPTS + " draws", e);
                }
            }
        }
    }
}
