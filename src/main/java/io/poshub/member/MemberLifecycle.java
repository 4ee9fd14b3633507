package io.poshub.member;

import io.poshub.common.Conflict;
import io.poshub.common.InvalidField;
import io.poshub.common.NotFound;
import io.poshub.csv.Values;
import io.poshub.giftcard.GiftCardOwners;
import io.poshub.loyalty.EarnProgram;
import io.poshub.loyalty.Ledger;
import io.poshub.loyalty.Programs;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A member's life after it arrived (contract §11): its fields and status changed by an admin, two accounts of one
 * customer merged. Each change announces the member ({@link MembersArrived}), so a sale parked for a key it now has —
 * or parked while it was inactive — books.
 */
@Service
public class MemberLifecycle {

    /** The fields {@link #change} takes, by their JSON names. */
    public static final Set<String> FIELDS = Set.of("cardNumber", "phone", "email", "firstName", "lastName", "tier", "status",
            "marketingConsent", "receiptConsent");

    private final JdbcTemplate jdbc;
    private final Programs programs;
    private final Ledger ledger;
    private final ApplicationEventPublisher events;
    private final Consents consents;
    private final Clock clock;
    private final GiftCardOwners giftCards;

    public MemberLifecycle(JdbcTemplate jdbc, Programs programs, Ledger ledger, ApplicationEventPublisher events,
                           Consents consents, Clock clock, GiftCardOwners giftCards) {
        this.jdbc = jdbc;
        this.giftCards = giftCards;
        this.consents = consents;
        this.clock = clock;
        this.programs = programs;
        this.ledger = ledger;
        this.events = events;
    }

    private record Locked(long id, String merchant, String status, Long mergedInto, String assignedTier, long lifetime,
                          boolean marketingConsent, String receiptConsent) {
    }

    /**
     * Changes the given fields (a field given as null is cleared; an absent one is left alone).
     *
     * @throws Conflict when a key is taken at the merchant, or the member was merged
     * @throws IllegalArgumentException when a field is unknown or a value unusable
     */
    @Transactional
    public void change(long id, Map<String, Object> changes) {
        Locked member = lock(id);
        if ("MERGED".equals(member.status())) {
            throw new Conflict("member " + id + " was merged into member " + member.mergedInto() + "; change that one");
        }
        if ("ERASED".equals(member.status())) {
            throw new Conflict("member " + id + " was erased; nothing of it can change");
        }
        Map<String, Object> columns = new LinkedHashMap<>();
        for (var change : changes.entrySet()) {
            String value = change.getValue() == null ? null : String.valueOf(change.getValue());
            switch (change.getKey()) {
                case "cardNumber" -> columns.put("card_number", MemberKeys.card(value));
                case "phone" -> columns.put("phone_e164", MemberKeys.requirePhone(value, "ZZ"));
                case "email" -> columns.put("email", MemberKeys.requireEmail(value));
                case "firstName" -> columns.put("first_name", Values.blankToNull(value));
                case "lastName" -> columns.put("last_name", Values.blankToNull(value));
                case "tier" -> {
                    EarnProgram program = programs.of(member.merchant());
                    String assigned = program.tier(value);
                    columns.put("assigned_tier", assigned);
                    columns.put("tier", program.tierFor(assigned, member.lifetime()));
                }
                case "status" -> columns.put("status", status(value));
                case "marketingConsent" -> columns.put("marketing_consent", consent(change.getValue()));
                case "receiptConsent" -> {
                    try {
                        columns.put("receipt_consent", Consents.receiptChannel(value));
                    } catch (IllegalArgumentException e) {
                        throw new InvalidField("receiptConsent", e.getMessage());
                    }
                }
                default -> throw new InvalidField(change.getKey(), "unknown field '" + change.getKey() + "'; the fields are " + FIELDS);
            }
        }
        if (columns.isEmpty()) {
            return;
        }
        List<Object> args = new ArrayList<>(columns.values());
        args.add(id);
        try {
            jdbc.update("UPDATE member SET " + String.join(", ", columns.keySet().stream().map(c -> c + " = ?").toList())
                    + " WHERE id = ?", args.toArray());
        } catch (DuplicateKeyException e) {
            throw new Conflict("card number " + MemberKeys.mask((String) columns.get("card_number"))
                    + " already belongs to another member of merchant " + member.merchant());
        }
        Object consent = columns.get("marketing_consent");
        if (consent != null && (Boolean) consent != member.marketingConsent()) {
            consents.changed(id, (Boolean) consent, clock.instant(), Consents.Source.API);
        }
        Object receipts = columns.get("receipt_consent");
        if (receipts != null && !receipts.equals(member.receiptConsent())) {
            consents.receiptsChanged(id, (String) receipts, clock.instant(), Consents.Source.API);
        }
        events.publishEvent(MembersArrived.of(member.merchant(), id));
    }

    /**
     * Merges member {@code fromId} into {@code intoId}, in one transaction: loyalty moves its points entries and
     * {@code sale} its sales and parked assignments ({@link MembersMerged}), lifetime earned points add up and the tier is recomputed (from the higher of the two
     * assigned tiers); {@code fromId} becomes MERGED, pointing here (members merged into it before still point to it,
     * and on through it to here: {@link MemberRepository#survivor}).
     *
     * @throws Conflict for a member merged before, a member into itself, or members of two merchants
     */
    @Transactional
    public void merge(long intoId, long fromId) {
        if (intoId == fromId) {
            throw new Conflict("a member cannot be merged into itself");
        }
        // Both rows locked, the lower id first, so two merges of the same pair cannot deadlock.
        Locked first = lock(Math.min(intoId, fromId));
        Locked second = lock(Math.max(intoId, fromId));
        Locked into = first.id() == intoId ? first : second;
        Locked from = first.id() == fromId ? first : second;
        for (Locked m : List.of(into, from)) {
            if ("MERGED".equals(m.status())) {
                throw new Conflict("member " + m.id() + " was already merged into member " + m.mergedInto());
            }
            if ("ERASED".equals(m.status())) {
                throw new Conflict("member " + m.id() + " was erased; an erased member is merged with nobody");
            }
        }
        if (!into.merchant().equals(from.merchant())) {
            throw new Conflict("members " + intoId + " and " + fromId + " belong to different merchants");
        }
        ledger.moveEntries(fromId, intoId, into.merchant());
        giftCards.moveOwner(fromId, intoId);
        events.publishEvent(new MembersMerged(into.merchant(), intoId, fromId));
        EarnProgram program = programs.of(into.merchant());
        List<String> tiers = program.tierNames();
        String assigned = tiers.indexOf(from.assignedTier()) > tiers.indexOf(into.assignedTier()) ? from.assignedTier() : into.assignedTier();
        long lifetime = into.lifetime() + from.lifetime();
        jdbc.update("UPDATE member SET lifetime_earned = ?, assigned_tier = ?, tier = ? WHERE id = ?",
                lifetime, assigned, program.tierFor(assigned, lifetime), intoId);
        jdbc.update("UPDATE member SET status = 'MERGED', merged_into = ? WHERE id = ?", intoId, fromId);
        events.publishEvent(MembersArrived.of(into.merchant(), intoId));
    }

    private Locked lock(long id) {
        return jdbc.query("""
                SELECT id, merchant, status, merged_into, assigned_tier, lifetime_earned, marketing_consent, receipt_consent FROM member
                 WHERE id = ? FOR UPDATE
                """, (rs, n) -> new Locked(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getObject(4, Long.class),
                rs.getString(5), rs.getLong(6), rs.getBoolean(7), rs.getString(8)), id).stream().findFirst()
                .orElseThrow(() -> new NotFound("no member with id " + id));
    }

    private static String status(String value) {
        String status = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        if (!status.equals("ACTIVE") && !status.equals("INACTIVE")) {
            throw new InvalidField("status", "status must be ACTIVE or INACTIVE");
        }
        return status;
    }

    private static boolean consent(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        throw new InvalidField("marketingConsent", "marketingConsent must be true or false");
    }
}
