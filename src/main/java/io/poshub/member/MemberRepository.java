package io.poshub.member;

import io.poshub.common.NotFound;
import io.poshub.common.Utc;
import io.poshub.db.Conflicts;
import io.poshub.db.Placeholders;
import io.poshub.loyalty.Ledger;
import io.poshub.mapping.MemberKey;
import io.poshub.web.Caller;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Repository;

/** The {@code member} table; each member's balance as loyalty's ledger sums it. */
@NamedInterface("api")
@Repository
public class MemberRepository {

    private static final String SELECT = """
            SELECT m.id, m.merchant, m.external_id, m.card_number, m.phone_e164, m.email, m.first_name, m.last_name,
                   m.tier, m.status, m.merged_into, m.marketing_consent, m.receipt_consent, m.created_at, m.erased_at
              FROM member m
            """;

    private static final RowMapper<Member> MEMBER = MemberRepository::member;

    /** Merges chained further than this are not followed (a merge makes one hop; chains grow one merge at a time). */
    private static final int MERGE_HOPS = 20;

    private final JdbcTemplate jdbc;
    private final Ledger ledger;

    public MemberRepository(JdbcTemplate jdbc, Ledger ledger) {
        this.jdbc = jdbc;
        this.ledger = ledger;
    }

    public Optional<Member> findById(long id) {
        return withBalances(jdbc.query(SELECT + " WHERE m.id = ?", MEMBER, id)).stream().findFirst();
    }

    /**
     * The member, when the caller may see its merchant's members. A read, so it is run again when its database node went
     * away (a till redeeming waits instead of failing).
     *
     * @throws NotFound otherwise, alike for a member of another merchant and one that does not exist
     */
    public Member visibleTo(Caller caller, long id) {
        return Conflicts.retryIdempotent(() -> findById(id)).filter(m -> caller.maySee(m.merchant()))
                .orElseThrow(() -> new NotFound("no member with id " + id));
    }

    /** The card numbers of these members (a member without one is left out). */
    public Map<Long, String> cardsOf(Collection<Long> ids) {
        Map<Long, String> cards = new HashMap<>();
        if (ids.isEmpty()) {
            return cards;
        }
        jdbc.query("SELECT id, card_number FROM member WHERE card_number IS NOT NULL AND id IN ("
                + String.join(",", ids.stream().map(id -> "?").toList()) + ")", rs -> {
            cards.put(rs.getLong(1), rs.getString(2));
        }, ids.toArray());
        return cards;
    }

    /** How to reach a member with its receipts: its name, addresses and receipt consent, and whether it was erased. */
    @NamedInterface("api")
    public record Contact(long id, String firstName, String email, String phone, String receiptConsent, boolean erased) {
    }

    /** The member's contact as it is now, without its points (what sending a receipt needs). */
    public Optional<Contact> contact(long id) {
        return jdbc.query("SELECT id, first_name, email, phone_e164, receipt_consent, erased_at FROM member WHERE id = ?",
                (rs, n) -> new Contact(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getTimestamp(6) != null), id).stream().findFirst();
    }

    /**
     * Of these members, those who want their receipts, and how ({@code EMAIL} or {@code SMS}): an erased member or one
     * without the address its channel needs wants none.
     */
    public Map<Long, String> receiptChannels(Collection<Long> ids) {
        Map<Long, String> channels = new HashMap<>();
        if (ids.isEmpty()) {
            return channels;
        }
        jdbc.query("SELECT id, receipt_consent FROM member WHERE id IN (" + Placeholders.list(ids.size()) + ")"
                + " AND erased_at IS NULL AND ((receipt_consent = 'EMAIL' AND email IS NOT NULL)"
                + " OR (receipt_consent = 'SMS' AND phone_e164 IS NOT NULL))", rs -> {
                    channels.put(rs.getLong(1), rs.getString(2));
                }, ids.toArray());
        return channels;
    }

    /** Members of a merchant whose (normalised) key equals the value; any status. */
    public List<Member> findByKey(String merchant, MemberKey key, String value) {
        return withBalances(jdbc.query(SELECT + " WHERE m.merchant = ? AND m." + column(key) + " = ? ORDER BY m.id", MEMBER,
                merchant, value));
    }

    private List<Member> withBalances(List<Member> members) {
        Map<Long, Ledger.Points> points = ledger.points(members.stream().map(Member::id).toList());
        return members.stream().map(m -> m.withPoints(points.get(m.id()))).toList();
    }

    /**
     * The ACTIVE member ids of a merchant per key value; values nobody has are absent. A MERGED member's key leads to
     * the member it was merged into — and on, when that one was merged too — if the last is ACTIVE; a survivor found
     * by its own key too counts once.
     */
    Map<String, List<Long>> activeIdsByKey(String merchant, MemberKey key, Collection<String> values) {
        Map<String, List<Long>> hits = new HashMap<>();
        List<Object> args = new ArrayList<>(values.size() + 1);
        args.add(merchant);
        args.addAll(values);
        List<Long> chains = new ArrayList<>();
        List<String> chainValues = new ArrayList<>();
        jdbc.query("SELECT m." + column(key) + ", m.id, m.status, s.id, s.status FROM member m"
                + " LEFT JOIN member s ON m.status = 'MERGED' AND s.id = m.merged_into"
                + " WHERE m.merchant = ? AND m." + column(key) + " IN (" + Placeholders.list(values.size()) + ")"
                + " AND m.status IN ('ACTIVE', 'MERGED')", rs -> {
            if ("ACTIVE".equals(rs.getString(3))) {
                add(hits, rs.getString(1), rs.getLong(2));
            } else if ("ACTIVE".equals(rs.getString(5))) {
                add(hits, rs.getString(1), rs.getLong(4));
            } else if ("MERGED".equals(rs.getString(5))) {
                chainValues.add(rs.getString(1));
                chains.add(rs.getLong(4));
            }
        }, args.toArray());
        for (int i = 0; i < chains.size(); i++) {
            long from = chains.get(i);
            String value = chainValues.get(i);
            survivor(from).ifPresent(id -> add(hits, value, id));
        }
        return hits;
    }

    private static void add(Map<String, List<Long>> hits, String value, long id) {
        List<Long> ids = hits.computeIfAbsent(value, v -> new ArrayList<>(1));
        if (!ids.contains(id)) {
            ids.add(id);
        }
    }

    /**
     * The member that stands for this one now: itself, or — when it was merged — the member it was merged into,
     * followed until one is not MERGED; empty when that one is not ACTIVE (or the chain does not end).
     */
    public Optional<Long> survivor(long memberId) {
        long id = memberId;
        for (int hop = 0; hop < MERGE_HOPS; hop++) {
            var found = jdbc.query("SELECT status, merged_into FROM member WHERE id = ?",
                    (rs, n) -> new Object[] {rs.getString(1), rs.getObject(2, Long.class)}, id);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            String status = (String) found.get(0)[0];
            if (!"MERGED".equals(status)) {
                return "ACTIVE".equals(status) ? Optional.of(id) : Optional.empty();
            }
            id = (Long) found.get(0)[1];
        }
        return Optional.empty();
    }

    /** The member's points history, newest first, as loyalty's ledger keeps it. */
    /** The members' external ids (the chain's own ids), where they have one. */
    Map<Long, String> externalIds(Collection<Long> memberIds) {
        Map<Long, String> ids = new HashMap<>();
        List<Long> all = new ArrayList<>(memberIds);
        for (int from = 0; from < all.size(); from += 1000) {
            List<Long> part = all.subList(from, Math.min(all.size(), from + 1000));
            jdbc.query("SELECT id, external_id FROM member WHERE id IN (" + Placeholders.list(part.size()) + ") AND external_id IS NOT NULL",
                    rs -> {
                        ids.put(rs.getLong(1), rs.getString(2));
                    }, part.toArray());
        }
        return ids;
    }

    /** The member's points as the till shows them: spendable, pending, expiring. */
    public Ledger.Balance balance(Member member) {
        return ledger.balanceOf(member.id(), member.merchant());
    }

    public List<Ledger.LedgerEntry> ledger(long memberId, int limit) {
        return ledger.history(memberId, limit);
    }

    /** The member column a key is looked up in; a fixed identifier, never user input. */
    private static String column(MemberKey key) {
        return switch (key) {
            case CARD -> "card_number";
            case PHONE -> "phone_e164";
            case EMAIL -> "email";
            case EXTERNAL_ID -> "external_id";
        };
    }

    private static Member member(ResultSet rs, int row) throws SQLException {
        Timestamp created = rs.getTimestamp("created_at");
        return new Member(rs.getLong("id"), rs.getString("merchant"), rs.getString("external_id"),
                rs.getString("card_number"), rs.getString("phone_e164"), rs.getString("email"),
                rs.getString("first_name"), rs.getString("last_name"), rs.getString("tier"), rs.getString("status"),
                rs.getObject("merged_into", Long.class), rs.getBoolean("marketing_consent"), rs.getString("receipt_consent"), 0, 0,
                Utc.instant(created), Utc.instant(rs.getTimestamp("erased_at")));
    }
}
