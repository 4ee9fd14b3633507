package io.poshub.giftcard;

import io.poshub.common.Conflict;
import io.poshub.common.InvalidField;
import io.poshub.common.Utc;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Offline authorizations (contract §12): the help desk gives a till that cannot reach the hub a six-character code
 * for one operation on one card and amount; a REDEEM code holds its amount on the card at once, so the card cannot be
 * spent twice meanwhile. Back online, the till posts the operation with the code: it books against the hold, once. A
 * code not used in time expires and its hold is released.
 */
@Service
public class GiftCardAuthorizations {

    private static final Logger log = LoggerFactory.getLogger(GiftCardAuthorizations.class);
    static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ23456789";
    private static final int CODE_ATTEMPTS = 5;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final GiftCardLedger ledger;
    private final GiftCardProperties properties;
    private final SecureRandom random = new SecureRandom();

    GiftCardAuthorizations(JdbcTemplate jdbc, TransactionTemplate tx, GiftCardLedger ledger, GiftCardProperties properties) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.ledger = ledger;
        this.properties = properties;
    }

    private record Authorization(long id, String number, String type, long amount, String code, String status, boolean holds,
                                 Instant expiresAt) {
    }

    private static final RowMapper<Authorization> AUTHORIZATION = (rs, n) -> new Authorization(rs.getLong("id"),
            rs.getString("number"), rs.getString("type"), rs.getLong("amount"), rs.getString("code"), rs.getString("status"),
            rs.getBoolean("holds"), Utc.instant(rs.getTimestamp("expires_at")));

    /**
     * A code for one operation on the card (admin). ACTIVATE: for a number never activated; LOAD and REDEEM: for an
     * ACTIVE card, and REDEEM holds the amount, which must be available.
     *
     * @throws Conflict when the card cannot take the operation
     */
    public GiftCardAnswers.Authorization authorize(String merchant, String number, String rawType, long amount) {
        String type = rawType == null ? "" : rawType.toUpperCase(Locale.ROOT);
        if (!List.of("ACTIVATE", "LOAD", "REDEEM").contains(type)) {
            throw new InvalidField("type", "type must be ACTIVATE, LOAD or REDEEM");
        }
        if (amount <= 0 && !type.equals("ACTIVATE") || amount < 0) {
            throw new InvalidField("amount", "amount must be a positive whole number of minor units");
        }
        return tx.execute(status -> {
            Optional<GiftCardLedger.Card> card = ledger.lock(merchant, number);
            if (type.equals("ACTIVATE") && card.isPresent()) {
                throw new Conflict("card " + GiftCards.masked(number) + " was already activated");
            }
            if (!type.equals("ACTIVATE") && (card.isEmpty() || card.get().state() != CardState.ACTIVE)) {
                throw new Conflict("card " + GiftCards.masked(number) + " is not an active card");
            }
            boolean holds = type.equals("REDEEM");
            if (holds) {
                if (card.get().available() < amount) {
                    throw new Conflict("card " + GiftCards.masked(number) + " has " + card.get().available()
                            + " available, short of the " + amount + " to hold");
                }
                jdbc.update("UPDATE gift_card SET held = held + ? WHERE id = ?", amount, card.get().id());
            }
            Instant expires = Instant.now().plus(properties.authorizationTtl());
            String code = insert(merchant, number, type, amount, holds, expires);
            log.info("Offline {} of {} authorized on gift card {} until {}", type, amount, GiftCards.masked(number), expires);
            return new GiftCardAnswers.Authorization(code, type, amount, expires);
        });
    }

    /**
     * Takes the code for this operation, in the caller's transaction (the card locked first): answers why it cannot
     * be used — unknown, used, expired (its hold released), or not for this card, operation and amount — or empty
     * when it is used now, its hold released for the operation to book against.
     */
    Optional<GiftCardAnswers.Decline> use(String merchant, String number, String type, long amount, String rawCode) {
        String code = rawCode.trim().toUpperCase(Locale.ROOT);
        Optional<Authorization> found = jdbc.query("""
                SELECT * FROM gift_card_authorization WHERE merchant = ? AND code = ? FOR UPDATE
                """, AUTHORIZATION, merchant, code).stream().findFirst();
        if (found.isEmpty()) {
            return declined(GiftCardAnswers.Reason.AUTH_CODE_UNKNOWN, "authorization code " + code + " is not known");
        }
        Authorization auth = found.get();
        if (!"OPEN".equals(auth.status())) {
            return "USED".equals(auth.status())
                    ? declined(GiftCardAnswers.Reason.AUTH_CODE_USED, "authorization code " + code + " was used already")
                    : declined(GiftCardAnswers.Reason.AUTH_CODE_EXPIRED, "authorization code " + code + " was expired");
        }
        if (!auth.expiresAt().isAfter(Instant.now())) {
            close(merchant, auth, "EXPIRED");
            return declined(GiftCardAnswers.Reason.AUTH_CODE_EXPIRED, "authorization code " + code + " expired at " + auth.expiresAt());
        }
        if (!auth.number().equals(number) || !auth.type().equals(type) || auth.amount() != amount) {
            return declined(GiftCardAnswers.Reason.AUTH_CODE_MISMATCH, "authorization code " + code + " is for another card, operation or amount");
        }
        close(merchant, auth, "USED");
        return Optional.empty();
    }

    private static Optional<GiftCardAnswers.Decline> declined(GiftCardAnswers.Reason reason, String detail) {
        return Optional.of(new GiftCardAnswers.Decline(false, reason, detail, null));
    }

    /** Releases the holds of codes that expired unused; answers how many. */
    @Scheduled(fixedDelayString = "${poshub.gift-cards.hold-sweep-interval:1m}", initialDelayString = "${poshub.gift-cards.hold-sweep-interval:1m}")
    public int releaseExpired() {
        List<Object[]> expired = jdbc.query("""
                SELECT merchant, number, code FROM gift_card_authorization WHERE status = 'OPEN' AND expires_at <= UTC_TIMESTAMP(3)
                """, (rs, n) -> new Object[] {rs.getString(1), rs.getString(2), rs.getString(3)});
        int released = 0;
        for (Object[] e : expired) {
            Boolean done = tx.execute(status -> {
                String merchant = (String) e[0];
                ledger.lock(merchant, (String) e[1]);
                // Checked again under the card's lock: the till may have used it a moment ago.
                return jdbc.query("""
                        SELECT * FROM gift_card_authorization WHERE merchant = ? AND code = ? AND status = 'OPEN'
                           AND expires_at <= UTC_TIMESTAMP(3) FOR UPDATE
                        """, AUTHORIZATION, merchant, e[2]).stream().findFirst().map(auth -> {
                            close(merchant, auth, "EXPIRED");
                            return true;
                        }).orElse(false);
            });
            if (Boolean.TRUE.equals(done)) {
                released++;
            }
        }
        if (released > 0) {
            log.info("{} offline authorization(s) expired unused; their holds are released", released);
        }
        return released;
    }

    private void close(String merchant, Authorization auth, String status) {
        if (auth.holds()) {
            jdbc.update("UPDATE gift_card SET held = held - ? WHERE merchant = ? AND number = ?", auth.amount(), merchant, auth.number());
        }
        jdbc.update("UPDATE gift_card_authorization SET status = ?, used_at = IF(? = 'USED', UTC_TIMESTAMP(3), NULL) WHERE id = ?",
                status, status, auth.id());
    }

    private String insert(String merchant, String number, String type, long amount, boolean holds, Instant expires) {
        for (int attempt = 1; ; attempt++) {
            char[] code = new char[6];
            for (int i = 0; i < code.length; i++) {
                code[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            }
            try {
                jdbc.update("""
                        INSERT INTO gift_card_authorization (merchant, number, type, amount, code, status, holds, expires_at)
                        VALUES (?, ?, ?, ?, ?, 'OPEN', ?, ?)
                        """, merchant, number, type, amount, new String(code), holds, expires.atOffset(ZoneOffset.UTC).toLocalDateTime());
                return new String(code);
            } catch (DuplicateKeyException taken) {
                if (attempt == CODE_ATTEMPTS) {
                    throw taken;
                }
            }
        }
    }
}
