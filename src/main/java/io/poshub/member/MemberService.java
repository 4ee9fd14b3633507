package io.poshub.member;

import io.poshub.csv.Values;
import io.poshub.loyalty.Programs;
import io.poshub.mapping.MemberKey;
import io.poshub.web.ConflictException;
import java.sql.Statement;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Creating members: by the API, and by a mapping whose unknown-member policy is {@code create}. */
@Service
public class MemberService {

    private static final int CARD_ATTEMPTS = 5;

    private final JdbcTemplate jdbc;
    private final CardNumbers cards;
    private final ApplicationEventPublisher events;
    private final Programs programs;

    public MemberService(JdbcTemplate jdbc, CardNumbers cards, ApplicationEventPublisher events, Programs programs) {
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
     * Creates the member with its own card number or, when it has none, a new random one.
     *
     * @throws ConflictException when the card number or external id already belongs to a member of the merchant
     * @throws IllegalArgumentException when a value is not usable (phone, email, tier)
     */
    @Transactional
    public long create(NewMember m, String phoneRegion) {
        String phone = MemberKeys.requirePhone(m.phone(), phoneRegion);
        String email = MemberKeys.requireEmail(m.email());
        String tier = programs.of(m.merchant()).tier(m.tier());
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
        try {
            return insert(merchant, keys.get(MemberKey.EXTERNAL_ID), keys.get(MemberKey.CARD), keys.get(MemberKey.PHONE),
                    keys.get(MemberKey.EMAIL), null, null, lowest);
        } catch (ConflictException e) {
            // The key belongs to an inactive member: the new member gets a card of its own and no external id.
            return insert(merchant, null, null, keys.get(MemberKey.PHONE), keys.get(MemberKey.EMAIL), null, null, lowest);
        }
    }

    /**
     * Inserts a member at {@code tier} (one of its program's; with no points yet it is both the assigned and the
     * effective tier), drawing a card number when it has none.
     */
    private long insert(String merchant, String externalId, String card, String phone, String email,
                        String firstName, String lastName, String tier) {
        for (int attempt = 1; ; attempt++) {
            String cardNumber = card != null ? card : cards.next();
            try {
                GeneratedKeyHolder key = new GeneratedKeyHolder();
                jdbc.update(con -> {
                    var ps = con.prepareStatement("""
                            INSERT INTO member (merchant, external_id, card_number, phone_e164, email, first_name, last_name,
                                                tier, assigned_tier)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """, Statement.RETURN_GENERATED_KEYS);
                    ps.setString(1, merchant);
                    ps.setString(2, externalId);
                    ps.setString(3, cardNumber);
                    ps.setString(4, phone);
                    ps.setString(5, email);
                    ps.setString(6, firstName);
                    ps.setString(7, lastName);
                    ps.setString(8, tier);
                    ps.setString(9, tier);
                    return ps;
                }, key);
                return key.getKey().longValue();
            } catch (DuplicateKeyException e) {
                String what = String.valueOf(e.getMessage());
                if (what.contains("uk_member_external_id")) {
                    throw new ConflictException("external id " + externalId + " already belongs to a member of merchant " + merchant);
                }
                if (card != null) {
                    throw new ConflictException("card number " + MemberKeys.mask(card) + " already belongs to a member of merchant " + merchant);
                }
                if (attempt == CARD_ATTEMPTS) {
                    throw new IllegalStateException("no free card number after " + CARD_ATTEMPTS + " draws", e);
                }
            }
        }
    }
}
